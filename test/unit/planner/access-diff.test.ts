// The access kinds' pure diff (issue 14) on plain objects: groups and members as sets, SCIM
// groups never written, roles by name (either id form of a predefined role is the same role),
// per-role authority of role assignments, project groups, and the last owner through a group.

import { describe, expect, it } from 'vitest';
import type { LiveGroup } from '../../../src/kinds/access-live.js';
import { canonicalRoleId, roleName } from '../../../src/kinds/access-live.js';
import { makePlan } from '../../../src/planner/plan.js';
import { PlanError } from '../../../src/errors.js';
import type { ApiRole } from '../../../src/providers/openai/access-types.js';
import type { Change } from '../../../src/plan/types.js';
import { desiredOrg, desiredProject, liveOrg, liveProject, orgUser } from './builders.js';

const URL = 'http://emulator/v1';
const ids = (changes: Change[]) => changes.map((c) => c.id).sort();

const users = [orgUser('u-alice', 'alice@x.com', 'owner'), orgUser('u-bob', 'bob@x.com', 'reader'), orgUser('u-carol', 'carol@x.com', 'reader')];
const assigned = (name: string, id = `role_${name}`) => ({ id, name });
const group = (id: string, name: string, members: string[], roles: string[] = [], scim = false): LiveGroup => ({
  group: { id, name, created_at: 1, is_scim_managed: scim },
  members: members.map((email) => ({ id: users.find((u) => u.email === email)?.id ?? email, email })),
  roles: roles.map((r) => assigned(r)),
});
const role = (id: string, name: string, permissions: string[], predefined = false): ApiRole => ({
  id,
  name,
  permissions,
  predefined_role: predefined,
  resource_type: 'api.organization',
});

describe('groups and members', () => {
  const live = liveOrg([], {}, {
    users,
    groups: [group('g1', 'Platform', ['alice@x.com', 'bob@x.com']), group('g2', 'Okta', ['carol@x.com'], [], true), group('g3', 'Old', [])],
  });

  it('one change per member added or removed; unlisted groups go, SCIM ones are left alone', () => {
    const plan = makePlan(
      desiredOrg({ groups: [{ name: 'Platform', members: ['alice@x.com', 'carol@x.com'] }, { name: 'New', members: ['bob@x.com'] }] }),
      live,
      URL,
    );
    expect(ids(plan.changes)).toEqual([
      'create group["New"]',
      'create group["New"].member["bob@x.com"]',
      'create group["Platform"].member["carol@x.com"]',
      'delete group["Old"]',
      'delete group["Platform"].member["bob@x.com"]',
    ]);
    expect(plan.changes.find((c) => c.id === 'create group["New"].member["bob@x.com"]')?.dependsOn).toEqual(['create group["New"]']);
    expect(plan.unmanaged).toContainEqual(expect.objectContaining({ kind: 'group', count: 1 }));
    expect(plan.managed_counts['group']).toBe(2);
  });

  it('an absent members list leaves membership alone; an absent groups key leaves every group alone', () => {
    expect(makePlan(desiredOrg({ groups: [{ name: 'Platform' }, { name: 'Okta' }, { name: 'Old' }] }), live, URL).changes).toEqual([]);
    expect(makePlan(desiredOrg(), live, URL).changes).toEqual([]);
  });

  it('a file that changes a SCIM-managed group is an error naming it', () => {
    const desired = desiredOrg({ groups: [{ name: 'Okta', members: ['alice@x.com'] }] });
    expect(() => makePlan(desired, live, URL)).toThrow(/group "Okta" is managed by SCIM/);
    // Listing exactly its live members is a reference, not a change.
    const same = makePlan(desiredOrg({ groups: [{ name: 'Okta', members: ['carol@x.com'] }] }), live, URL);
    expect(ids(same.changes)).toEqual(['delete group["Old"]', 'delete group["Platform"]']);
  });

  it('a member who is not an organization user is an error, not an invite', () => {
    expect(() => makePlan(desiredOrg({ groups: [{ name: 'Platform', members: ['zed@x.com'] }] }), live, URL)).toThrow(PlanError);
  });
});

describe('roles and role assignments', () => {
  const live = liveOrg([], {}, {
    users,
    user_roles: { 'u-alice': [], 'u-bob': [assigned('watcher', 'role_w')], 'u-carol': [] },
    groups: [group('g1', 'Platform', ['bob@x.com'], ['watcher'])],
    roles: [role('r-owner', 'owner', ['a'], true), role('role_w', 'watcher', ['b', 'a'])],
  });

  it('compares permissions as a set and never writes a predefined role', () => {
    const same = makePlan(desiredOrg({ roles: [{ name: 'watcher', permissions: ['a', 'b'] }] }), live, URL);
    expect(same.changes).toEqual([]);
    const changed = makePlan(desiredOrg({ roles: [{ name: 'auditor', permissions: ['c'] }] }), live, URL);
    expect(ids(changed.changes)).toEqual(['create role["auditor"]', 'delete role["watcher"]']);
  });

  it('each list present is authoritative for its role; absent lists and unnamed roles are left alone', () => {
    const plan = makePlan(
      desiredOrg({ role_assignments: [{ role: 'watcher', users: ['carol@x.com'] }, { role: 'owner', groups: ['Platform'] }] }),
      live,
      URL,
    );
    expect(ids(plan.changes)).toEqual([
      'create role_assignment["owner"].group["Platform"]',
      'create role_assignment["watcher"].user["carol@x.com"]',
      'delete role_assignment["watcher"].user["bob@x.com"]',
    ]);
    // Platform keeps watcher: the role's groups list is absent.
  });

  it('an assignment waits for the role and the group this plan creates', () => {
    const plan = makePlan(
      desiredOrg({
        groups: [{ name: 'Platform' }, { name: 'Ops' }],
        roles: [{ name: 'watcher', permissions: ['a', 'b'] }, { name: 'auditor', permissions: ['c'] }],
        role_assignments: [{ role: 'auditor', groups: ['Ops'] }],
      }),
      live,
      URL,
    );
    expect(plan.changes.find((c) => c.id === 'create role_assignment["auditor"].group["Ops"]')?.dependsOn).toEqual([
      'create group["Ops"]',
      'create role["auditor"]',
    ]);
  });

  it('names an unknown role or group instead of guessing', () => {
    expect(() => makePlan(desiredOrg({ role_assignments: [{ role: 'nope', users: ['bob@x.com'] }] }), live, URL)).toThrow(
      /no organization role is named "nope"/,
    );
    expect(() => makePlan(desiredOrg({ role_assignments: [{ role: 'watcher', groups: ['Ghost'] }] }), live, URL)).toThrow(
      /no group is named "Ghost"/,
    );
  });
});

describe('predefined role ids', () => {
  it('the short alias and the project-scoped id are one role', () => {
    expect(canonicalRoleId('role-api-project-owner__api-project__proj_1')).toBe('role-api-project-owner');
    expect(canonicalRoleId('role-api-project-owner')).toBe('role-api-project-owner');
    expect(canonicalRoleId('role_custom')).toBe('role_custom');
    expect(roleName({ id: 'role-api-project-viewer__api-project__proj_9', name: '' })).toBe('viewer');
  });

  it('a project group holding its predefined role under either id form is no drift', () => {
    for (const id of ['role-api-project-member', 'role-api-project-member__api-project__p1']) {
      const live = liveOrg([liveProject('p1', 'Research')], {
        p1: {
          groups: [
            {
              group: { project_id: 'p1', group_id: 'g1', group_name: 'Platform', created_at: 1 },
              roles: [{ id, name: 'member' }],
            },
          ],
        },
      }, { users, groups: [group('g1', 'Platform', [])] });
      const desired = desiredOrg({ projects: [desiredProject('Research', { groups: [{ group: 'Platform', role: 'member' }] })] });
      expect(makePlan(desired, live, URL).changes).toEqual([]);
    }
  });
});

describe('project groups and project role assignments', () => {
  const live = liveOrg([liveProject('p1', 'Research')], {
    p1: {
      groups: [
        { group: { project_id: 'p1', group_id: 'g1', group_name: 'Platform', created_at: 1 }, roles: [assigned('member'), assigned('deployer')] },
        { group: { project_id: 'p1', group_id: 'g2', group_name: 'Old', created_at: 1 }, roles: [assigned('viewer')] },
      ],
      role_assignments: {
        users: { 'u-bob': [assigned('deployer')] },
        groups: { g1: [assigned('member'), assigned('deployer')], g2: [assigned('viewer')] },
      },
    },
  }, { users, groups: [group('g1', 'Platform', []), group('g2', 'Old', []), group('g3', 'New', [])] });

  it('a listed group holds exactly its role plus the assignments naming it; unlisted groups lose access', () => {
    const desired = desiredOrg({
      projects: [
        desiredProject('Research', {
          groups: [{ group: 'Platform', role: 'viewer' }, { group: 'New', role: 'member' }],
          role_assignments: [{ role: 'deployer', users: [] }],
        }),
      ],
    });
    expect(ids(makePlan(desired, live, URL).changes)).toEqual([
      'create project["Research"].group["New"]',
      'delete project["Research"].group["Old"]',
      'delete project["Research"].role_assignment["deployer"].group["Platform"]',
      'delete project["Research"].role_assignment["deployer"].user["bob@x.com"]',
      'delete project["Research"].role_assignment["member"].group["Platform"]',
      'update project["Research"].group["Platform"]',
    ]);
    // The group's new role is in place before its old one goes.
    const plan = makePlan(desired, live, URL);
    expect(plan.changes.find((c) => c.id === 'delete project["Research"].role_assignment["member"].group["Platform"]')?.dependsOn).toEqual([
      'update project["Research"].group["Platform"]',
    ]);
  });
});

describe('project role assignments for users', () => {
  it('need project membership: a live member, or one this plan adds first', () => {
    const live = liveOrg([liveProject('p1', 'Research')], {
      p1: { members: [], role_assignments: { users: {}, groups: {} } },
    }, { users });
    const outsider = desiredOrg({ projects: [desiredProject('Research', { role_assignments: [{ role: 'viewer', users: ['bob@x.com'] }] })] });
    expect(() => makePlan(outsider, live, URL)).toThrow(/bob@x.com is not a member of the project/);
    const joining = desiredOrg({
      projects: [
        desiredProject('Research', {
          members: [{ email: 'bob@x.com', role: 'member' }],
          role_assignments: [{ role: 'viewer', users: ['bob@x.com'] }],
        }),
      ],
    });
    const plan = makePlan(joining, live, URL);
    expect(plan.changes.find((c) => c.kind === 'project_role_assignment')?.dependsOn).toEqual([
      'create project["Research"].member["bob@x.com"]',
    ]);
  });
});

describe('audit attribution', () => {
  it('asks the audit log for the event types the SDK documents, and for nothing where it has none', async () => {
    const { kindSpec } = await import('../../../src/kinds/registry.js');
    const plan = makePlan(
      desiredOrg({ groups: [{ name: 'Platform', members: ['alice@x.com'] }], roles: [], role_assignments: [{ role: 'watcher', users: [] }] }),
      liveOrg([], {}, {
        users,
        user_roles: { 'u-bob': [assigned('watcher', 'role_w')] },
        groups: [group('g1', 'Platform', ['alice@x.com', 'bob@x.com'])],
        roles: [role('role_w', 'watcher', ['a'])],
      }),
      URL,
    );
    const queries = Object.fromEntries(plan.changes.map((c) => [c.id, kindSpec(c.kind).audit?.(c) ?? null]));
    expect(queries).toEqual({
      'delete group["Platform"].member["bob@x.com"]': null,
      'delete role["watcher"]': { event_types: ['role.created', 'role.updated', 'role.deleted'], resource_ids: ['role_w'] },
    });
    // Deleting the role takes its assignments with it: no second write for them.
    const kept = makePlan(
      desiredOrg({ role_assignments: [{ role: 'watcher', users: [] }] }),
      liveOrg([], {}, { users, user_roles: { 'u-bob': [assigned('watcher', 'role_w')] }, roles: [role('role_w', 'watcher', ['a'])] }),
      URL,
    );
    const change = kept.changes[0] as Change;
    expect(kindSpec(change.kind).audit?.(change)).toEqual({
      event_types: ['role.assignment.created', 'role.assignment.deleted'],
      resource_ids: ['u-bob'],
    });
  });
});

describe('the last owner', () => {
  it('refuses removing the only owner through the group that holds the owner role', () => {
    const readers = users.map((u) => ({ ...u, role: 'reader' }));
    const live = liveOrg([], {}, { users: readers, groups: [group('g1', 'Admins', ['carol@x.com'], ['owner'])] });
    const plan = makePlan(desiredOrg({ groups: [{ name: 'Admins', members: [] }] }), live, URL);
    expect(plan.refusals.map((r) => r.rule)).toEqual(['last_owner']);
    const handover = makePlan(desiredOrg({ groups: [{ name: 'Admins', members: ['bob@x.com'] }] }), live, URL);
    expect(handover.refusals).toEqual([]);
  });
});
