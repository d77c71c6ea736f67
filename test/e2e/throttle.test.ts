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
      // --quiet: a run this long may print progress lines (every ~10 s) on a busy machine; no warning or error either way.
      const plan = await runCli(['plan', file, '--detailed-exitcode', '--concurrency', '8', '--quiet'], target());
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
    // At most a few rounds of the 8 in flight: after the first 429 the pacer's first guess is the
    // rate requests were being sent at (a sporadic 429 must cost seconds), so a second round can
    // go out before the estimate from what got through takes over; on a busy machine (the suite
    // runs four files at once on two cores) a third. 19 was seen there, against 8 + 10 allowed.
    expect(throttled).toBeLessThanOrEqual(8 * 3);
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
