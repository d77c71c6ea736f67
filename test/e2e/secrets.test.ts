import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, useEmulator } from './harness.js';
import { busyOrg } from './seeds.js';

const env = useEmulator(busyOrg);
const target = () => env.target();
const mutations = () => env.emulator.requests().filter((r) => r.method !== 'GET');
function accountKeys(name: string) {
  const projects = env.emulator.getState().projects;
  const ids = new Set(projects.flatMap((p) => p.service_accounts).filter((a) => a.name === name).map((a) => a.id));
  return projects.flatMap((p) => p.api_keys).filter((k) => k.owner.type === 'service_account' && ids.has(k.owner.service_account_id));
}

async function keyFiles(dir: string): Promise<Array<{ file: string; key: Record<string, string> }>> {
  const files = (await readdir(dir)).sort();
  return Promise.all(files.map(async (file) => ({ file, key: JSON.parse(await readFile(join(dir, file), 'utf8')) as Record<string, string> })));
}

describe('one-time key files', () => {
  it('gives every key its own file, even for names that fold alike or are not ASCII, and names each file', async () => {
    const secrets = env.work.path('secrets-collide');
    const file = await env.work.write(
      'collide.yaml',
      `version: 1
projects:
  Data Platform:
    service_accounts: [{ name: ci, role: member }]
  Data.Platform:
    service_accounts: [{ name: ci, role: member }]
  A/B:
    service_accounts: [{ name: "c i", role: member }, { name: "c.i", role: member }]
  研究:
    service_accounts: [{ name: ci, role: member }]
`,
    );
    const applied = await runCli(['apply', file, '--auto-approve', '--secrets-dir', secrets], target());
    expect(applied.code, applied.stderr).toBe(0);
    const kept = await keyFiles(secrets);
    expect(kept).toHaveLength(5);
    const live = env.emulator.getState().projects;
    for (const { file: name, key } of kept) {
      const project = live.find((p) => p.id === key['project_id']);
      const account = project?.service_accounts.find((a) => a.id === key['service_account_id']);
      expect(name).toContain(`${key['project_id']}.${key['service_account_id']}`);
      expect([key['project'], key['service_account']]).toEqual([project?.name, account?.name]);
      expect(project?.api_keys.some((k) => k.id === key['api_key_id'])).toBe(true);
      expect((await stat(join(secrets, name))).mode & 0o777).toBe(0o600);
      expect(applied.stdout).toContain(`one-time API key written to ${join(secrets, name)} (mode 0600)`);
    }
    expect(kept.map((k) => k.file).find((f) => f.startsWith('研究.ci.'))).toBeDefined();
  });

  it('never replaces the file of an earlier key when an account is re-created', async () => {
    const secrets = env.work.path('secrets-recreate');
    const withBot = await env.work.write('bot.yaml', 'version: 1\nprojects:\n  Research:\n    service_accounts: [{ name: bot, role: member }]\n');
    const without = await env.work.write('nobot.yaml', 'version: 1\nprojects:\n  Research:\n    service_accounts: []\n');
    for (const f of [withBot, without, withBot]) {
      const run = await runCli(['apply', f, '--auto-approve', '--secrets-dir', secrets], target());
      expect(run.code, run.stderr).toBe(0);
    }
    const kept = await keyFiles(secrets);
    expect(kept).toHaveLength(2);
    expect(new Set(kept.map((k) => k.key['value'])).size).toBe(2);
  });

  it('checks the secrets directory before the first change: under a regular file, nothing is created', async () => {
    const blocker = await env.work.write('a-file', 'not a directory\n');
    const file = await env.work.write('sa-blocked.yaml', 'version: 1\nprojects:\n  Research:\n    service_accounts: [{ name: bot, role: member }]\n');
    const run = await runCli(['apply', file, '--auto-approve', '--secrets-dir', join(blocker, 'secrets')], target());
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`the secrets directory ${join(blocker, 'secrets')} cannot hold one-time keys`);
    expect(run.stderr).toContain('Nothing was changed.');
    expect(mutations()).toEqual([]);
  });

  it('creates the secrets directory with mode 0700', async () => {
    const secrets = env.work.path('secrets-new/nested');
    const file = await env.work.write('sa-mode.yaml', 'version: 1\nprojects:\n  Research:\n    service_accounts: [{ name: bot, role: member }]\n');
    const run = await runCli(['apply', file, '--auto-approve', '--secrets-dir', secrets], target());
    expect(run.code, run.stderr).toBe(0);
    expect((await stat(secrets)).mode & 0o777).toBe(0o700);
  });
});

describe('orgform rotate-key', () => {
  it('gives a managed account made without a key a new key file, and another on a second run', async () => {
    const file = await env.work.write('rotate.yaml', 'version: 1\nprojects:\n  Research:\n    service_accounts: [{ name: ci-bot, role: owner }]\n');
    const applied = await runCli(['apply', file, '--auto-approve'], target());
    expect(applied.stdout).toContain('no API key was made');
    expect(accountKeys('ci-bot')).toEqual([]);

    const secrets = env.work.path('secrets-rotate');
    const address = 'project["Research"].service_account["ci-bot"]';
    const first = await runCli(['rotate-key', file, address, '--secrets-dir', secrets], target());
    expect(first.code, first.stderr).toBe(0);
    const second = await runCli(['rotate-key', file, address, '--secrets-dir', secrets], target());
    expect(second.code, second.stderr).toBe(0);
    const kept = await keyFiles(secrets);
    expect(kept).toHaveLength(2);
    expect(kept.map((k) => k.key['api_key_id']).sort()).toEqual(accountKeys('ci-bot').map((k) => k.id).sort());
    for (const { file: name, key } of kept) {
      expect(first.stdout + second.stdout).toContain(join(secrets, name));
      expect(first.stdout + second.stdout + first.stderr + second.stderr).not.toContain(key['value']);
    }
    const again = await runCli(['plan', file, '--detailed-exitcode'], target());
    expect(again.stdout).toContain('No changes.');
  });

  it('refuses an address the file does not manage, with a did-you-mean, before any request', async () => {
    const file = await env.work.write('rotate2.yaml', 'version: 1\nprojects:\n  Research:\n    service_accounts: [{ name: ci-bot, role: owner }]\n');
    const secrets = env.work.path('secrets-rotate2');
    const run = await runCli(['rotate-key', file, 'project["Research"].service_account["ci-bto"]', '--secrets-dir', secrets], target());
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('did you mean project["Research"].service_account["ci-bot"]');
    expect(env.emulator.requests()).toEqual([]);
  });

  it('refuses without a secrets directory', async () => {
    const file = await env.work.write('rotate3.yaml', 'version: 1\nprojects:\n  Research:\n    service_accounts: [{ name: ci-bot, role: owner }]\n');
    const run = await runCli(['rotate-key', file, 'project["Research"].service_account["ci-bot"]'], target());
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('--secrets-dir');
  });
});
