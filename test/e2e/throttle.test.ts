import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorSeed, type RunningEmulator } from '../../src/emulator/index.js';
import { runCli, Workdir } from './harness.js';
import { E2E_KEY, emptyOrg } from './seeds.js';

let emulator: RunningEmulator;
let work: Workdir;
const target = () => ({ url: emulator.url, adminKey: E2E_KEY });

function orgWithProjects(n: number): EmulatorSeed {
  return {
    ...emptyOrg(),
    projects: Array.from({ length: n }, (_, i) => ({ id: `proj_${i}`, name: `P${String(i).padStart(4, '0')}` })),
  };
}

beforeAll(async () => {
  emulator = await startEmulator({ seed: emptyOrg() });
  work = await Workdir.create();
});
afterAll(async () => {
  await emulator.close();
  await work.remove();
});

describe('a throttled org', () => {
  it('paces itself to the endpoint budget: finishes, with few 429s', async () => {
    const n = 260;
    emulator.setState(orgWithProjects(n));
    const file = await work.write(
      'many.yaml',
      `version: 1\nprojects:\n${Array.from({ length: n }, (_, i) => `  P${String(i).padStart(4, '0')}: { data_retention: organization_default }`).join('\n')}\n`,
    );
    emulator.setThrottle({ requestsPerMinute: 240 });
    emulator.resetRequests();
    try {
      const plan = await runCli(['plan', file, '--detailed-exitcode', '--concurrency', '8'], target());
      expect(plan.stderr).toBe('');
      expect(plan.code).toBe(0);
    } finally {
      emulator.setThrottle(null);
    }
    const log = emulator.requests();
    const throttled = log.filter((r) => r.status === 429).length;
    const served = log.length - throttled;
    expect(served).toBe(n + 3); // 3 pages of projects, then one read per project
    expect(throttled).toBeGreaterThan(0); // the budget really was exceeded...
    expect(throttled).toBeLessThan(served / 10); // ...and the client learned it rather than burning retries:
    expect(throttled).toBeLessThanOrEqual(8 + 4); // only those in flight when the budget ran out (and a few)
  });
});

describe('the pacing log', () => {
  it('--log-level debug or ORGFORM_LOG=debug: each throttle and the pace on stderr; stdout stays the document', async () => {
    emulator.setState(orgWithProjects(3));
    const file = await work.write('three.yaml', `version: 1\nprojects:\n${[0, 1, 2].map((i) => `  P000${i}: { data_retention: organization_default }`).join('\n')}\n`);
    emulator.setThrottle({ requestsPerMinute: 600, burst: 1, hint: true });
    try {
      const args = ['plan', file, '--format', 'json', '--concurrency', '1'];
      const flag = await runCli([...args, '--log-level', 'debug'], target());
      const env = await runCli(args, target(), { env: { ORGFORM_LOG: 'debug' } });
      const quiet = await runCli(args, target());
      for (const run of [flag, env]) {
        expect(run.code).toBe(0);
        expect(run.stderr).toMatch(
          /^orgform debug: GET \/organization\/projects\/proj_\d\/data_retention → 429 \(server: wait \d+ ms\); GET \/organization\/projects\/\{\}\/data_retention: pace [\d.]+\/min, /m,
        );
        expect(run.stderr).not.toContain(E2E_KEY);
        expect(JSON.parse(run.stdout)).toMatchObject({ changes: [] });
      }
      expect(quiet.code).toBe(0);
      expect(quiet.stderr).toBe('');
      const bad = await runCli([...args, '--log-level', 'loud'], target());
      expect(bad.stderr).toContain('--log-level must be info or debug, not "loud"');
    } finally {
      emulator.setThrottle(null);
    }
  });
});

describe('interrupted apply', () => {
  it('SIGINT stops starting changes, lets in-flight ones finish, reports, and a re-run converges', async () => {
    emulator.setState({ ...emptyOrg(), projects: [{ id: 'proj_r', name: 'R' }] });
    const alerts = Array.from({ length: 15 }, (_, i) => `      - { threshold_amount: ${(i + 1) * 100}, recipients: [a@example.com] }`);
    const file = await work.write('slow.yaml', `version: 1\nprojects:\n  R:\n    spend_alerts:\n${alerts.join('\n')}\n`);
    emulator.setLatency(150);
    let result;
    try {
      // Interrupted once apply is under way: after its first change is reported.
      result = await runCli(['apply', file, '--auto-approve', '--concurrency', '1'], target(), { signalWhen: '✓ applied' });
    } finally {
      emulator.setLatency(0);
    }
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Received SIGINT');
    expect(result.stdout).toMatch(/Apply interrupted/);
    const applied = (result.stdout.match(/✓ applied/g) ?? []).length;
    expect(applied).toBeGreaterThan(0);
    expect(applied).toBeLessThan(15);
    expect(result.stdout).toContain('apply was interrupted before this change started');
    const live = emulator.getState().projects.find((p) => p.id === 'proj_r')?.spend_alerts.length;
    expect(live).toBe(applied); // the report says exactly what was done

    const rerun = await runCli(['apply', file, '--auto-approve'], target());
    expect(rerun.code).toBe(0);
    expect(rerun.stdout).toContain(`Apply complete: ${15 - applied} applied, 0 failed, 0 skipped.`);
    expect((await runCli(['plan', file], target())).stdout).toContain('No changes.');
  });
});
