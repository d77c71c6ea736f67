import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, useEmulator } from './harness.js';
import { busyOrg } from './seeds.js';

const env = useEmulator(busyOrg);
const target = () => env.target();

async function converge(file: string, extra: string[] = []): Promise<{ stdout: string; stderr: string }> {
  const applied = await runCli(['apply', file, '--auto-approve', ...extra], target());
  expect(applied.code, applied.stderr + applied.stdout).toBe(0);
  const again = await runCli(['plan', file, '--detailed-exitcode'], target());
  expect(again.stdout).toContain('No changes.');
  expect(again.code).toBe(0);
  return applied;
}

describe('org users', () => {
  it('changes a role and removes a user not in a present users: list', async () => {
    const file = await env.work.write(
      'users.yaml',
      `version: 1
users:
  - { email: owner@example.com, role: owner }
  - { email: carol@example.com, role: reader }
`,
    );
    const plan = await runCli(['plan', file], target());
    expect(plan.stdout).toMatch(/~ user\["carol@example.com"\]/);
    expect(plan.stdout).toMatch(/- user\["bob@example.com"\] \(destructive\)/);
    await converge(file);
    const users = env.emulator.getState().users.map((u) => [u.email, u.role]).sort();
    expect(users).toEqual([
      ['carol@example.com', 'reader'],
      ['owner@example.com', 'owner'],
    ]);
  });

  it('refuses a plan that would leave the org without an owner, and touches nothing', async () => {
    const file = await env.work.write('no-owner.yaml', 'version: 1\nusers:\n  - { email: bob@example.com, role: reader }\n');
    const result = await runCli(['apply', file, '--auto-approve', '--allow-destroy'], target());
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('without an owner');
    expect(env.emulator.requests().filter((r) => r.method !== 'GET')).toEqual([]);
  });

  it('never removes or demotes the owner of the admin key in use', async () => {
    const file = await env.work.write(
      'key-owner.yaml',
      'version: 1\nusers:\n  - { email: carol@example.com, role: owner }\n  - { email: bob@example.com, role: reader }\n  - { email: owner@example.com, role: reader }\n',
    );
    const result = await runCli(['apply', file, '--auto-approve', '--allow-destroy'], target());
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('user["owner@example.com"] owns the admin key orgform is using');
    expect(env.emulator.requests().filter((r) => r.method !== 'GET')).toEqual([]);
    // With carol's key, the same file is fine: owner@example.com is demoted, carol stays owner.
    const asCarol = await runCli(['apply', file, '--auto-approve'], { url: env.emulator.url, adminKey: 'sk-admin-e2e-carol' });
    expect(asCarol.code, asCarol.stderr).toBe(0);
    expect(env.emulator.getState().users.find((u) => u.email === 'owner@example.com')?.role).toBe('reader');
  });
});

describe('project members', () => {
  it('adds, changes and removes members; invites a non-user, and after they accept the plan is empty', async () => {
    const file = await env.work.write(
      'members.yaml',
      `version: 1
projects:
  Research:
    members:
      - { email: carol@example.com, role: owner }
      - { email: bob@example.com, role: member }
      - { email: newbie@example.com, role: member }
`,
    );
    const plan = await runCli(['plan', file], target());
    expect(plan.stdout).toContain('newbie@example.com is not in the organization yet');
    expect(plan.stdout).toMatch(/\+ invite\["newbie@example.com"\]/);
    await converge(file);
    const state = env.emulator.getState();
    const research = state.projects.find((p) => p.id === 'proj_r');
    const byId = new Map(state.users.map((u) => [u.id, u.email]));
    expect(research?.members.map((m) => [byId.get(m.user_id), m.role]).sort()).toEqual([
      ['bob@example.com', 'member'],
      ['carol@example.com', 'owner'],
    ]);
    const invite = state.invites.find((i) => i.email === 'newbie@example.com');
    expect(invite?.projects).toEqual([{ id: 'proj_r', role: 'member' }]);

    env.emulator.acceptInvite('newbie@example.com');
    const after = await runCli(['plan', file, '--detailed-exitcode'], target());
    expect(after.stdout).toContain('No changes.');
    expect(after.code).toBe(0);
  });
});

describe('service accounts', () => {
  it('writes the one-time key to a 0600 file and never prints it', async () => {
    const secrets = env.work.path('secrets');
    const file = await env.work.write(
      'sa.yaml',
      `version: 1
projects:
  Research:
    service_accounts:
      - { name: ci-bot, role: owner }
`,
    );
    const planFile = env.work.path('sa-plan.json');
    const plan = await runCli(['plan', file, '--out', planFile], target());
    expect(plan.code).toBe(0);
    const applied = await converge(file, ['--secrets-dir', secrets]);
    const [keyFile] = await readdir(secrets);
    expect(keyFile).toMatch(/^Research\.ci-bot\.proj_r\.[^.]+\.[^.]+\.json$/);
    const path = join(secrets, keyFile ?? '');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    const secret = JSON.parse(await readFile(path, 'utf8')) as { value: string };
    expect(secret.value).toMatch(/^sk-/);
    expect(applied.stdout).toContain(`one-time API key written to ${path}`);
    expect(applied.stdout + applied.stderr).not.toContain(secret.value);
    expect(await readFile(planFile, 'utf8')).not.toContain(secret.value);
    const account = env.emulator.getState().projects.find((p) => p.id === 'proj_r')?.service_accounts[0];
    expect([account?.name, account?.role]).toEqual(['ci-bot', 'owner']);
  });

  it('without a secrets dir creates the account with no key and says so; removes one not listed', async () => {
    const file = await env.work.write('sa2.yaml', 'version: 1\nprojects:\n  Research:\n    service_accounts:\n      - { name: bot, role: member }\n');
    const applied = await converge(file);
    expect(applied.stdout).toContain('no API key was made');
    const research = env.emulator.getState().projects.find((p) => p.id === 'proj_r');
    expect(research?.service_accounts.map((a) => [a.name, a.role])).toEqual([['bot', 'member']]);
    expect(research?.api_keys.filter((k) => k.owner.type === 'service_account')).toEqual([]);
    const gone = await env.work.write('sa3.yaml', 'version: 1\nprojects:\n  Research:\n    service_accounts: []\n');
    await converge(gone);
    expect(env.emulator.getState().projects.find((p) => p.id === 'proj_r')?.service_accounts).toEqual([]);
  });
});

describe('rate limits and spend limits', () => {
  it('manages only the given fields, and names an unknown model with suggestions', async () => {
    const before = env.emulator.getState().projects.find((p) => p.id === 'proj_r')?.rate_limits.find((r) => r.model === 'gpt-4o');
    const file = await env.work.write(
      'rl.yaml',
      'version: 1\nprojects:\n  Research:\n    rate_limits:\n      gpt-4o:\n        max_requests_per_1_minute: 123\n',
    );
    await converge(file);
    const after = env.emulator.getState().projects.find((p) => p.id === 'proj_r')?.rate_limits.find((r) => r.model === 'gpt-4o');
    expect(after).toEqual({ ...before, max_requests_per_1_minute: 123 });

    const typo = await env.work.write('rl-typo.yaml', 'version: 1\nprojects:\n  Research:\n    rate_limits:\n      gpt-4oo:\n        max_requests_per_1_minute: 1\n');
    const result = await runCli(['plan', typo], target());
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${typo}:5:7: project "Research" has no rate limit for model "gpt-4oo"; did you mean "gpt-4o"`);
  });

  it('sets, changes and removes a spend limit', async () => {
    for (const [value, expected] of [
      ['{ threshold_amount: 5000 }', 5000],
      ['{ threshold_amount: 7000 }', 7000],
      ['null', null],
    ] as const) {
      const file = await env.work.write('limit.yaml', `version: 1\nprojects:\n  Research:\n    spend_limit: ${value}\n`);
      await converge(file);
      const limit = env.emulator.getState().projects.find((p) => p.id === 'proj_r')?.spend_limit;
      expect(limit?.threshold_amount ?? null).toBe(expected);
    }
  });
});
