// Organization users, invites and data retention through the SDK.
import OpenAI from 'openai';
import type { Invite } from 'openai/resources/admin/organization/invites';
import type { OrganizationUser } from 'openai/resources/admin/organization/users/users';
import { describe, expect, test } from 'vitest';
import { collect, failure, useSdk } from './support.js';

const env = useSdk();

const org = () => env.client.admin.organization;

describe('users', () => {
  test('list, filter by emails[], retrieve', async () => {
    const all: OrganizationUser[] = await collect(org().users.list());
    expect(all.map((u) => u.email)).toEqual([
      'alice@example.com',
      'bob@example.com',
      'carol@example.com',
      'dave@example.com',
      'scim.sam@example.com',
      null,
    ]);
    expect(all.at(-1)).toMatchObject({ id: 'svc_acct_oldbot', is_service_account: true });
    const filtered = await collect(org().users.list({ emails: ['BOB@example.com', 'dave@example.com'] }));
    expect(filtered.map((u) => u.id)).toEqual(['user-bob', 'user-dave']);
    const sam = await org().users.retrieve('user-scimsam');
    expect(sam).toMatchObject({ role: 'reader', is_scim_managed: true, is_service_account: false });
    const alice = await org().users.retrieve('user-alice');
    expect(alice.projects?.data).toEqual([
      { id: 'proj_default', name: 'Default project', role: 'owner' },
      { id: 'proj_research', name: 'Research', role: 'owner' },
    ]);
  });

  test('modify role; the last owner stays an owner', async () => {
    expect((await org().users.update('user-dave', { role: 'owner' })).role).toBe('owner');
    await org().users.update('user-dave', { role: 'reader' });
    await org().users.update('user-carol', { role: 'reader' });
    await expect(org().users.update('user-alice', { role: 'reader' })).rejects.toBeInstanceOf(OpenAI.BadRequestError);
    const bad = org().users.update('user-bob', { role: 'admin' });
    await expect(bad).rejects.toBeInstanceOf(OpenAI.BadRequestError);
    expect((await org().users.retrieve('user-alice')).role).toBe('owner');
  });

  test('delete removes the user from every project; SCIM users are refused', async () => {
    expect(await org().users.delete('user-dave')).toEqual({ id: 'user-dave', object: 'organization.user.deleted', deleted: true });
    await expect(org().users.retrieve('user-dave')).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    const members = await collect(org().projects.users.list('proj_default'));
    expect(members.map((m) => m.id)).not.toContain('user-dave');
    await expect(org().users.delete('user-scimsam')).rejects.toBeInstanceOf(OpenAI.BadRequestError);
    await expect(org().users.delete('svc_acct_oldbot')).rejects.toBeInstanceOf(OpenAI.BadRequestError);
  });
});

describe('invites', () => {
  test('the seed has a pending and an expired invite', async () => {
    const invites = await collect(org().invites.list());
    expect(invites.map((i) => [i.email, i.status])).toEqual([
      ['erin@example.com', 'pending'],
      ['frank@example.com', 'expired'],
    ]);
  });

  test('create is pending for 7 days, with its projects; retrieve; delete', async () => {
    const invite: Invite = await org().invites.create({
      email: 'grace@example.com',
      role: 'reader',
      projects: [{ id: 'proj_research', role: 'member' }],
    });
    expect(invite).toMatchObject({ object: 'organization.invite', status: 'pending', accepted_at: null });
    expect(invite.id).toMatch(/^invite-/);
    expect((invite.expires_at ?? 0) - invite.created_at).toBe(7 * 24 * 3600);
    expect(invite.projects).toEqual([{ id: 'proj_research', role: 'member' }]);
    expect(await org().invites.retrieve(invite.id)).toEqual(invite);
    expect(await org().invites.delete(invite.id)).toEqual({ id: invite.id, object: 'organization.invite.deleted', deleted: true });
    await expect(org().invites.retrieve(invite.id)).rejects.toBeInstanceOf(OpenAI.NotFoundError);
  });

  test('without projects the invite names the default project', async () => {
    const invite = await org().invites.create({ email: 'heidi@example.com', role: 'owner' });
    expect(invite.projects).toEqual([{ id: 'proj_default', role: 'member' }]);
  });

  test('refused: org members, a second pending invite, unknown or archived projects', async () => {
    const member = await failure(org().invites.create({ email: 'Bob@Example.com', role: 'reader' }));
    expect(member).toBeInstanceOf(OpenAI.BadRequestError);
    expect(member.message).toContain('already a member');
    await expect(org().invites.create({ email: 'erin@example.com', role: 'reader' })).rejects.toBeInstanceOf(OpenAI.BadRequestError);
    const unknown = org().invites.create({ email: 'x@example.com', role: 'reader', projects: [{ id: 'proj_nope', role: 'member' }] });
    await expect(unknown).rejects.toBeInstanceOf(OpenAI.BadRequestError);
    const archived = org().invites.create({ email: 'x@example.com', role: 'reader', projects: [{ id: 'proj_oldarchive', role: 'owner' }] });
    await expect(archived).rejects.toBeInstanceOf(OpenAI.BadRequestError);
    const expired = await org().invites.create({ email: 'frank@example.com', role: 'reader', projects: [] });
    expect(expired.status).toBe('pending');
    expect(await collect(org().invites.list())).toHaveLength(3);
  });

  test('accepting makes an org user and project member; an accepted invite cannot be deleted', async () => {
    const invite = await org().invites.create({
      email: 'ivan@example.com',
      role: 'owner',
      projects: [{ id: 'proj_legacy', role: 'owner' }],
    });
    env.emu.acceptInvite('ivan@example.com');
    const accepted = await org().invites.retrieve(invite.id);
    expect(accepted.status).toBe('accepted');
    expect(accepted.accepted_at).toBeTypeOf('number');
    const [ivan] = await collect(org().users.list({ emails: ['ivan@example.com'] }));
    expect(ivan).toMatchObject({ role: 'owner', email: 'ivan@example.com' });
    const members = await collect(org().projects.users.list('proj_legacy'));
    expect(members.find((m) => m.email === 'ivan@example.com')?.role).toBe('owner');
    await expect(org().invites.delete(invite.id)).rejects.toBeInstanceOf(OpenAI.BadRequestError);
    expect(() => env.emu.acceptInvite('frank@example.com')).toThrow(/No pending invite/);
  });
});

describe('organization data retention', () => {
  test('retrieve and update; the narrower enum refuses none', async () => {
    expect(await org().dataRetention.retrieve()).toEqual({ object: 'organization.data_retention', type: 'modified_abuse_monitoring' });
    const updated = await org().dataRetention.update({ retention_type: 'zero_data_retention' });
    expect(updated.type).toBe('zero_data_retention');
    const none = await fetch(`${env.emu.url}/organization/data_retention`, {
      method: 'POST',
      headers: { authorization: `Bearer ${env.emu.adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ retention_type: 'none' }),
    });
    expect(none.status).toBe(400);
    expect((await org().dataRetention.retrieve()).type).toBe('zero_data_retention');
  });
});
