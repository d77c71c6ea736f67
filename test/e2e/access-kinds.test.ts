// Groups, roles, role assignments and project groups (issue 14) end to end: export round-trips,
// a drifted org converges in one apply with one write per change, SCIM groups are never
// written, and no plan removes the last owner through a group.

import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { EmulatorSeed } from '../../src/emulator/index.js';
import { runCli, useEmulator } from './harness.js';
import { busyOrg } from './seeds.js';

function accessOrg(): EmulatorSeed {
  const base = busyOrg();
  return {
    ...base,
    organization: { ...base.organization, id: 'org-e2e' },
    users: [
      ...(base.users ?? []),
      { email: 'dana@example.com', role: 'reader' },
      { email: 'sam@example.com', role: 'reader', is_scim_managed: true },
    ],
    groups: [
      { id: 'group_platform', name: 'Platform', members: [{ email: 'bob@example.com' }, { email: 'carol@example.com' }] },
      { id: 'group_okta', name: 'Okta Eng', is_scim_managed: true, members: [{ email: 'sam@example.com' }] },
      { id: 'group_old', name: 'Old team', members: [{ email: 'dana@example.com' }] },
    ],
    roles: [
      { id: 'role_watch', name: 'spend-watcher', description: 'Reads spend', permissions: ['api.organization.usage.read'] },
      { id: 'role_deploy', name: 'deployer', project_id: 'proj_r', permissions: ['api.project.write'] },
    ],
    project_groups: [
      { project_id: 'proj_r', group_id: 'group_platform', role: 'role-api-project-member' },
      { project_id: 'proj_r', group_id: 'group_okta', role: 'role-api-project-viewer' },
    ],
    role_assignments: [
      { group_name: 'Platform', role_id: 'role_watch' },
      { email: 'dana@example.com', role_id: 'role_watch' },
      { group_name: 'Platform', role_id: 'role_deploy', project_id: 'proj_r' },
      { email: 'owner@example.com', role_id: 'role-api-project-viewer', project_id: 'proj_r' },
    ],
  };
}

const env = useEmulator(accessOrg);
const target = () => env.target();

async function exportTo(name: string): Promise<string> {
  const out = env.work.path(name);
  const exported = await runCli(['export', '--out', out], target());
  expect(exported.code, exported.stderr).toBe(0);
  return out;
}

async function expectNoChanges(file: string): Promise<void> {
  const plan = await runCli(['plan', file, '--detailed-exitcode'], target());
  expect(plan.stdout + plan.stderr).toContain('No changes.');
  expect(plan.code).toBe(0);
}

/** A write straight to the emulator, as someone in the dashboard would. */
async function drift(method: string, path: string, body?: unknown): Promise<void> {
  const res = await fetch(`${env.emulator.url}${path}`, {
    method,
    // Another admin (carol's key): orgform's own key's actions read as "orgform", not as drift.
    headers: { authorization: 'Bearer sk-admin-e2e-carol', 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  expect(res.status, await res.text()).toBe(200);
}

describe('access as code', () => {
  it('exports an org with groups, roles, assignments and project groups that plans with no changes', async () => {
    const out = await exportTo('access-export.yaml');
    const text = await readFile(out, 'utf8');
    expect(text).toContain('- name: Okta Eng\n'); // SCIM: referenced, without members
    expect(text).toMatch(/- name: Platform\n\s+members: \[ bob@example.com, carol@example.com \]/);
    expect(text).toMatch(/role_assignments:\n\s+spend-watcher:\n\s+users: \[ dana@example.com \]\n\s+groups: \[ Platform \]/);
    expect(text).toMatch(/- group: Okta Eng\n\s+role: viewer/);
    expect(text).toMatch(/deployer:\n\s+users: \[\]\n\s+groups: \[ Platform \]/);
    await expectNoChanges(out);
  });

  it('converges a drifted org in one apply, one write per change, and finds nothing after', async () => {
    const out = await exportTo('access-drift.yaml');
    const id = (email: string) => env.emulator.getState().users.find((u) => u.email === email)?.id ?? email;
    await drift('POST', '/organization/groups/group_platform/users', { user_id: id('dana@example.com') });
    await drift('DELETE', `/organization/groups/group_platform/users/${id('bob@example.com')}`);
    await drift('POST', '/organization/roles/role_watch', { permissions: ['api.organization.read'] });
    await drift('DELETE', `/organization/users/${id('dana@example.com')}/roles/role_watch`);
    await drift('POST', '/organization/groups', { name: 'Shadow IT' });
    await drift('POST', '/projects/proj_r/groups/group_platform/roles', { role_id: 'role-api-project-viewer' });
    await drift('DELETE', `/projects/proj_r/users/${id('owner@example.com')}/roles/role-api-project-viewer`);
    await drift('DELETE', '/organization/projects/proj_r/groups/group_okta');
    env.emulator.resetRequests();

    const plan = await runCli(['plan', out, '--format', 'json'], target());
    expect(plan.code, plan.stderr).toBe(0);
    const planned = (JSON.parse(plan.stdout) as { changes: { id: string; attribution?: { event_type: string; actor: string } | null }[] }).changes;
    const changes = planned.map((c) => c.id).sort();
    // Drift attribution from the audit log, where the SDK has event types (not for group members).
    const by = (id: string) => planned.find((c) => c.id === id)?.attribution;
    expect(by('update role["spend-watcher"]')).toMatchObject({ event_type: 'role.updated', actor: 'carol@example.com' });
    expect(by('delete group["Shadow IT"]')).toMatchObject({ event_type: 'group.created' });
    expect(by('create role_assignment["spend-watcher"].user["dana@example.com"]')).toBeUndefined();
    expect(changes).toEqual(
      [
        'create group["Platform"].member["bob@example.com"]',
        'create project["Research"].group["Okta Eng"]',
        'create project["Research"].role_assignment["viewer"].user["owner@example.com"]',
        'create role_assignment["spend-watcher"].user["dana@example.com"]',
        'delete group["Platform"].member["dana@example.com"]',
        'delete group["Shadow IT"]',
        'delete project["Research"].role_assignment["viewer"].group["Platform"]',
        'update role["spend-watcher"]',
      ].sort(),
    );
    env.emulator.resetRequests();
    const applied = await runCli(['apply', out, '--auto-approve'], target());
    expect(applied.code, applied.stderr + applied.stdout).toBe(0);
    const writes = env.emulator.requests().filter((r) => r.method !== 'GET');
    expect(writes).toHaveLength(changes.length);
    await expectNoChanges(out);
  });

  it('creates groups, roles and their assignments in one apply, in dependency order', async () => {
    const file = await env.work.write(
      'access-new.yaml',
      `version: 1
groups:
  - { name: Platform, members: [bob@example.com, carol@example.com] }
  - { name: Okta Eng }
  - { name: Old team, members: [dana@example.com] }
  - { name: Data, members: [dana@example.com, owner@example.com] }
roles:
  - { name: spend-watcher, description: Reads spend, permissions: [api.organization.usage.read] }
  - { name: auditor, permissions: [api.organization.audit.read] }
role_assignments:
  auditor: { users: [carol@example.com], groups: [Data] }
projects:
  Research:
    roles:
      - { name: deployer, permissions: [api.project.write] }
      - { name: analyst, permissions: [api.project.read] }
    groups:
      - { group: Platform, role: member }
      - { group: Data, role: analyst }
    role_assignments:
      deployer: { groups: [Data] }
`,
    );
    const applied = await runCli(['apply', file, '--auto-approve'], target());
    expect(applied.code, applied.stderr + applied.stdout).toBe(0);
    await expectNoChanges(file);
    const state = env.emulator.getState();
    const data = state.groups.find((g) => g.name === 'Data');
    const emails = (ids: string[] = []) => ids.map((id) => state.users.find((u) => u.id === id)?.email).sort();
    expect(emails(data?.user_ids)).toEqual(['dana@example.com', 'owner@example.com']);
    // Okta Eng lost its project access (groups: lists only Platform and Data), Platform its deployer role.
    expect(state.project_groups.map((pg) => pg.group_id).sort()).toEqual([data?.id, 'group_platform'].sort());
  });

  it('refuses a file that changes a SCIM-managed group, naming it, and writes nothing', async () => {
    const file = await env.work.write('scim.yaml', 'version: 1\ngroups:\n  - { name: Platform }\n  - { name: Old team }\n  - { name: Okta Eng, members: [dana@example.com] }\n');
    const result = await runCli(['plan', file], target());
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('group "Okta Eng" is managed by SCIM');
    expect(env.emulator.requests().filter((r) => r.method !== 'GET')).toEqual([]);
  });

  it('counts group removals against the destroy limits', async () => {
    const file = await env.work.write('few-groups.yaml', 'version: 1\norgform: { destroy_limits: { max_count: 1 } }\ngroups: []\n');
    const result = await runCli(['apply', file, '--auto-approve'], target());
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/removes 2 groups, over the limit of 1/);
    expect(env.emulator.requests().filter((r) => r.method !== 'GET')).toEqual([]);
  });
});

describe('NextCursorPage lists across pages', () => {
  it('reads every group of a list longer than a page (the opaque `next` cursor), and round-trips it', async () => {
    const seed = accessOrg();
    env.emulator.setState({
      ...seed,
      groups: [...(seed.groups ?? []), ...Array.from({ length: 120 }, (_, i) => ({ name: `team-${String(i).padStart(3, '0')}` }))],
    });
    const out = await exportTo('many-groups.yaml');
    expect((await readFile(out, 'utf8')).match(/- name: team-\d{3}/g)).toHaveLength(120);
    const pages = env.emulator.requests().filter((r) => r.path === '/v1/organization/groups' || r.path === '/organization/groups');
    expect(pages.some((r) => /after=cur_/.test(r.query))).toBe(true);
    await expectNoChanges(out);
  });
});

describe('the last owner through a group', () => {
  it('refuses a plan that removes the only owner by emptying the group that holds the owner role', async () => {
    const seed = accessOrg();
    env.emulator.setState({
      ...seed,
      // Nobody is an owner by legacy role: the owner role comes only through the Admins group.
      users: (seed.users ?? []).map((u) => ({ ...u, role: 'reader' as const })),
      groups: [...(seed.groups ?? []), { id: 'group_admins', name: 'Admins', members: [{ email: 'carol@example.com' }] }],
      role_assignments: [...(seed.role_assignments ?? []), { group_name: 'Admins', role_id: 'role-api-organization-owner__api-organization__org-e2e' }],
    });
    const file = await env.work.write(
      'no-owner-group.yaml',
      'version: 1\ngroups:\n  - { name: Platform }\n  - { name: Okta Eng }\n  - { name: Old team }\n  - { name: Admins, members: [] }\n',
    );
    const result = await runCli(['apply', file, '--auto-approve', '--allow-destroy'], target());
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('without an owner');
    expect(env.emulator.requests().filter((r) => r.method !== 'GET')).toEqual([]);
  });
});
