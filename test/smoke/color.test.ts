// Colour as a real process decides it from its environment (the in-process Io fixes colour off);
// the rest of the decision is unit-tested in test/unit/cli/color.test.ts.

import { describe, expect, it } from 'vitest';
import { runCliProcess, useEmulator } from '../e2e/harness.js';
import { busyOrg } from '../e2e/seeds.js';

const env = useEmulator(busyOrg);
const ANSI = /\u001b\[/;

describe('colour', () => {
  const plan = (args: string[], colorEnv: Record<string, string>) =>
    env.work.write('color.yaml', 'version: 1\nprojects:\n  Research:\n    data_retention: zero_data_retention\n').then((file) =>
      runCliProcess(['plan', file, ...args], env.target(), { env: colorEnv }),
    );

  it('FORCE_COLOR colours a log that is not a TTY; --color always wins over NO_COLOR', async () => {
    expect((await plan([], { NO_COLOR: '', FORCE_COLOR: '1' })).stdout).toMatch(ANSI);
    expect((await plan(['--color', 'always'], { NO_COLOR: '1' })).stdout).toMatch(ANSI);
    expect((await plan([], { NO_COLOR: '' })).stdout).not.toMatch(ANSI);
  });
});
