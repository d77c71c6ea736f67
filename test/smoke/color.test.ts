// Colour as a real process decides it from its environment (the in-process Io fixes colour off);
// the rest of the decision is unit-tested in test/unit/cli/color.test.ts.

import { describe, expect, it } from 'vitest';
import { runCliProcess, useEmulator } from '../e2e/harness.js';
import { busyOrg } from '../e2e/seeds.js';

const env = useEmulator(busyOrg);
const ANSI = /\u001b\[/;

describe('colour', () => {
  it('FORCE_COLOR colours a log that is not a TTY; --color always wins over NO_COLOR', async () => {
    const file = await env.work.write('color.yaml', 'version: 1\nprojects:\n  Research:\n    data_retention: zero_data_retention\n');
    const plan = (args: string[], colorEnv: Record<string, string>) => runCliProcess(['plan', file, ...args], env.target(), { env: colorEnv });
    // Three processes at once: each only reads the org.
    const [forced, always, neither] = await Promise.all([
      plan([], { NO_COLOR: '', FORCE_COLOR: '1' }),
      plan(['--color', 'always'], { NO_COLOR: '1' }),
      plan([], { NO_COLOR: '' }),
    ]);
    for (const run of [forced, always, neither]) expect(run.code, run.stderr).toBe(0);
    expect(forced.stdout).toMatch(ANSI);
    expect(always.stdout).toMatch(ANSI);
    expect(neither.stdout).toContain('data_retention');
    expect(neither.stdout).not.toMatch(ANSI);
  });
});
