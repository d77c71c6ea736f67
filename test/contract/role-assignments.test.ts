// Role assignments through the SDK: users and groups, at organization level and under
// /projects/{id}/..., the predefined project role alias round trip, and NextCursorPage lists.
import { BadRequestError, NotFoundError } from 'openai';
import { describe, expect, test } from 'vitest';
import { collect, failure, raw, useSdk } from './support.js';

const env = useSdk();
const org = () => env.client.admin.organization;
const ORG_READER = 'role-api-organization-reader__api-organization__org-acme';

describe('organization roles of users', () => {
  test('assign answers user.role with the role and the user; list, retrieve, unassign', async () => {
    const assigned = await org().users.roles.create('user-dave', { role_id: 'role_spendwatcher' });
    expect(assigned.object).toBe('user.role');
    expect(assigned.role).toMatchObject({ id: 'role_spendwatcher', object: 'role', name: 'spend-watcher' });
    expect(assigned.user).toMatchObject({ id: 'user-dave', object: 'organization.user', email: 'dave@example.com' });

    const entries = await collect(org().users.roles.list('user-dave'));
    expect(entries).toEqual([
      {
        id: 'role_spendwatcher',
        name: 'spend-watcher',
        description: 'Reads usage and spend',
        permissions: ['api.organization.usage.read'],
        predefined_role: false,
        resource_type: 'api.organization',
        metadata: null,
        created_at: 1712016000,
        updated_at: 1712016000,
        created_by: null,
        created_by_user_obj: null,
        assignment_sources: null,
      },
    ]);
    expect(await org().users.roles.retrieve('role_spendwatcher', { user_id: 'user-dave' })).toEqual(entries[0]);
    expect(await org().users.roles.delete('role_spendwatcher', { user_id: 'user-dave' })).toEqual({
      object: 'user.role.deleted',
      deleted: true,
    });
    expect(await collect(org().users.roles.list('user-dave'))).toEqual([]);
  });

  test('predefined organization roles are assignable; errors for unknown, foreign or repeated roles', async () => {
    const reader = await org().users.roles.create('user-dave', { role_id: ORG_READER });
    expect(reader.role.predefined_role).toBe(true);
    const again = await failure(org().users.roles.create('user-dave', { role_id: ORG_READER }));
    expect(again).toBeInstanceOf(BadRequestError);
    expect((await failure(org().users.roles.create('user-dave', { role_id: 'role_nope' }))).param).toBe('role_id');
    const projectRole = org().users.roles.create('user-dave', { role_id: 'role-api-project-owner' });
    expect((await failure(projectRole)).param).toBe('role_id');
    expect(await failure(org().users.roles.list('user-nope'))).toBeInstanceOf(NotFoundError);
    expect(await failure(org().users.roles.retrieve('role_spendwatcher', { user_id: 'user-dave' }))).toBeInstanceOf(NotFoundError);
  });

  test('deleting a role or a user removes its assignments', async () => {
    const role = await org().roles.create({ role_name: 'temp', permissions: [] });
    await org().users.roles.create('user-bob', { role_id: role.id });
    await org().users.roles.create('user-bob', { role_id: 'role_spendwatcher' });
    await org().roles.delete(role.id);
    expect((await collect(org().users.roles.list('user-bob'))).map((r) => r.id)).toEqual(['role_spendwatcher']);
    await org().users.delete('user-bob');
    const state = env.emu.getState();
    expect(state.role_assignments.filter((a) => a.principal_id === 'user-bob')).toEqual([]);
  });
});

describe('organization roles of groups', () => {
  test('the seeded assignment; assign answers group.role with scim_managed', async () => {
    expect((await collect(org().groups.roles.list('group_platform'))).map((r) => r.id)).toEqual(['role_spendwatcher']);
    const assigned = await org().groups.roles.create('group_okta_engineering', { role_id: ORG_READER });
    expect(assigned).toEqual({
      object: 'group.role',
      role: expect.objectContaining({ id: ORG_READER, predefined_role: true }),
      group: { id: 'group_okta_engineering', object: 'group', name: 'Engineering (Okta)', created_at: 1712016000, scim_managed: true },
    });
    expect(await org().groups.roles.retrieve(ORG_READER, { group_id: 'group_okta_engineering' })).toMatchObject({ id: ORG_READER });
    expect(await org().groups.roles.delete(ORG_READER, { group_id: 'group_okta_engineering' })).toEqual({
      object: 'group.role.deleted',
      deleted: true,
    });
    expect(await failure(org().groups.roles.list('group_nope'))).toBeInstanceOf(NotFoundError);
  });

  test('for await pages through a NextCursorPage of assignments', async () => {
    for (let i = 0; i < 4; i++) {
      const role = await org().roles.create({ role_name: `team-${i}`, permissions: [] });
      await org().groups.roles.create('group_platform', { role_id: role.id });
    }
    const entries = await collect(org().groups.roles.list('group_platform', { limit: 2 }));
    expect(entries.map((r) => r.name)).toEqual(['spend-watcher', 'team-0', 'team-1', 'team-2', 'team-3']);
    const page = await org().groups.roles.list('group_platform', { limit: 2 });
    expect(page.next).not.toBe(page.data.at(-1)?.id);
  });
});

describe('project roles of users', () => {
  test('the alias round trip: assign by the short id, served scoped, found and removed by either', async () => {
    const roles = () => org().projects.users.roles;
    const scoped = 'role-api-project-viewer__api-project__proj_research';
    const assigned = await roles().create('user-dave', { project_id: 'proj_research', role_id: 'role-api-project-viewer' });
    expect(assigned).toMatchObject({ object: 'user.role', role: { id: scoped, name: 'viewer' }, user: { id: 'user-dave' } });
    const listed = await collect(roles().list('user-dave', { project_id: 'proj_research' }));
    expect(listed.map((r) => r.id)).toEqual([scoped]);
    expect((await roles().retrieve('role-api-project-viewer', { project_id: 'proj_research', user_id: 'user-dave' })).id).toBe(scoped);
    expect((await roles().retrieve(scoped, { project_id: 'proj_research', user_id: 'user-dave' })).id).toBe(scoped);
    const twice = roles().create('user-dave', { project_id: 'proj_research', role_id: scoped });
    expect(await failure(twice)).toBeInstanceOf(BadRequestError);
    expect(await roles().delete('role-api-project-viewer', { project_id: 'proj_research', user_id: 'user-dave' })).toEqual({
      object: 'user.role.deleted',
      deleted: true,
    });
    expect(await collect(roles().list('user-dave', { project_id: 'proj_research' }))).toEqual([]);
  });

  test('project roles of one project are not assignable in another; paths live under /projects', async () => {
    const foreign = org().projects.users.roles.create('user-dave', {
      project_id: 'proj_default',
      role_id: 'role-api-project-owner__api-project__proj_research',
    });
    expect((await failure(foreign)).param).toBe('role_id');
    expect((await raw(env.emu, 'GET', '/v1/projects/proj_default/users/user-dave/roles')).status).toBe(200);
    expect((await raw(env.emu, 'GET', '/v1/organization/projects/proj_default/users/user-dave/roles')).status).toBe(404);
  });
});

describe('project roles of groups', () => {
  test('the role granted with project access is listed; more can be assigned', async () => {
    const roles = () => org().projects.groups.roles;
    const member = 'role-api-project-member__api-project__proj_research';
    expect((await collect(roles().list('group_platform', { project_id: 'proj_research' }))).map((r) => r.id)).toEqual([member]);
    const owner = await roles().create('group_platform', { project_id: 'proj_research', role_id: 'role-api-project-owner' });
    expect(owner).toMatchObject({ object: 'group.role', role: { id: 'role-api-project-owner__api-project__proj_research' } });
    expect(await roles().delete('role-api-project-owner', { project_id: 'proj_research', group_id: 'group_platform' })).toEqual({
      object: 'group.role.deleted',
      deleted: true,
    });
  });

  test('a group needs project access before it gets a project role', async () => {
    const error = await failure(
      org().projects.groups.roles.create('group_platform', { project_id: 'proj_default', role_id: 'role-api-project-member' }),
    );
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error.param).toBe('group_id');
  });
});

describe('audit events', () => {
  test('role.assignment.created and .deleted, as the SDK types them', async () => {
    await org().users.roles.create('user-dave', { role_id: 'role_spendwatcher' });
    await org().users.roles.delete('role_spendwatcher', { user_id: 'user-dave' });
    const events = await collect(org().auditLogs.list({ event_types: ['role.assignment.created', 'role.assignment.deleted'] }));
    expect(events.map((e) => e.type)).toEqual(['role.assignment.deleted', 'role.assignment.created']);
    expect(events[1]?.['role.assignment.created']).toEqual({
      id: 'role_assignment_role_spendwatcher_user-dave',
      principal_id: 'user-dave',
      principal_type: 'user',
      resource_id: 'org-acme',
      resource_type: 'api.organization',
    });
  });
});
