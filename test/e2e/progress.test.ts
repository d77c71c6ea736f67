// What a person sees on stderr while the CLI waits on a throttled or silent server: progress and
// long-wait lines (no TTY here), the debug log, --timeout and the retry deadline. Standard
// output stays the document, and the admin key appears nowhere.

import { afterEach, describe, expect, it } from 'vitest';
import { runCli, skippingClock, useEmulator } from './harness.js';
import { E2E_KEY, emptyOrg } from './seeds.js';

const t = useEmulator(() => ({
  ...emptyOrg(),
  projects: [
    { id: 'proj_a', name: 'A' },
    { id: 'proj_b', name: 'B' },
  ],
}));
afterEach(() => {
  t.emulator.setThrottle(null);
  t.emulator.setFaults([]);
});

/** Two projects: each per-project endpoint is read twice, so a bucket of one token throttles the second. */
const twoProjects = () =>
  t.work.write('two.yaml', 'version: 1\nprojects:\n  A: { data_retention: organization_default }\n  B: { data_retention: organization_default }\n');

describe('a throttled plan without a TTY', () => {
  it('announces each wait over 5 s before it elapses, says where it stands every ~10 s, and names the retry deadline it hit', async () => {
    // One request a minute per endpoint, the 429 saying "try again after 60 seconds". On a clock
    // that skips its waits, the emulator's bucket never refills: retries go on until the deadline.
    t.emulator.setThrottle({ requestsPerMinute: 1, burst: 1, hint: true });
    const result = await runCli(['plan', await twoProjects()], t.target(), { clock: skippingClock() });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trimEnd().split('\n');
    const waits = lines.filter((l) => / throttled: next in /.test(l));
    expect(waits.length).toBeGreaterThan(0);
    for (const line of waits) expect(line).toMatch(/^GET \/organization\/projects\/proj_[ab]\/\S+ throttled: next in (\d+ s|1 min), pacing [\d.]+\/min after (429|\d+ 429s) \(server hint\)$/);
    expect(lines.some((l) => /^progress: reads \d+\/\d+, (\d+ s|\d+ min( \d+ s)?) elapsed; paced GET \/organization\/projects\/\{\}\/\S+: [\d.]+\/min after/.test(l))).toBe(true);
    // The last line is the error: which request, and the deadline it would have passed.
    expect(lines.at(-1)).toMatch(/^error: the Admin API refused a request: GET \/organization\/projects\/proj_[ab]\/\S+ → 429: .*\(gave up after \d+ attempts: the next would start after [\d.]+ min, past the retry deadline of 10 min\)/);
    expect(result.stderr).not.toContain(E2E_KEY);
  });

  it('--quiet: the same run prints the error alone', async () => {
    t.emulator.setThrottle({ requestsPerMinute: 1, burst: 1, hint: true });
    const result = await runCli(['plan', await twoProjects(), '--quiet'], t.target(), { clock: skippingClock() });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: .*past the retry deadline of 10 min\)/);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  });
});

describe('the debug log', () => {
  // A bucket of one token refilled every 200 ms: the second project's read, sent with the first,
  // meets a 429 and waits ~0.2 s.
  const throttled = () => t.emulator.setThrottle({ requestsPerMinute: 300, burst: 1, hint: true });

  it.each([
    ['--log-level debug', ['--log-level', 'debug'], {}],
    ['ORGFORM_LOG=debug', [], { ORGFORM_LOG: 'debug' }],
  ])('%s: each throttle with its endpoint\'s pacing state, on stderr only, without the key', async (_name, flags, env) => {
    throttled();
    const result = await runCli(['plan', await twoProjects(), '--format', 'json', ...flags], t.target(), { env });
    expect(result.code, result.stderr).toBe(0);
    expect(() => JSON.parse(result.stdout) as unknown).not.toThrow(); // stdout is the plan alone
    const debug = result.stderr.split('\n').filter((l) => l.startsWith('orgform debug: '));
    expect(debug.length).toBeGreaterThan(0);
    expect(debug).toContainEqual(
      expect.stringMatching(/^orgform debug: GET \/organization\/projects\/proj_[ab]\/\S+ → 429 \(server: wait \d+ ms\); GET \/organization\/projects\/\{\}\/\S+: pace [\d.]+\/min, \d+ ok in the last 60 s, \d+ throttled, /),
    );
    expect(result.stderr).not.toContain(E2E_KEY);
  });

  it('is off by default', async () => {
    throttled();
    const result = await runCli(['plan', await twoProjects(), '--format', 'json'], t.target());
    expect(result.code, result.stderr).toBe(0);
    expect(t.emulator.requests().some((r) => r.status === 429)).toBe(true); // it did meet a throttle
    expect(result.stderr).not.toContain('orgform debug');
  });
});

describe('--timeout', () => {
  it('cuts short a request that does not answer in time, and retries it', async () => {
    // The first list of projects would take 3 s; the retry answers at once.
    t.emulator.setFaults([{ kind: 'latency', ms: 3_000, method: 'GET', path: '/organization/projects', count: 1 }]);
    const result = await runCli(['plan', await twoProjects(), '--timeout', '0.2', '--log-level', 'debug'], t.target(), { clock: skippingClock() });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('No changes.');
    expect(result.stderr).toContain('orgform debug: GET /organization/projects → no response (no answer within 0.2 s (the per-request timeout)): attempt 2 in ');
  });
});
