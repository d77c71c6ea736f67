// Custom roles through the SDK, at organization level and at /projects/{id}/roles: `role_name`
// in, `name` out; predefined roles listed and read-only; NextCursorPage lists.
import { BadRequestError, NotFoundError } from 'openai';
import type { Role } from 'openai/resources/admin/organization/roles';
import { describe, expect, test } from 'vitest';
import { collect, failure, raw, useSdk } from './support.js';

const env = useSdk();
const roles = () => env.client.admin.organization.roles;
const projectRoles = () => env.client.admin.organization.projects.roles;

describe('organization roles', () => {
  test('predefined roles first, then the seeded custom one', async () => {
    const listed = await collect(roles().list());
    expect(listed.map((r) => [r.id, r.name, r.predefined_role])).toEqual([
      ['role-api-organization-owner__api-organization__org-acme', 'owner', true],
      ['role-api-organization-reader__api-organization__org-acme', 'reader', true],
      ['role_spendwatcher', 'spend-watcher', false],
    ]);
    expect(listed[2]).toEqual({
      id: 'role_spendwatcher',
      object: 'role',
      name: 'spend-watcher',
      description: 'Reads usage and spend',
      permissions: ['api.organization.usage.read'],
      predefined_role: false,
      resource_type: 'api.organization',
    });
  });

  test('create with role_name, answered with name; update is partial; delete', async () => {
    const created = await roles().create({ role_name: 'auditor', permissions: ['api.organization.read'] });
    expect(created).toMatchObject({ object: 'role', name: 'auditor', description: null, predefined_role: false });
    expect(created).not.toHaveProperty('role_name');
    expect(created.id).toMatch(/^role_/);

    const described = await roles().update(created.id, { description: 'Reads everything' });
    expect(described).toMatchObject({ name: 'auditor', description: 'Reads everything', permissions: ['api.organization.read'] });
    const renamed = await roles().update(created.id, { role_name: 'audit', permissions: ['a', 'b'] });
    expect(renamed).toMatchObject({ name: 'audit', description: 'Reads everything', permissions: ['a', 'b'] });
    expect(await roles().retrieve(created.id)).toEqual(renamed);

    expect(await roles().delete(created.id)).toEqual({ id: created.id, object: 'role.deleted', deleted: true });
    expect(await failure(roles().retrieve(created.id))).toBeInstanceOf(NotFoundError);
  });

  test('names are unique, predefined ones included; `name` is not a request field', async () => {
    expect((await failure(roles().create({ role_name: 'spend-watcher', permissions: [] }))).param).toBe('role_name');
    expect((await failure(roles().create({ role_name: 'owner', permissions: [] }))).param).toBe('role_name');
    const wrongField = await raw(env.emu, 'POST', '/v1/organization/roles', {
      body: JSON.stringify({ name: 'x', permissions: [] }),
    });
    expect(wrongField.status).toBe(400);
    expect((await failure(roles().create({ role_name: 'x' } as never))).param).toBe('permissions');
  });

  test('predefined roles cannot be changed or deleted', async () => {
    const owner = 'role-api-organization-owner__api-organization__org-acme';
    expect((await roles().retrieve(owner)).predefined_role).toBe(true);
    expect(await failure(roles().update(owner, { description: 'mine now' }))).toBeInstanceOf(BadRequestError);
    expect(await failure(roles().delete(owner))).toBeInstanceOf(BadRequestError);
    expect(await failure(roles().retrieve('role_nope'))).toBeInstanceOf(NotFoundError);
  });

  test('for await pages through many roles', async () => {
    const made: Role[] = [];
    for (let i = 0; i < 4; i++) made.push(await roles().create({ role_name: `r${i}`, permissions: [] }));
    const listed = await collect(roles().list({ limit: 2 }));
    expect(listed.map((r) => r.name)).toEqual(['owner', 'reader', 'spend-watcher', 'r0', 'r1', 'r2', 'r3']);
    const desc = await collect(roles().list({ limit: 3, order: 'desc' }));
    expect(desc.map((r) => r.name)).toEqual(listed.map((r) => r.name).reverse());
  });
});

describe('project roles', () => {
  test('live under /projects/{id}/roles, not /organization/projects', async () => {
    expect((await raw(env.emu, 'GET', '/v1/projects/proj_default/roles')).status).toBe(200);
    expect((await raw(env.emu, 'GET', '/v1/organization/projects/proj_default/roles')).status).toBe(404);
  });

  test('predefined project roles are served project-scoped, and found by either id', async () => {
    const listed = await collect(projectRoles().list('proj_research'));
    expect(listed.map((r) => r.id)).toEqual([
      'role-api-project-owner__api-project__proj_research',
      'role-api-project-member__api-project__proj_research',
      'role-api-project-viewer__api-project__proj_research',
    ]);
    expect(listed.every((r) => r.predefined_role && r.resource_type === 'api.project')).toBe(true);
    const short = await projectRoles().retrieve('role-api-project-owner', { project_id: 'proj_research' });
    expect(short.id).toBe('role-api-project-owner__api-project__proj_research');
    const long = await projectRoles().retrieve(short.id, { project_id: 'proj_research' });
    expect(long).toEqual(short);
    const elsewhere = projectRoles().retrieve('role-api-project-owner__api-project__proj_default', { project_id: 'proj_research' });
    expect(await failure(elsewhere)).toBeInstanceOf(NotFoundError);
  });

  test('custom project roles belong to their project', async () => {
    const role = await projectRoles().create('proj_research', { role_name: 'deployer', permissions: ['api.project.write'] });
    expect(role).toMatchObject({ object: 'role', name: 'deployer', resource_type: 'api.project', predefined_role: false });
    const updated = await projectRoles().update(role.id, { project_id: 'proj_research', permissions: ['api.project.read'] });
    expect(updated.permissions).toEqual(['api.project.read']);
    expect(await failure(projectRoles().retrieve(role.id, { project_id: 'proj_default' }))).toBeInstanceOf(NotFoundError);
    expect((await collect(roles().list())).map((r) => r.id)).not.toContain(role.id);
    expect(await projectRoles().delete(role.id, { project_id: 'proj_research' })).toEqual({
      id: role.id,
      object: 'role.deleted',
      deleted: true,
    });
  });

  test('unknown and archived projects', async () => {
    expect(await failure(projectRoles().list('proj_nope'))).toBeInstanceOf(NotFoundError);
    const archived = projectRoles().create('proj_oldarchive', { role_name: 'x', permissions: [] });
    expect(await failure(archived)).toBeInstanceOf(BadRequestError);
    expect((await collect(projectRoles().list('proj_oldarchive'))).length).toBe(3);
  });
});

test('role.created, .updated and .deleted events as the SDK types them', async () => {
  const role = await roles().create({ role_name: 'ops', permissions: ['a', 'b'] });
  await roles().update(role.id, { role_name: 'ops2', permissions: ['b', 'c'] });
  await roles().delete(role.id);
  const events = await collect(env.client.admin.organization.auditLogs.list({ resource_ids: [role.id] }));
  expect(events.map((e) => e.type)).toEqual(['role.deleted', 'role.updated', 'role.created']);
  expect(events[2]?.['role.created']).toEqual({
    id: role.id,
    role_name: 'ops',
    permissions: ['a', 'b'],
    resource_type: 'api.organization',
    resource_id: 'org-acme',
  });
  expect(events[1]?.['role.updated']?.changes_requested).toEqual({
    role_name: 'ops2',
    permissions_added: ['c'],
    permissions_removed: ['a'],
    resource_type: 'api.organization',
    resource_id: 'org-acme',
  });
  const projectRole = await projectRoles().create('proj_research', { role_name: 'p', permissions: [] });
  const [created] = await collect(env.client.admin.organization.auditLogs.list({ resource_ids: [projectRole.id] }));
  expect(created?.project).toEqual({ id: 'proj_research', name: 'Research' });
});
