// Project users through the SDK: list, add (by user_id or email), retrieve, change role, remove.
import OpenAI from 'openai';
import type { ProjectUser } from 'openai/resources/admin/organization/projects/users/users';
import { expect, test } from 'vitest';
import { collect, failure, useSdk } from './support.js';

const env = useSdk();

const users = () => env.client.admin.organization.projects.users;

test('a project lists its members and its service accounts (email null)', async () => {
  const list = await collect(users().list('proj_research'));
  expect(list.map((u) => [u.id, u.role, u.email])).toEqual([
    ['user-alice', 'owner', 'alice@example.com'],
    ['user-bob', 'member', 'bob@example.com'],
    ['svc_acct_oldbot', 'member', null],
  ]);
  expect(list.every((u) => u.object === 'organization.project.user')).toBe(true);
});

test('add by email and by user_id, retrieve, change role, remove', async () => {
  const byEmail: ProjectUser = await users().create('proj_research', { email: 'dave@example.com', role: 'member' });
  expect(byEmail).toMatchObject({ id: 'user-dave', email: 'dave@example.com', name: 'Dave Diaz', role: 'member' });
  const byId = await users().create('proj_research', { user_id: 'user-carol', role: 'owner' });
  expect(byId.email).toBe('carol@example.com');

  const read = await users().retrieve('user-dave', { project_id: 'proj_research' });
  expect(read).toEqual(byEmail);
  const promoted = await users().update('user-dave', { project_id: 'proj_research', role: 'owner' });
  expect(promoted.role).toBe('owner');

  const removed = await users().delete('user-dave', { project_id: 'proj_research' });
  expect(removed).toEqual({ id: 'user-dave', object: 'organization.project.user.deleted', deleted: true });
  await expect(users().retrieve('user-dave', { project_id: 'proj_research' })).rejects.toBeInstanceOf(OpenAI.NotFoundError);
});

test('only org users can be added, once, with an owner|member role', async () => {
  const outsider = await failure(users().create('proj_research', { email: 'mallory@example.com', role: 'member' }));
  expect(outsider).toBeInstanceOf(OpenAI.BadRequestError);
  expect(outsider.param).toBe('email');

  const unknownId = await failure(users().create('proj_research', { user_id: 'user-nobody', role: 'member' }));
  expect(unknownId.param).toBe('user_id');

  const badRole = await failure(users().create('proj_research', { email: 'dave@example.com', role: 'reader' }));
  expect(badRole).toBeInstanceOf(OpenAI.BadRequestError);
  expect(badRole.param).toBe('role');

  const twice = await failure(users().create('proj_research', { email: 'bob@example.com', role: 'member' }));
  expect(twice).toBeInstanceOf(OpenAI.BadRequestError);

  const neither = await failure(users().create('proj_research', { role: 'member' }));
  expect(neither).toBeInstanceOf(OpenAI.BadRequestError);
  expect(await collect(users().list('proj_research'))).toHaveLength(3);
});

test('service accounts cannot be changed through the users endpoint', async () => {
  const error = await failure(users().update('svc_acct_oldbot', { project_id: 'proj_research', role: 'owner' }));
  expect(error).toBeInstanceOf(OpenAI.BadRequestError);
  await expect(users().delete('svc_acct_oldbot', { project_id: 'proj_research' })).rejects.toBeInstanceOf(OpenAI.BadRequestError);
});

test('an archived project refuses membership changes', async () => {
  const add = users().create('proj_oldarchive', { email: 'bob@example.com', role: 'member' });
  await expect(add).rejects.toBeInstanceOf(OpenAI.BadRequestError);
  const remove = users().delete('user-alice', { project_id: 'proj_oldarchive' });
  await expect(remove).rejects.toBeInstanceOf(OpenAI.BadRequestError);
  await expect(users().list('proj_nope')).rejects.toBeInstanceOf(OpenAI.NotFoundError);
});
