import { stat } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, skippingClock, useEmulator } from './harness.js';
import { busyOrg, emptyOrg } from './seeds.js';

const env = useEmulator(emptyOrg);
const target = () => env.target();
const mutations = () => env.emulator.requests().filter((r) => r.method !== 'GET');
afterEach(() => env.emulator.setFaults([]));

async function applyAndConverge(file: string): Promise<string> {
  const applied = await runCli(['apply', file, '--auto-approve'], target());
  expect(applied.stderr).toBe('');
  expect(applied.code).toBe(0);
  const again = await runCli(['plan', file, '--detailed-exitcode'], target());
  expect(again.stdout).toContain('No changes.');
  expect(again.code).toBe(0);
  return applied.stdout;
}

describe('create from empty', () => {
  it('creates projects, settings, alerts and an invite into a project the same plan creates', async () => {
    env.emulator.setState(emptyOrg());
    const file = await env.work.write(
      'create.yaml',
      `version: 1
organization:
  data_retention: zero_data_retention
invites:
  - email: new.hire@example.com
    role: reader
    projects:
      - project: Research
        role: member
projects:
  Research:
    model_permissions: { mode: allow_list, model_ids: [o3, gpt-4.1] }
    data_retention: zero_data_retention
    spend_alerts:
      - threshold_amount: 50000
        recipients: [billing@example.com]
        subject_prefix: "[spend]"
`,
    );
    const plan = await runCli(['plan', file, '--detailed-exitcode'], target());
    expect(plan.code).toBe(2);
    expect(plan.stdout).toContain('Plan: 4 to create, 2 to update, 0 to delete, 0 to archive.');
    expect(mutations()).toEqual([]);

    await applyAndConverge(file);
    const state = env.emulator.getState();
    expect(state.organization.data_retention).toBe('zero_data_retention');
    const research = state.projects.find((p) => p.name === 'Research');
    expect(research?.model_permissions).toEqual({ mode: 'allow_list', model_ids: ['gpt-4.1', 'o3'] });
    expect(research?.data_retention).toBe('zero_data_retention');
    expect(research?.spend_alerts.map((a) => [a.threshold_amount, a.notification_channel.subject_prefix])).toEqual([
      [50000, '[spend]'],
    ]);
    const invite = state.invites.find((i) => i.email === 'new.hire@example.com');
    expect(invite?.projects).toEqual([{ id: research?.id, role: 'member' }]);
  });
});

describe('changes to an existing org', () => {
  beforeEach(() => env.emulator.setState(busyOrg()));

  it('updates every field, deletes an alert, revokes an invite and archives a project', async () => {
    const file = await env.work.write(
      'update.yaml',
      `version: 1
invites: []
projects:
  Research:
    model_permissions: { mode: deny_list, model_ids: [o1, gpt-4o-mini] }
    data_retention: organization_default
    spend_alerts:
      - threshold_amount: 1000
        recipients: [a@example.com, c@example.com]
  Old:
    archived: true
`,
    );
    const plan = await runCli(['plan', file], target());
    expect(plan.code).toBe(0);
    expect(plan.stdout).toMatch(/- project\["Research"\]\.spend_alert\[2000\] \(destructive\)/);
    expect(plan.stdout).toContain('Plan: 0 to create, 3 to update, 2 to delete, 1 to archive.');

    const out = await applyAndConverge(file);
    expect(out).toContain('Apply complete: 6 applied, 0 failed, 0 skipped.');
    const state = env.emulator.getState();
    const research = state.projects.find((p) => p.id === 'proj_r');
    expect(research?.model_permissions).toEqual({ mode: 'deny_list', model_ids: ['gpt-4o-mini', 'o1'] });
    expect(research?.data_retention).toBe('organization_default');
    expect(research?.spend_alerts.map((a) => a.id)).toEqual(['alert_a']);
    expect(research?.spend_alerts[0]?.notification_channel.recipients.sort()).toEqual(['a@example.com', 'c@example.com']);
    expect(state.invites.filter((i) => i.status === 'pending')).toEqual([]);
    expect(state.projects.find((p) => p.id === 'proj_old')?.status).toBe('archived');
  });

  it('leaves alone what the file does not mention', async () => {
    const file = await env.work.write('quiet.yaml', 'version: 1\nprojects:\n  Research: {}\n');
    const before = env.emulator.getState();
    const plan = await runCli(['plan', file], target());
    expect(plan.stdout).toContain('No changes.');
    await applyAndConverge(file);
    expect(env.emulator.getState().projects).toEqual(before.projects);
    // Nothing the file does not manage was even read.
    expect(env.emulator.requests().some((r) => r.path.includes('spend_alerts'))).toBe(false);
  });

  it('reports a failed change, skips what depends on it, applies the rest, and a re-run converges', async () => {
    const file = await env.work.write(
      'partial.yaml',
      `version: 1
projects:
  Research:
    data_retention: zero_data_retention
  Fresh:
    spend_alerts:
      - threshold_amount: 700
        recipients: [x@example.com]
`,
    );
    env.emulator.setFaults([{ method: 'POST', path: '/organization/projects', kind: 'status', status: 503 }]);
    // Each try of the create waits out its back-off: skipped.
    const failed = await runCli(['apply', file, '--auto-approve'], target(), { clock: skippingClock() });
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(/✗ failed\s+project\["Fresh"\]: POST \/organization\/projects → 503: .*\(request id req_/);
    expect(failed.stdout).toMatch(/- skipped\s+project\["Fresh"\]\.spend_alert\[700\]: depends on create project\["Fresh"\], which failed/);
    expect(failed.stdout).toMatch(/✓ applied\s+project\["Research"\]\.data_retention/);
    expect(failed.stdout).toContain('Apply complete: 1 applied, 1 failed, 1 skipped.');
    expect(env.emulator.getState().projects.filter((p) => p.name === 'Fresh')).toEqual([]);

    env.emulator.setFaults([]);
    const out = await applyAndConverge(file);
    expect(out).toContain('Apply complete: 2 applied, 0 failed, 0 skipped.');
    expect(env.emulator.getState().projects.filter((p) => p.name === 'Fresh')).toHaveLength(1);
  });
});

describe('refusals that touch nothing', () => {
  it('apply without a TTY needs --auto-approve', async () => {
    const file = await env.work.write('tty.yaml', 'version: 1\norganization:\n  data_retention: zero_data_retention\n');
    const result = await runCli(['apply', file], target());
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('pass --auto-approve');
    expect(env.emulator.requests()).toEqual([]);
  });

  it('an --out that cannot be written is refused before any request', async () => {
    const file = await env.work.write('out.yaml', 'version: 1\norganization:\n  data_retention: zero_data_retention\n');
    const missingDir = env.work.path('no-such-dir/plan.json');
    const plan = await runCli(['plan', file, '--out', missingDir], target());
    expect(plan.code).toBe(1);
    expect(plan.stderr).toContain(`cannot write --out ${missingDir}: the directory ${env.work.path('no-such-dir')} does not exist. No request was made.`);
    const underFile = await runCli(['plan', file, '--out', `${file}/plan.json`], target());
    expect(underFile.code).toBe(1);
    expect(underFile.stderr).toContain(`cannot write --out ${file}/plan.json: ${file} is not a directory`);
    const exported = await runCli(['export', '--out', env.work.dir], target());
    expect(exported.code).toBe(1);
    expect(exported.stderr).toContain(`cannot write --out ${env.work.dir}: it is a directory`);
    expect(exported.stdout).toBe('');
    expect(env.emulator.requests()).toEqual([]);
  });

  it('relative paths are relative to the working directory the CLI is given', async () => {
    await env.work.write('relative.yaml', 'version: 1\norganization:\n  data_retention: zero_data_retention\n');
    const cwd = env.work.dir;
    const plan = await runCli(['plan', 'relative.yaml', '--out', 'relative.json'], target(), { cwd });
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toContain('Plan for relative.yaml against');
    expect(plan.stderr).toContain('Saved the plan to relative.json');
    const applied = await runCli(['apply', 'relative.json', '--auto-approve'], target(), { cwd });
    expect(applied.code, applied.stderr).toBe(0);
    expect(env.emulator.getState().organization.data_retention).toBe('zero_data_retention');
  });

  it('a missing key is a clear error before any request, and the key never appears in output', async () => {
    const file = await env.work.write('nokey.yaml', 'version: 1\n');
    const result = await runCli(['plan', file], null, { env: { OPENAI_BASE_URL: env.emulator.url } });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('OPENAI_ADMIN_KEY is not set');
    expect(env.emulator.requests()).toEqual([]);
  });

  it('an invalid file names file:line:col and makes no request', async () => {
    const file = await env.work.write('bad.yaml', 'version: 1\nprojects:\n  R:\n    data_retention: forever\n');
    const result = await runCli(['plan', file], target());
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${file}:4:21:`);
    expect(env.emulator.requests()).toEqual([]);
  });

  it('an unknown key is a 401 that names the request and never the key', async () => {
    const file = await env.work.write('auth.yaml', 'version: 1\norganization:\n  data_retention: zero_data_retention\n');
    const result = await runCli(['plan', file], { url: env.emulator.url, adminKey: 'sk-admin-wrong-key' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/GET \/organization\/data_retention → 401/);
    expect(result.stderr + result.stdout).not.toContain('sk-admin-wrong-key');
  });
});

describe('demo in-process', () => {
  it('reaches its own emulator through the Io, and leaves this process\'s environment alone', async () => {
    const before = { key: process.env['OPENAI_ADMIN_KEY'], url: process.env['OPENAI_BASE_URL'] };
    // The caller's target is ignored: demo points the commands at the emulator it starts.
    const demo = await runCli(['demo'], target());
    expect(demo.stderr).toBe('');
    expect(demo.code).toBe(0);
    expect(demo.stdout).toContain('Apply complete: 22 applied, 0 failed, 0 skipped.');
    expect(env.emulator.requests()).toEqual([]);
    expect({ key: process.env['OPENAI_ADMIN_KEY'], url: process.env['OPENAI_BASE_URL'] }).toEqual(before);
    // The one-time key went to its file, and nowhere in the output; the demo's temporary secrets
    // directory is removed at exit (its keys die with the emulator).
    const keyFile = /one-time API key written to (\S+\.json)/.exec(demo.stdout)?.[1] ?? '';
    expect(keyFile).toMatch(/orgform-demo-secrets-/);
    await expect(stat(keyFile)).rejects.toThrow();
    expect(demo.stdout).not.toMatch(/sk-svcacct-[A-Za-z0-9_-]{20,}/);
  });
});
