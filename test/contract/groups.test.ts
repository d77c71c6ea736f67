// Groups and group members through the SDK: NextCursorPage lists, the shapes the SDK types, and
// SCIM-managed groups that can be read but never written.
import { BadRequestError, NotFoundError } from 'openai';
import type { Group } from 'openai/resources/admin/organization/groups/groups';
import { describe, expect, test } from 'vitest';
import { collect, errorOf, failure, raw, useSdk } from './support.js';

const env = useSdk();
const groups = () => env.client.admin.organization.groups;

describe('groups', () => {
  test('the seeded groups, then create, retrieve, rename, delete', async () => {
    expect(await collect(groups().list())).toEqual([
      { id: 'group_platform', name: 'Platform', created_at: 1709251200, group_type: 'group', is_scim_managed: false },
      {
        id: 'group_okta_engineering',
        name: 'Engineering (Okta)',
        created_at: 1712016000,
        group_type: 'group',
        is_scim_managed: true,
      },
    ]);
    const created = await groups().create({ name: 'Data science' });
    expect(created).toMatchObject({ name: 'Data science', group_type: 'group', is_scim_managed: false });
    expect(created.id).toMatch(/^group_/);
    expect(await groups().retrieve(created.id)).toEqual(created);

    const renamed = await groups().update(created.id, { name: 'Data Science' });
    expect(renamed).toEqual({ id: created.id, name: 'Data Science', created_at: created.created_at, is_scim_managed: false });

    expect(await groups().delete(created.id)).toEqual({ id: created.id, object: 'group.deleted', deleted: true });
    expect(await failure(groups().retrieve(created.id))).toBeInstanceOf(NotFoundError);
  });

  test('for await walks every page of a NextCursorPage list, in both orders', async () => {
    const made: Group[] = [];
    for (let i = 0; i < 5; i++) made.push(await groups().create({ name: `team-${i}` }));
    const asc = await collect(groups().list({ limit: 2 }));
    expect(asc.map((g) => g.name)).toEqual(['Platform', 'Engineering (Okta)', ...made.map((g) => g.name)]);
    const desc = await collect(groups().list({ limit: 3, order: 'desc' }));
    expect(desc.map((g) => g.id)).toEqual(asc.map((g) => g.id).reverse());

    const first = await groups().list({ limit: 2 });
    expect(first.has_more).toBe(true);
    expect(first.next).toBeTruthy();
    expect(first.data.map((g) => g.id)).not.toContain(first.next);
    const second = await first.getNextPage();
    expect(second.data.map((g) => g.name)).toEqual(['team-0', 'team-1']);
  });

  test('the envelope has next and has_more, and no last_id; a bad cursor is a 400', async () => {
    const page = await raw(env.emu, 'GET', '/v1/organization/groups?limit=1');
    expect(page.status).toBe(200);
    expect(Object.keys(page.body as object).sort()).toEqual(['data', 'has_more', 'next', 'object']);
    const bad = await raw(env.emu, 'GET', '/v1/organization/groups?after=group_platform');
    expect(bad.status).toBe(400);
    expect(errorOf(bad.body)).toMatchObject({ type: 'invalid_request_error', param: 'after' });
  });

  test('create needs a name; unknown ids are 404', async () => {
    const error = await failure(groups().create({ name: '' }));
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error.param).toBe('name');
    expect(await failure(groups().update('group_nope', { name: 'x' }))).toBeInstanceOf(NotFoundError);
    expect(await failure(groups().delete('group_nope'))).toBeInstanceOf(NotFoundError);
  });
});

describe('group users', () => {
  test('list, add, retrieve, remove', async () => {
    const users = () => groups().users;
    expect(await collect(users().list('group_platform'))).toEqual([
      { id: 'user-alice', name: 'Alice Anders', email: 'alice@example.com' },
      { id: 'user-bob', name: 'Bob Brandt', email: 'bob@example.com' },
    ]);
    expect(await users().create('group_platform', { user_id: 'user-carol' })).toEqual({
      object: 'group.user',
      group_id: 'group_platform',
      user_id: 'user-carol',
    });
    expect(await users().retrieve('user-carol', { group_id: 'group_platform' })).toEqual({
      id: 'user-carol',
      name: 'Carol Chen',
      email: 'carol@example.com',
      picture: null,
      is_service_account: false,
      user_type: 'user',
    });
    const paged = await collect(users().list('group_platform', { limit: 1 }));
    expect(paged.map((u) => u.id)).toEqual(['user-alice', 'user-bob', 'user-carol']);
    expect(await users().delete('user-bob', { group_id: 'group_platform' })).toEqual({
      object: 'group.user.deleted',
      deleted: true,
    });
    expect(await failure(users().retrieve('user-bob', { group_id: 'group_platform' }))).toBeInstanceOf(NotFoundError);
  });

  test('only org users, once each', async () => {
    const users = () => groups().users;
    expect((await failure(users().create('group_platform', { user_id: 'user-nope' }))).param).toBe('user_id');
    expect((await failure(users().create('group_platform', { user_id: 'svc_acct_oldbot' }))).param).toBe('user_id');
    expect((await failure(users().create('group_platform', { user_id: 'user-alice' }))).status).toBe(400);
    expect(await failure(users().list('group_nope'))).toBeInstanceOf(NotFoundError);
  });

  test('a deleted org user leaves every group', async () => {
    await env.client.admin.organization.users.delete('user-bob');
    const members = await collect(groups().users.list('group_platform'));
    expect(members.map((u) => u.id)).toEqual(['user-alice']);
  });
});

describe('SCIM-managed groups', () => {
  const scim = 'group_okta_engineering';

  test('are readable, with their members', async () => {
    expect((await groups().retrieve(scim)).is_scim_managed).toBe(true);
    const members = await collect(groups().users.list(scim));
    expect(members.map((u) => u.email)).toEqual(['scim.sam@example.com', 'dave@example.com']);
  });

  test('refuse every write with a 400 that names the group, and stay as they were', async () => {
    const attempts = [
      () => groups().update(scim, { name: 'Renamed' }),
      () => groups().delete(scim),
      () => groups().users.create(scim, { user_id: 'user-alice' }),
      () => groups().users.delete('user-dave', { group_id: scim }),
    ];
    for (const attempt of attempts) {
      const error = await failure(attempt());
      expect(error).toBeInstanceOf(BadRequestError);
      expect(error.message).toContain('Engineering (Okta)');
      expect(error.message).toContain('SCIM');
    }
    expect((await groups().retrieve(scim)).name).toBe('Engineering (Okta)');
    expect(await collect(groups().users.list(scim))).toHaveLength(2);
  });
});

test('group.created, .updated and .deleted events as the SDK types them; membership has no event type', async () => {
  const group = await groups().create({ name: 'Ops' });
  await groups().update(group.id, { name: 'Ops team' });
  await groups().users.create(group.id, { user_id: 'user-dave' });
  await groups().delete(group.id);
  const events = await collect(env.client.admin.organization.auditLogs.list({ resource_ids: [group.id] }));
  expect(events.map((e) => e.type)).toEqual(['group.deleted', 'group.updated', 'group.created']);
  expect(events[2]?.['group.created']).toEqual({ id: group.id, data: { group_name: 'Ops' } });
  expect(events[1]?.['group.updated']).toEqual({ id: group.id, changes_requested: { group_name: 'Ops team' } });
  expect(events[0]?.['group.deleted']).toEqual({ id: group.id });
});
