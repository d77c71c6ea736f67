// Plans that must refuse rather than mislead: protect: typos, rate-limit fields a model lacks.

import { describe, expect, it } from 'vitest';
import { runCli, useEmulator } from './harness.js';
import { busyOrg } from './seeds.js';

const env = useEmulator(busyOrg);
const target = () => env.target();
const mutations = () => env.emulator.requests().filter((r) => r.method !== 'GET');

describe('protect: entries', () => {
  it('that name nothing in the file or the live org are an error with a did-you-mean, and nothing is changed', async () => {
    const file = await env.work.write(
      'protect-typo.yaml',
      `version: 1
protect:
  users: [dvae@example.com, carol@example.com]
  projects: [Olde]
users:
  - { email: owner@example.com, role: owner }
  - { email: carol@example.com, role: owner }
projects:
  Old: { archived: true }
`,
    );
    for (const command of ['plan', 'apply']) {
      const run = await runCli([command, file, ...(command === 'apply' ? ['--auto-approve'] : [])], target());
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`${file}:3:11: protect.users: "dvae@example.com" names no user in the file or the live organization`);
      expect(run.stderr).toContain(`${file}:4:14: protect.projects: "Olde" names no project in the file or the live organization, so it protects nothing (did you mean "Old"?)`);
      expect(run.stderr).not.toContain('"carol@example.com" names no');
    }
    expect(mutations()).toEqual([]);
  });

  it('are checked against the live org even when the file does not manage users', async () => {
    const file = await env.work.write('protect-live.yaml', 'version: 1\nprotect:\n  users: [bob@exmaple.com]\n  projects: [Research]\n');
    const run = await runCli(['plan', file], target());
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('protect.users: "bob@exmaple.com" names no user in the file or the live organization, so it protects nothing (did you mean "bob@example.com"?)');
    const good = await env.work.write('protect-ok.yaml', 'version: 1\nprotect:\n  users: [BOB@example.com]\n  projects: [Research]\n');
    const ok = await runCli(['plan', good], target());
    expect(ok.code, ok.stderr).toBe(0);
  });
});
