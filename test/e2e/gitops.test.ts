import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { startEmulator } from '../../src/emulator/index.js';
import { validatePlanDocument } from '../../src/plan/schema.js';
import { runCli, useEmulator } from './harness.js';
import { busyOrg, E2E_KEY } from './seeds.js';

const env = useEmulator(busyOrg);
const target = () => env.target();

const ALERTS = `version: 1
projects:
  Research:
    spend_alerts:
      - threshold_amount: 1000
        recipients: [a@example.com]
      - threshold_amount: 2000
        recipients: [b@example.com]
`;

async function changeAsCarol(body: object): Promise<void> {
  const response = await fetch(`${env.emulator.url}/organization/projects/proj_r/spend_alerts/alert_a`, {
    method: 'POST',
    headers: { authorization: 'Bearer sk-admin-e2e-carol', 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(200);
}

const alertBody = (recipients: string[]) => ({
  currency: 'USD',
  interval: 'month',
  threshold_amount: 1000,
  notification_channel: { type: 'email', recipients },
});

describe('saved plans', () => {
  it('applies exactly the saved plan, which is valid against its schema and holds no secret', async () => {
    const file = await env.work.write('saved.yaml', ALERTS.replace('[a@example.com]', '[a@example.com, z@example.com]'));
    const planFile = env.work.path('saved.json');
    const plan = await runCli(['plan', file, '--out', planFile, '--format', 'json'], target());
    expect(plan.code).toBe(0);
    const text = await readFile(planFile, 'utf8');
    expect(validatePlanDocument(JSON.parse(text))).toEqual([]);
    expect(text).not.toContain(E2E_KEY);
    expect(JSON.parse(plan.stdout)).toEqual(JSON.parse(text));
    env.emulator.resetRequests();
    const applied = await runCli(['apply', planFile, '--auto-approve', '--format', 'json'], target());
    expect(applied.code, applied.stderr).toBe(0);
    // Standard output is JSON Lines events, the first holding the plan; the report goes to stderr.
    const [started] = applied.stdout.split('\n');
    expect(JSON.parse(started ?? '')).toMatchObject({ type: 'apply_started', plan: JSON.parse(text) });
    expect(applied.stderr).toContain('Apply complete: 1 applied, 0 failed, 0 skipped.');
    const writes = env.emulator.requests().filter((r) => r.method !== 'GET');
    expect(writes.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /v1/organization/projects/proj_r/spend_alerts/alert_a']);
  });

  it('refuses a stale plan, names what changed, and touches nothing', async () => {
    const file = await env.work.write('stale.yaml', ALERTS.replace('[a@example.com]', '[a@example.com, z@example.com]'));
    const planFile = env.work.path('stale.json');
    expect((await runCli(['plan', file, '--out', planFile], target())).code).toBe(0);
    await changeAsCarol(alertBody(['someone@example.com']));
    env.emulator.resetRequests();
    const applied = await runCli(['apply', planFile, '--auto-approve'], target());
    expect(applied.code).toBe(1);
    expect(applied.stderr).toContain('the plan is stale: re-run plan');
    expect(applied.stderr).toContain('project["Research"].spend_alerts changed since the plan was made');
    expect(env.emulator.requests().filter((r) => r.method !== 'GET')).toEqual([]);
  });
});

// Spend alerts have no audit event in the SDK: drift is attributed on a user's role instead.
const USERS = `version: 1
users:
  - { email: owner@example.com, role: owner }
  - { email: carol@example.com, role: owner }
  - { email: bob@example.com, role: reader }
`;

async function promoteBobAsCarol(): Promise<void> {
  const bob = env.emulator.getState().users.find((u) => u.email === 'bob@example.com');
  const response = await fetch(`${env.emulator.url}/organization/users/${bob?.id}`, {
    method: 'POST',
    headers: { authorization: 'Bearer sk-admin-e2e-carol', 'content-type': 'application/json' },
    body: JSON.stringify({ role: 'owner' }),
  });
  expect(response.status).toBe(200);
}

describe('drift detection', () => {
  it('exits 0 without changes, 2 with changes, 1 on error', async () => {
    const file = await env.work.write('drift.yaml', USERS);
    expect((await runCli(['plan', file, '--detailed-exitcode'], target())).code).toBe(0);
    await promoteBobAsCarol();
    const drifted = await runCli(['plan', file, '--detailed-exitcode'], target());
    expect(drifted.code).toBe(2);
    expect(drifted.stdout).toMatch(/changed by carol@example\.com at \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
    const bad = await env.work.write('broken.yaml', 'version: 2\n');
    expect((await runCli(['plan', bad, '--detailed-exitcode'], target())).code).toBe(1);
  });

  it('says when the audit log knows nothing, and --no-attribution reads no audit log', async () => {
    const file = await env.work.write('drift2.yaml', USERS.replace('bob@example.com, role: reader', 'bob@example.com, role: owner'));
    const plan = await runCli(['plan', file], target());
    expect(plan.stdout).toContain('the audit log says nothing about this change');
    env.emulator.resetRequests();
    const quiet = await runCli(['plan', file, '--no-attribution'], target());
    expect(quiet.stdout).not.toContain('audit log');
    expect(env.emulator.requests().some((r) => r.path.endsWith('/audit_logs'))).toBe(false);
  });

  it('counts what it left alone; --count-unmanaged reads the kinds the file does not manage', async () => {
    const file = await env.work.write('partial-manage.yaml', 'version: 1\nprojects:\n  Research:\n    data_retention: none\n');
    const plain = await runCli(['plan', file], target());
    expect(plain.stdout).toContain('1 project in the organization is not managed by this file');
    expect(plain.stdout).not.toContain('spend alerts');
    const counted = await runCli(['plan', file, '--count-unmanaged'], target());
    expect(counted.stdout).toContain('2 spend alerts in project "Research" are not managed by this file');
    expect(counted.stdout).toContain('No changes.');
  });

  it('renders Markdown for a pull request', async () => {
    const file = await env.work.write('md.yaml', 'version: 1\nprojects:\n  Research:\n    spend_alerts: []\n');
    const md = await runCli(['plan', file, '--format', 'markdown', '--allow-destroy'], target());
    expect(md.code).toBe(0);
    expect(md.stdout).toContain('<details>');
    expect(md.stdout).toMatch(/destructive/i);
  });
});

describe('guard rails', () => {
  function manyAlerts(n: number) {
    const state = busyOrg();
    const research = state.projects?.find((p) => p.id === 'proj_r');
    if (research) {
      research.spend_alerts = Array.from({ length: n }, (_, i) => ({
        threshold_amount: 100 * (i + 1),
        notification_channel: { recipients: ['a@example.com'] },
      }));
    }
    return state;
  }

  it('refuses to delete more than the limit unless --allow-destroy; plan shows the refusal too', async () => {
    env.emulator.setState(manyAlerts(12));
    const file = await env.work.write('empty-alerts.yaml', 'version: 1\nprojects:\n  Research:\n    spend_alerts: []\n');
    const plan = await runCli(['plan', file], target());
    expect(plan.code).toBe(1);
    expect(plan.stdout).toContain('Plan: 0 to create, 0 to update, 12 to delete, 0 to archive.');
    expect(plan.stderr).toContain('the plan removes 12 spend alerts, over the limit of 10 per kind (max_count)');
    expect(plan.stderr).toContain('--allow-destroy');
    const refused = await runCli(['apply', file, '--auto-approve'], target());
    expect(refused.code).toBe(1);
    expect(env.emulator.requests().filter((r) => r.method !== 'GET')).toEqual([]);
    const allowed = await runCli(['apply', file, '--auto-approve', '--allow-destroy'], target());
    expect(allowed.code).toBe(0);
    expect(env.emulator.getState().projects.find((p) => p.id === 'proj_r')?.spend_alerts).toEqual([]);
  });

  it('a fraction limit, set in the file, applies where ten or more are managed', async () => {
    env.emulator.setState(manyAlerts(10));
    const keep = Array.from({ length: 6 }, (_, i) => `      - { threshold_amount: ${100 * (i + 1)}, recipients: [a@example.com] }`).join('\n');
    const file = await env.work.write(
      'fraction.yaml',
      `version: 1\norgform:\n  destroy_limits: { max_count: 100, max_fraction: 0.3 }\nprojects:\n  Research:\n    spend_alerts:\n${keep}\n`,
    );
    const plan = await runCli(['plan', file], target());
    expect(plan.code).toBe(1);
    expect(plan.stderr).toContain('removes 4 spend alerts of 10 managed (40%), over the limit of 30% (max_fraction)');
    expect((await runCli(['plan', file, '--max-destroy-fraction', '0.5'], target())).code).toBe(0);
  });

  it('protect wins over --allow-destroy', async () => {
    const file = await env.work.write(
      'protect.yaml',
      `version: 1
protect:
  users: [bob@example.com]
users:
  - { email: owner@example.com, role: owner }
  - { email: carol@example.com, role: owner }
`,
    );
    const result = await runCli(['apply', file, '--auto-approve', '--allow-destroy'], target());
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('user["bob@example.com"] is protected (protect.users)');
    expect(env.emulator.requests().filter((r) => r.method !== 'GET')).toEqual([]);
    // A protected project that the same file archives is caught before any request.
    const contradiction = await env.work.write('protect2.yaml', 'version: 1\nprotect:\n  projects: [Old]\nprojects:\n  Old:\n    archived: true\n');
    env.emulator.resetRequests();
    const refused = await runCli(['apply', contradiction, '--auto-approve', '--allow-destroy'], target());
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`${contradiction}:3:14: project "Old" is protected`);
    expect(env.emulator.requests()).toEqual([]);
  });
});

describe('export', () => {
  it('round-trips a generated large org', async () => {
    const projects = Array.from({ length: 60 }, (_, i) => ({
      name: `Team ${i}${i % 7 === 0 ? ' / ops' : ''}`,
      model_permissions: i % 3 === 0 ? { mode: 'allow_list' as const, model_ids: ['gpt-4.1', `o${i % 4}`] } : undefined,
      data_retention: i % 2 === 0 ? ('zero_data_retention' as const) : undefined,
      archived_at: i % 11 === 5 ? 1700000000 : undefined,
      status: i % 11 === 5 ? ('archived' as const) : undefined,
      spend_alerts: Array.from({ length: i % 4 }, (_, j) => ({
        threshold_amount: (j + 1) * 1000,
        notification_channel: { recipients: [`team${i}@example.com`], subject_prefix: j === 1 ? '[x]' : null },
      })),
      spend_limit: i % 5 === 0 ? { threshold_amount: 100000 + i } : null,
      members: [{ email: `user${i % 30}@example.com`, role: i % 2 ? ('owner' as const) : ('member' as const) }],
      service_accounts: i % 6 === 0 ? [{ name: `bot-${i}`, role: 'member' as const }] : [],
    }));
    const seed = {
      ...busyOrg(),
      users: [
        { email: 'owner@example.com', role: 'owner' as const },
        { email: 'carol@example.com', role: 'owner' as const },
        ...Array.from({ length: 30 }, (_, i) => ({ email: `user${i}@example.com`, role: 'reader' as const })),
      ],
      projects,
      invites: [{ email: 'later@example.com', role: 'reader' as const }],
    };
    const big = await startEmulator({ seed });
    try {
      const out = env.work.path('big.yaml');
      const t = { url: big.url, adminKey: E2E_KEY };
      // One project's limit differs from what every other project has: only it is exported.
      const team3 = big.getState().projects.find((p) => p.name === 'Team 3');
      const changed = await fetch(`${big.url}/organization/projects/${team3?.id ?? ''}/rate_limits/rl-gpt-4o`, {
        method: 'POST',
        headers: { authorization: `Bearer ${E2E_KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify({ max_requests_per_1_minute: 77 }),
      });
      expect(changed.status).toBe(200);
      const exported = await runCli(['export', '--out', out], t);
      expect(exported.code, exported.stderr).toBe(0);
      const plan = await runCli(['plan', out, '--detailed-exitcode'], t);
      expect(plan.stdout).toContain('No changes.');
      expect(plan.code).toBe(0);
      const text = await readFile(out, 'utf8');
      expect(text).toContain('Team 7 / ops:');
      expect(text.match(/rate_limits:/g)).toHaveLength(1);
      expect(text).toMatch(/Team 3:[\s\S]*rate_limits:\n\s+gpt-4o: \{ max_requests_per_1_minute: 77,/);
    } finally {
      await big.close();
    }
  });


  it('round-trips the demo org: export, then plan the export, gives No changes.', async () => {
    const demo = await startEmulator({});
    try {
      const out = env.work.path('exported.yaml');
      const t = { url: demo.url, adminKey: demo.adminKey };
      const exported = await runCli(['export', '--out', out], t);
      expect(exported.code, exported.stderr).toBe(0);
      expect((await runCli(['validate', out], null)).code).toBe(0);
      const plan = await runCli(['plan', out, '--detailed-exitcode'], t);
      expect(plan.stdout).toContain('No changes.');
      expect(plan.code).toBe(0);
      const text = await readFile(out, 'utf8');
      expect(text).toContain('Research:');
      expect(text).toContain('# the default');
    } finally {
      await demo.close();
    }
  });
});
