// Service accounts and project API keys through the SDK. The key's secret is answered once, by
// create, and never again.
import OpenAI from 'openai';
import type { ServiceAccountCreateResponse } from 'openai/resources/admin/organization/projects/service-accounts/service-accounts';
import { expect, test } from 'vitest';
import { collect, raw, useSdk } from './support.js';

const env = useSdk();

const accounts = () => env.client.admin.organization.projects.serviceAccounts;
const keys = () => env.client.admin.organization.projects.apiKeys;

test('create answers a one-time key that later reads only show redacted', async () => {
  const created: ServiceAccountCreateResponse = await accounts().create('proj_default', { name: 'deploy-bot' });
  expect(created.id).toMatch(/^svc_acct_/);
  expect(created.role).toBe('member');
  const key = created.api_key;
  if (!key) throw new Error('expected an api_key');
  expect(key.object).toBe('organization.project.service_account.api_key');
  expect(key.id).toMatch(/^key_/);
  expect(key.value).toMatch(/^sk-svcacct-/);

  const listed = await collect(keys().list('proj_default'));
  const mine = listed.find((k) => k.id === key.id);
  expect(mine?.owner).toEqual({
    type: 'service_account',
    service_account: { id: created.id, name: 'deploy-bot', role: 'member', created_at: created.created_at },
  });
  expect(mine?.redacted_value).not.toBe(key.value);
  expect(mine?.owner_project_access).toBe('active');

  const single = await raw(env.emu, 'GET', `/v1/organization/projects/proj_default/api_keys/${key.id}`);
  const list = await raw(env.emu, 'GET', '/v1/organization/projects/proj_default/api_keys');
  const state = JSON.stringify(env.emu.getState());
  for (const text of [JSON.stringify(single.body), JSON.stringify(list.body), state]) expect(text).not.toContain(key.value);
});

test('create_service_account_only gives role none and no key', async () => {
  const created = await accounts().create('proj_default', { name: 'bare', create_service_account_only: true });
  expect(created.role).toBe('none');
  expect(created.api_key).toBeNull();
  const both = accounts().create('proj_default', { name: 'x', create_service_account_only: true, expires_in_seconds: 60 });
  await expect(both).rejects.toBeInstanceOf(OpenAI.BadRequestError);
});

test('service accounts show in project users (email null) and org users (is_service_account)', async () => {
  const created = await accounts().create('proj_legacy', { name: 'etl' });
  const projectUsers = await collect(env.client.admin.organization.projects.users.list('proj_legacy'));
  expect(projectUsers.find((u) => u.id === created.id)).toMatchObject({ email: null, role: 'member', name: 'etl' });
  const orgUsers = await collect(env.client.admin.organization.users.list());
  expect(orgUsers.find((u) => u.id === created.id)).toMatchObject({ is_service_account: true, email: null });
});

test('retrieve, rename, change role, delete (its keys go with it)', async () => {
  const created = await accounts().create('proj_default', { name: 'ci' });
  const read = await accounts().retrieve(created.id, { project_id: 'proj_default' });
  expect(read).toEqual({ id: created.id, object: 'organization.project.service_account', name: 'ci', role: 'member', created_at: created.created_at });
  const updated = await accounts().update(created.id, { project_id: 'proj_default', name: 'ci-2', role: 'owner' });
  expect(updated).toMatchObject({ name: 'ci-2', role: 'owner' });

  const removed = await accounts().delete(created.id, { project_id: 'proj_default' });
  expect(removed).toEqual({ id: created.id, object: 'organization.project.service_account.deleted', deleted: true });
  await expect(accounts().retrieve(created.id, { project_id: 'proj_default' })).rejects.toBeInstanceOf(OpenAI.NotFoundError);
  const remaining = await collect(keys().list('proj_default'));
  expect(remaining.map((k) => k.id)).toEqual(['key_alicelaptop']);
});

test('an extra key can be issued for a service account', async () => {
  const extra = await accounts().apiKeys.create('svc_acct_oldbot', { project_id: 'proj_research', name: 'second' });
  expect(extra.value).toMatch(/^sk-svcacct-/);
  const listed = await collect(keys().list('proj_research'));
  expect(listed.map((k) => k.name)).toEqual(['Secret Key', 'second']);
});

test('listing service accounts paginates', async () => {
  for (let i = 0; i < 23; i++) await accounts().create('proj_legacy', { name: `sa-${i}`, create_service_account_only: true });
  const page = await accounts().list('proj_legacy');
  expect(page.data).toHaveLength(20);
  expect(page.has_more).toBe(true);
  expect(await collect(accounts().list('proj_legacy'))).toHaveLength(23);
});

test('project API keys: a user key, update, delete', async () => {
  const key = await keys().retrieve('key_alicelaptop', { project_id: 'proj_default' });
  expect(key.owner.type).toBe('user');
  expect(key.owner.user).toMatchObject({ id: 'user-alice', email: 'alice@example.com', role: 'owner' });
  const scoped = await keys().update('key_alicelaptop', { project_id: 'proj_default', scopes: ['api.all.read'] });
  expect(scoped.id).toBe('key_alicelaptop');

  const removed = await keys().delete('key_alicelaptop', { project_id: 'proj_default' });
  expect(removed).toEqual({ id: 'key_alicelaptop', object: 'organization.project.api_key.deleted', deleted: true });
  await expect(keys().retrieve('key_alicelaptop', { project_id: 'proj_default' })).rejects.toBeInstanceOf(OpenAI.NotFoundError);
});

test("a user's key becomes inactive when they leave the project", async () => {
  await env.client.admin.organization.projects.users.delete('user-alice', { project_id: 'proj_default' });
  const inactive = await collect(keys().list('proj_default', { owner_project_access: 'inactive' }));
  expect(inactive.map((k) => k.id)).toEqual(['key_alicelaptop']);
  expect(await collect(keys().list('proj_default', { owner_project_access: 'active' }))).toEqual([]);
});
