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

describe('rate-limit fields', () => {
  it('a field the model\'s live row does not carry is a plan error naming the fields it does carry', async () => {
    const file = await env.work.write('rl-images.yaml', 'version: 1\nprojects:\n  Research:\n    rate_limits:\n      gpt-4o:\n        max_images_per_1_minute: 5\n');
    for (const command of ['plan', 'apply']) {
      const run = await runCli([command, file, ...(command === 'apply' ? ['--auto-approve'] : [])], target());
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(
        new RegExp(`${file}:5:7: project "Research": the rate limit for model "gpt-4o" has no max_images_per_1_minute; it has max_requests_per_1_minute, max_tokens_per_1_minute`),
      );
    }
    expect(mutations()).toEqual([]);
    // The same field on an image model is planned and applied.
    const images = await env.work.write('rl-images-ok.yaml', 'version: 1\nprojects:\n  Research:\n    rate_limits:\n      dall-e-3:\n        max_images_per_1_minute: 5\n');
    const applied = await runCli(['apply', images, '--auto-approve'], target());
    expect(applied.code, applied.stderr).toBe(0);
  });
});
