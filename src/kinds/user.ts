import type { DesiredOrg, DesiredUser, OrgRole } from '../config/model.js';
import { compareText } from '../util/compare.js';
import type { PlanBuilder } from '../plan/builder.js';
import { matchByKey } from '../plan/builder.js';
import { apiPath } from '../providers/openai/api-path.js';
import type { ApiOrgUser } from '../providers/openai/api-types.js';
import type { AdminClient } from '../providers/openai/client.js';
import { needsGroups } from './group.js';
import { deleteIfPresent, payload, requireTarget, type DiffContext, type OrgKind } from './kind.js';
import { getOrNull } from './read-back.js';

export const userAddress = (email: string) => `user[${JSON.stringify(email)}]`;

export function listUsers(client: AdminClient): Promise<ApiOrgUser[]> {
  return client.list<ApiOrgUser>(apiPath`/organization/users`);
}

/** Emails per request of a filtered list: each is a query parameter, and URLs have a length limit. */
const EMAILS_PER_REQUEST = 50;

/**
 * The org users with these (lower-cased) emails, by the list's `emails` filter, a request per 50.
 * Matched again here, without regard to case, whatever the filter did.
 */
export async function listUsersByEmail(client: AdminClient, emails: readonly string[]): Promise<ApiOrgUser[]> {
  const chunks: string[][] = [];
  for (let i = 0; i < emails.length; i += EMAILS_PER_REQUEST) chunks.push(emails.slice(i, i + EMAILS_PER_REQUEST));
  const pages = await Promise.all(chunks.map((chunk) => client.list<ApiOrgUser>(apiPath`/organization/users`, { emails: chunk })));
  const wanted = new Set(emails);
  return pages.flat().filter((u) => u.email !== null && u.email !== undefined && wanted.has(u.email.toLowerCase()));
}

/**
 * Org users are read once and shared: `users:` manages them, members resolve through them, and
 * invites skip them.
 */
export function needsOrgUsers(desired: DesiredOrg): boolean {
  return (
    desired.users !== undefined ||
    desired.invites !== undefined ||
    desired.projects.some((p) => !p.archived && p.members !== undefined) ||
    needsGroups(desired) // access (issue 14): members and holders are named by email
  );
}

/** Service accounts and SCIM-managed users are never removed by a `users:` list. */
export function isManagedUser(user: ApiOrgUser): boolean {
  return !user.is_service_account && !user.is_scim_managed && Boolean(user.email);
}

/** The users the file wants: `users:` and, with the invite's role, everyone it invites. */
function wantedUsers(ctx: DiffContext): DesiredUser[] | undefined {
  const listed = ctx.desired.users;
  if (listed === undefined) return undefined;
  const emails = new Set(listed.map((u) => u.email));
  const invited = (ctx.desired.invites ?? []).filter((i) => !emails.has(i.email)).map((i) => ({ email: i.email, role: i.role }));
  return [...listed, ...invited];
}

/** What a `users:` entry not in the organization (and not under invites:) needs: an invite with its role. */
export function userInviteNeed(d: DesiredUser): { role: OrgRole; why: string } {
  return { role: d.role, why: `listed under users: as ${d.role}` };
}

export function diffUsers(out: PlanBuilder, ctx: DiffContext): void {
  const desired = wantedUsers(ctx);
  if (desired === undefined) return;
  const live = ctx.live.users ?? [];
  const managed = live.filter(isManagedUser);
  out.countManaged('user', managed.length);
  out.fingerprint('users', managed.map((u) => ({ id: u.id, email: (u.email ?? '').toLowerCase(), role: u.role ?? null })));
  out.leftAlone('user', null, live.filter((u) => u.is_service_account).length, 'service accounts are never removed by users:');
  out.leftAlone('user', null, live.filter((u) => u.is_scim_managed).length, 'SCIM-managed users are never removed by users:');
  const email = (u: ApiOrgUser) => (u.email ? u.email.toLowerCase() : null);
  // Desired users are matched against every user (a SCIM user's role can still be set)...
  const { both, onlyDesired } = matchByKey(desired, live, (d) => d.email, email);
  // ...but only ordinary users can be removed.
  const { onlyLive } = matchByKey(desired, managed, (d) => d.email, email);
  const invited = new Set((ctx.desired.invites ?? []).map((i) => i.email));
  for (const d of onlyDesired) {
    if (invited.has(d.email)) continue; // the invites: entry says how
    out.needInvite(d.email, userInviteNeed(d));
    const pending = (ctx.live.invites ?? []).some((i) => i.status === 'pending' && i.role === d.role && i.email.toLowerCase() === d.email);
    out.note(
      pending
        ? `${d.email} is not in the organization yet: they have a pending invite with role ${d.role}, and join when they accept it`
        : `${d.email} is not in the organization yet: an invite is sent with role ${d.role}`,
      userAddress(d.email),
    );
  }
  const roleChanges: string[] = [];
  for (const [d, l] of both) {
    if (l.role === d.role) continue;
    roleChanges.push(
      out.add({
        action: 'update',
        kind: 'user',
        address: userAddress(d.email),
        before: { email: d.email, role: l.role ?? null },
        after: { email: d.email, role: d.role },
        target_id: l.id,
      }).id,
    );
  }
  // Removals wait for role changes, so a new owner is in place before an old one goes.
  for (const l of onlyLive) {
    const address = userAddress((l.email ?? '').toLowerCase());
    out.add({
      action: 'delete',
      kind: 'user',
      address,
      before: { email: (l.email ?? '').toLowerCase(), role: l.role ?? null },
      after: null,
      dependsOn: roleChanges,
      target_id: l.id,
      reason: 'removes the person from the organization and every project',
    });
  }
}

export const user: OrgKind = {
  kind: 'user',
  scope: 'organization',
  words: { noun: ['user', 'users'], group: 'users' },
  phase: 5,
  diff: diffUsers,
  read: { part: 'users', neededBy: needsOrgUsers, fetch: listUsers, fetchOnly: listUsersByEmail },
  configPath: ['users'],
  toConfig: (live) =>
    live.users && {
      value: live.users
        .filter(isManagedUser)
        .map((u) => ({ email: (u.email ?? '').toLowerCase(), role: u.role ?? 'reader' }))
        .sort((a, b) => compareText(a.email, b.email)),
    },
  audit: (change) => (change.target_id ? { event_types: ['user.added', 'user.updated'], resource_ids: [change.target_id] } : null),

  async apply(change, ctx) {
    const id = requireTarget(change);
    if (change.action === 'delete') {
      await deleteIfPresent(ctx.client, apiPath`/organization/users/${id}`);
      return {};
    }
    const { role } = payload<{ role: string }>(change.after, change);
    await ctx.client.post(apiPath`/organization/users/${id}`, { role }, { idempotent: true });
    return {};
  },

  async readBack(change, ctx) {
    const live = await getOrNull<ApiOrgUser>(ctx.client, apiPath`/organization/users/${requireTarget(change)}`);
    return live && { email: (live.email ?? '').toLowerCase(), role: live.role ?? null };
  },
};
