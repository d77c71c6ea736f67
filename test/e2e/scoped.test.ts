// Scoped plans (issue 13): --target, --exclude and --changed-since read only what the scope needs,
// plan nothing outside it, and a saved scoped plan applies only inside it. Requests are counted in
// the emulator's request log.

import { execFileSync } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EmulatorSeed } from '../../src/emulator/index.js';
import type { Plan } from '../../src/plan/types.js';
import { validatePlanDocument } from '../../src/plan/schema.js';
import { runCli, useEmulator } from './harness.js';
import { E2E_KEY, emptyOrg } from './seeds.js';

function threeProjects(): EmulatorSeed {
  const project = (id: string, name: string) => ({
    id,
    name,
    data_retention: 'none' as const,
    spend_alerts: [{ id: `${id}_alert`, threshold_amount: 1000, notification_channel: { recipients: ['a@example.com'] } }],
    members: [{ email: 'owner@example.com', role: 'owner' as const }],
  });
  return {
    ...emptyOrg(),
    users: [
      { email: 'owner@example.com', role: 'owner' },
      { email: 'bob@example.com', role: 'reader' },
    ],
    projects: [project('proj_r', 'Research'), project('proj_d', 'Data'), project('proj_s', 'Sandbox')],
    invites: [{ id: 'invite-pending', email: 'pending@example.com', role: 'reader' }],
  };
}

const env = useEmulator(threeProjects);
const target = () => env.target();

const projectYaml = (name: string, threshold = 1000, retention = 'none') => `  ${name}:
    data_retention: ${retention}
    spend_alerts:
      - { threshold_amount: ${threshold}, recipients: [a@example.com] }
    members:
      - { email: owner@example.com, role: owner }
`;

/** The file says what the org has, but for what each test changes. */
const FILE = (research = projectYaml('Research'), data = projectYaml('Data')) => `version: 1
organization:
  data_retention: modified_abuse_monitoring
users:
  - { email: owner@example.com, role: owner }
  - { email: bob@example.com, role: reader }
invites:
  - { email: pending@example.com, role: reader }
projects:
${data}${research}${projectYaml('Sandbox')}`;

const reads = () => env.emulator.requests().filter((r) => r.method === 'GET').map((r) => r.endpoint ?? r.path);
const writes = () => env.emulator.requests().filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`);

describe('--target project:NAME', () => {
  it('reads the org-level pages it needs and that project’s endpoints, nothing else', async () => {
    const file = await env.work.write('scoped-reads.yaml', FILE());
    const result = await runCli(['plan', file, '--target', 'project:Research', '--no-attribution', '--detailed-exitcode'], target());
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('Scoped plan: covers project:Research.');
    expect(result.stdout).toContain('Not looked at: organization settings (organization:); users:; invites:; 2 other projects of the file.');
    expect(result.stdout).toContain('No changes.');
    expect(reads().sort()).toEqual(
      [
        'GET /organization/projects', // to find the project's id
        'GET /organization/users', // the members' users, by email
        'GET /organization/invites', // whether a member still needs one
        'GET /organization/projects/{project_id}/data_retention',
        'GET /organization/projects/{project_id}/spend_alerts',
        'GET /organization/projects/{project_id}/users',
      ].sort(),
    );
    const perProject = env.emulator.requests().filter((r) => r.path.startsWith('/v1/organization/projects/'));
    expect(new Set(perProject.map((r) => r.path.split('/')[4]))).toEqual(new Set(['proj_r']));
    const users = env.emulator.requests().find((r) => r.endpoint === 'GET /organization/users');
    expect(decodeURIComponent(users?.query ?? '')).toContain('emails[]=owner@example.com');
    // The whole-file plan reads every project and the admin keys: the scoped one is smaller.
    env.emulator.resetRequests();
    expect((await runCli(['plan', file, '--no-attribution'], target())).code).toBe(0);
    expect(reads().length).toBeGreaterThan(12);
  });

  it('plans a change in the project it targets, and none in another', async () => {
    const file = await env.work.write('scoped-other.yaml', FILE(projectYaml('Research', 2000), projectYaml('Data', 1000, 'organization_default')));
    const result = await runCli(['plan', file, '--target', 'project:Research', '--format', 'json', '--no-attribution'], target());
    expect(result.code, result.stderr).toBe(0);
    const plan = JSON.parse(result.stdout) as Plan;
    expect(validatePlanDocument(plan)).toEqual([]);
    expect(plan.changes.map((c) => c.id)).toEqual(['create project["Research"].spend_alert[2000]', 'delete project["Research"].spend_alert[1000]']);
    expect(plan.scope).toMatchObject({ target: ['project:Research'], exclude: [], dependencies: [] });
    // The same file, everything but Research: Data's change and nothing of Research.
    const rest = await runCli(['plan', file, '--exclude', 'project:Research', '--format', 'json', '--no-attribution'], target());
    expect((JSON.parse(rest.stdout) as Plan).changes.map((c) => c.id)).toEqual(['update project["Data"].data_retention']);
  });

  it('refuses a selector that names nothing, before reading anything', async () => {
    const file = await env.work.write('scoped-typo.yaml', FILE());
    for (const [selector, message] of [
      ['project:Reserch', /--target project:Reserch: .*scoped-typo.yaml has no project named "Reserch" \(did you mean project:Research\?\)/],
      ['project:Research/spend_alert', /did you mean project:Research\/spend_alerts\?/],
      ['user', /"user" is not a selector \(did you mean users\?\)/],
    ] as const) {
      const result = await runCli(['plan', file, '--target', selector], target());
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(message);
    }
    for (const [args, message] of [
      [['--target', 'users', '--count-unmanaged'], /--count-unmanaged .* cannot be scoped/],
      [['--exclude', 'project:Nope'], /--exclude project:Nope: .* has no project named "Nope"/],
    ] as const) {
      const result = await runCli(['plan', file, ...args], target());
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(message);
    }
    expect(env.emulator.requests()).toEqual([]);
  });
});

describe('a saved scoped plan', () => {
  it('applies only inside its scope, and its staleness check reads only the scope', async () => {
    const file = await env.work.write('scoped-saved.yaml', FILE(projectYaml('Research', 2000), projectYaml('Data', 3000)));
    const planFile = env.work.path('scoped-saved.json');
    const planned = await runCli(['plan', file, '--target', 'project:Research/spend_alerts', '--out', planFile, '--no-attribution'], target());
    expect(planned.code, planned.stderr).toBe(0);
    const saved = JSON.parse(await readFile(planFile, 'utf8')) as Plan;
    expect(saved.scope?.target).toEqual(['project:Research/spend_alerts']);
    // Another project changes meanwhile: outside the scope, so the plan is not stale.
    const drift = await fetch(`${env.emulator.url}/organization/projects/proj_d/spend_alerts/proj_d_alert`, {
      method: 'POST',
      headers: { authorization: `Bearer ${E2E_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ currency: 'USD', interval: 'month', threshold_amount: 1000, notification_channel: { type: 'email', recipients: ['z@example.com'] } }),
    });
    expect(drift.status).toBe(200);
    env.emulator.resetRequests();
    const applied = await runCli(['apply', planFile, '--auto-approve'], target());
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toContain('Scoped plan: covers project:Research/spend_alerts.');
    expect(writes()).toEqual(['POST /v1/organization/projects/proj_r/spend_alerts', 'DELETE /v1/organization/projects/proj_r/spend_alerts/proj_r_alert']);
    expect(env.emulator.requests().filter((r) => r.path.includes('proj_d') || r.path.includes('proj_s'))).toEqual([]);
    // apply FILE --target re-plans within the scope: Research is done, Data is not touched.
    const again = await runCli(['apply', file, '--target', 'project:Research', '--auto-approve'], target());
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('No changes.');
    // A saved plan carries its scope: flags cannot change it.
    const flagged = await runCli(['apply', planFile, '--target', 'project:Data', '--auto-approve'], target());
    expect(flagged.code).toBe(1);
    expect(flagged.stderr).toMatch(/is a saved plan: it carries its own scope/);
  });

  it('is stale when something inside its scope changed', async () => {
    const file = await env.work.write('scoped-stale.yaml', FILE(projectYaml('Research', 2000)));
    const planFile = env.work.path('scoped-stale.json');
    expect((await runCli(['plan', file, '--target', 'project:Research', '--out', planFile, '--no-attribution'], target())).code).toBe(0);
    await fetch(`${env.emulator.url}/organization/projects/proj_r/spend_alerts/proj_r_alert`, { method: 'DELETE', headers: { authorization: `Bearer ${E2E_KEY}` } });
    env.emulator.resetRequests();
    const applied = await runCli(['apply', planFile, '--auto-approve'], target());
    expect(applied.code).toBe(1);
    expect(applied.stderr).toMatch(/stale/);
    expect(writes()).toEqual([]);
  });
});

describe('--changed-since GIT_REF', () => {
  const git = (dir: string, ...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'init.defaultBranch=main', ...args], { cwd: dir, stdio: 'pipe' }).toString();
  const withPath = { PATH: process.env['PATH'] ?? '' };
  /** A git repository holding FILE() as org.yaml, committed. */
  const repoWithFile = async (name: string): Promise<string> => {
    const repo = join(env.work.dir, name);
    await mkdir(repo, { recursive: true });
    git(repo, 'init', '-q');
    await writeFile(join(repo, 'org.yaml'), FILE());
    git(repo, 'add', 'org.yaml');
    git(repo, 'commit', '-qm', 'org');
    return repo;
  };

  it('targets what differs from the file at the ref, and reads nothing per project when nothing does', async () => {
    const repo = await repoWithFile('repo');

    const unchanged = await runCli(['plan', 'org.yaml', '--changed-since', 'HEAD', '--format', 'json'], target(), { cwd: repo, env: withPath });
    expect(unchanged.code, unchanged.stderr).toBe(0);
    const none = JSON.parse(unchanged.stdout) as Plan;
    expect(none.scope).toMatchObject({ target: [], changed_since: { ref: 'HEAD', file: 'unchanged' } });
    expect(none.changes).toEqual([]);
    expect(env.emulator.requests()).toEqual([]);

    // An edit to one project's alerts and to the org's settings: exactly those are targeted.
    await writeFile(join(repo, 'org.yaml'), FILE(projectYaml('Research', 2000)).replace('modified_abuse_monitoring', 'zero_data_retention'));
    const edited = await runCli(['plan', 'org.yaml', '--changed-since', 'HEAD', '--no-attribution'], target(), { cwd: repo, env: withPath });
    expect(edited.code, edited.stderr).toBe(0);
    expect(edited.stdout).toMatch(/Scoped plan: what changed since HEAD \([0-9a-f]{12}\): organization, project:Research\/spend_alerts\./);
    expect(edited.stdout).toContain('~ organization.data_retention');
    expect(edited.stdout).toContain('+ project["Research"].spend_alert[2000]');
    const perProject = env.emulator.requests().filter((r) => r.path.startsWith('/v1/organization/projects/'));
    expect(perProject.map((r) => r.endpoint)).toEqual(['GET /organization/projects/{project_id}/spend_alerts']);

    // A file that is not at the ref is new: everything in it is targeted.
    await writeFile(join(repo, 'new.yaml'), FILE());
    const fresh = await runCli(['plan', 'new.yaml', '--changed-since', 'HEAD', '--format', 'json', '--no-attribution'], target(), { cwd: repo, env: withPath });
    expect(JSON.parse(fresh.stdout).scope).toMatchObject({ target: null, changed_since: { file: 'new' } });
  });

  it('says clearly what is wrong with the ref or the repository, before any request', async () => {
    const file = await env.work.write('no-repo.yaml', FILE());
    const outside = await runCli(['plan', file, '--changed-since', 'HEAD'], target(), { env: withPath, cwd: env.work.dir });
    expect(outside.code).toBe(1);
    expect(outside.stderr).toMatch(/--changed-since HEAD: .*no-repo.yaml is not in a git work tree/);
    const repo = await repoWithFile('repo2');
    const unknown = await runCli(['plan', 'org.yaml', '--changed-since', 'origin/nope'], target(), { cwd: repo, env: withPath });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/git knows no commit "origin\/nope"/);
    const both = await runCli(['plan', 'org.yaml', '--changed-since', 'HEAD', '--target', 'users'], target(), { cwd: repo, env: withPath });
    expect(both.stderr).toMatch(/--changed-since chooses the targets itself/);
    expect(env.emulator.requests()).toEqual([]);
  });
});

describe('export --target', () => {
  it('reads and writes only the live project it names', async () => {
    const result = await runCli(['export', '--target', 'project:Data'], target());
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('Scoped export (--target project:Data)');
    expect(result.stdout).toMatch(/projects:\n {2}Data:\n/);
    expect(result.stdout).not.toMatch(/Research|Sandbox|users:|invites:/);
    const perProject = env.emulator.requests().filter((r) => r.path.startsWith('/v1/organization/projects/'));
    expect(new Set(perProject.map((r) => r.path.split('/')[4]))).toEqual(new Set(['proj_d']));
    // Planned as a scoped file, the export finds nothing to do.
    const file = await env.work.write('export-data.yaml', result.stdout);
    const plan = await runCli(['plan', file, '--no-attribution', '--detailed-exitcode'], target());
    expect(plan.code, plan.stdout).toBe(0);
    const missing = await runCli(['export', '--target', 'project:Dta'], target());
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/the organization has no project named "Dta" \(did you mean project:Data\?\)/);
  });
});
