// Attribution that is true, cheap and never fatal: documented events only, the default project
// for admin-key actions, orgform's own key told apart, a fixed request budget, and no failure.
import { describe, expect, it } from 'vitest';
import { AUDIT_REQUEST_BUDGET } from '../../src/live/attribution.js';
import { runCli, useEmulator } from './harness.js';
import { busyOrg } from './seeds.js';

const env = useEmulator(busyOrg);
const target = () => env.target();
const CAROL = 'sk-admin-e2e-carol';

async function call(method: string, path: string, body: unknown, key = CAROL): Promise<void> {
  const response = await fetch(`${env.emulator.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(200);
}

const userId = (email: string) => env.emulator.getState().users.find((u) => u.email === email)?.id ?? '';
const auditRequests = () => env.emulator.requests().filter((r) => r.path.endsWith('/audit_logs'));

describe('attribution', () => {
  it('a member changed by a person (recorded on the default project) is attributed to them', async () => {
    env.emulator.setBehaviour({ audit_admin_key_project: 'default' });
    await call('POST', `/organization/projects/proj_r/users/${userId('owner@example.com')}`, { role: 'member' });
    const file = await env.work.write('members.yaml', 'version: 1\nprojects:\n  Research:\n    members:\n      - { email: owner@example.com, role: owner }\n');
    const plan = await runCli(['plan', file], target());
    env.emulator.setBehaviour({});
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toMatch(/changed by carol@example\.com at .* \(user\.updated\)/);
  });

  it('what orgform itself applied reads as the file changing, not as drift', async () => {
    const file = await env.work.write('users.yaml', 'version: 1\nusers:\n  - { email: owner@example.com, role: owner }\n  - { email: carol@example.com, role: owner }\n  - { email: bob@example.com, role: owner }\n');
    expect((await runCli(['apply', file, '--auto-approve'], target())).code).toBe(0);
    const edited = await env.work.write('users.yaml', 'version: 1\nusers:\n  - { email: owner@example.com, role: owner }\n  - { email: carol@example.com, role: owner }\n  - { email: bob@example.com, role: reader }\n');
    const plan = await runCli(['plan', edited], target());
    expect(plan.stdout).toMatch(/last applied by orgform at .*: this change comes from the file/);
    expect(plan.stdout).not.toContain('changed by');
  });

  it('settings no event covers are said once, with no per-change guess', async () => {
    const file = await env.work.write('settings.yaml', 'version: 1\nprojects:\n  Research:\n    data_retention: zero_data_retention\n    spend_limit: { threshold_amount: 500 }\n    model_permissions: null\n');
    const plan = await runCli(['plan', file], target());
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout.match(/the audit log has no event for/g)).toHaveLength(1);
    expect(plan.stdout).toContain('model permissions settings, project data retention settings');
    expect(plan.stdout).not.toContain('the audit log says nothing');
    expect(auditRequests()).toEqual([]);
  });

  it('spends at most the fixed budget of audit-log requests, batched, and says how many', async () => {
    const seed = busyOrg();
    const emails = Array.from({ length: 120 }, (_, i) => `user${i}@example.com`);
    seed.users.push(...emails.map((email) => ({ email, role: 'reader' as const })));
    env.emulator.setState(seed);
    const listed = ['owner@example.com', 'carol@example.com', 'bob@example.com', ...emails];
    const file = await env.work.write('many.yaml', `version: 1\nusers:\n${listed.map((e) => `  - { email: ${e}, role: owner }`).join('\n')}\n`);
    env.emulator.resetRequests();
    const plan = await runCli(['plan', file], target());
    expect(plan.code, plan.stderr).toBe(0);
    const used = auditRequests().length;
    expect(used).toBeGreaterThan(0);
    expect(used).toBeLessThanOrEqual(AUDIT_REQUEST_BUDGET);
    expect(plan.stdout).toMatch(/attribution: \d+ audit-log request\(s\) of a budget of 10/);
  });

  it('an audit log that answers 403 leaves the plan as made, with a warning', async () => {
    env.emulator.setBehaviour({ audit_logs: 'forbidden' });
    await call('POST', `/organization/users/${userId('bob@example.com')}`, { role: 'owner' });
    const file = await env.work.write('forbidden.yaml', 'version: 1\nusers:\n  - { email: owner@example.com, role: owner }\n  - { email: carol@example.com, role: owner }\n  - { email: bob@example.com, role: reader }\n');
    const plan = await runCli(['plan', file, '--detailed-exitcode'], target());
    env.emulator.setBehaviour({});
    expect(plan.code).toBe(2);
    expect(plan.stdout).toContain('no attribution: the audit log could not be read');
  });
});
