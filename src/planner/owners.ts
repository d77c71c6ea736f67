// The organization never loses its last owner, whatever the file says.

import type { DiffContext } from '../kinds/kind.js';
import { isManagedUser } from '../kinds/user.js';
import type { PlanBuilder } from '../plan/builder.js';
import type { Change } from '../plan/types.js';
import { memberEmails } from '../kinds/group.js';
import { heldNames } from '../kinds/role-assignment.js';

export function checkOwners(out: PlanBuilder, ctx: DiffContext): void {
  const users = ctx.live.users;
  if (!users || ctx.desired.users === undefined) return;
  checkKeyOwner(out, ctx);
  const owners = new Set(users.filter((u) => u.role === 'owner').map((u) => u.id));
  if (owners.size === 0) return; // nothing to protect that we can see
  for (const change of out.changes) {
    if (change.kind !== 'user' || !change.target_id) continue;
    if (change.action === 'delete' || change.after?.['role'] !== 'owner') owners.delete(change.target_id);
    else owners.add(change.target_id);
  }
  if (owners.size > 0) return;
  const promotable = users.filter((u) => isManagedUser(u) && u.role !== 'owner').length;
  out.refusals.push({
    rule: 'last_owner',
    message:
      'this plan would leave the organization without an owner: orgform never removes or demotes the last owner. ' +
      `Keep at least one owner under users:${promotable ? ' (or promote someone to owner in the same file)' : ''}.`,
  });
}

/** The person whose admin key orgform is using is never removed or demoted by orgform. */
function checkKeyOwner(out: PlanBuilder, ctx: DiffContext): void {
  const owners = ctx.live.key_owner_ids;
  if (owners === null) {
    const why = ctx.live.key_owner_unknown ?? 'the admin keys could not be listed';
    out.note(
      `the key-owner guard is off: orgform cannot tell who owns the admin key in use (${why}), so it cannot refuse to remove or demote them; check users: by hand`,
      undefined,
      'warning',
    );
    return;
  }
  for (const change of out.changes) {
    if (change.kind !== 'user' || !change.target_id || !owners?.includes(change.target_id)) continue;
    if (change.action === 'delete' || change.after?.['role'] !== change.before?.['role']) {
      out.refusals.push({
        rule: 'key_owner',
        address: change.address,
        message:
          `${change.address} owns the admin key orgform is using: orgform never removes or demotes it. ` +
          'Keep them in users: with their role, or run orgform with another owner\'s key.',
      });
    }
  }
}

/**
 * The organization's owners through every path: the legacy `role`, the `owner` role held
 * directly, and membership of a group that holds it. A plan that takes the last of them away
 * through a role assignment or a group change is refused like a demotion.
 */
export function checkOwnersThroughAccess(out: PlanBuilder, ctx: DiffContext): void {
  const { users, groups, user_roles } = ctx.live;
  if (!users || (groups === undefined && user_roles === undefined)) return;
  if (out.refusals.some((r) => r.rule === 'last_owner')) return;
  const before = ownersAfter(ctx, []);
  if (before.size === 0) return; // nothing to protect that we can see
  if (ownersAfter(ctx, out.changes).size > 0) return;
  out.refusals.push({
    rule: 'last_owner',
    message:
      'this plan would leave the organization without an owner (through a role assignment or a group change): ' +
      'orgform never removes the last owner. Keep someone holding the owner role.',
  });
}

/** Lower-cased emails of everyone who is an owner once `changes` are applied. */
export function ownersAfter(ctx: DiffContext, changes: readonly Change[]): Set<string> {
  const emailOf = new Map((ctx.live.users ?? []).filter((u) => !u.is_service_account && u.email).map((u) => [u.id, (u.email ?? '').toLowerCase()]));
  const legacy = new Set((ctx.live.users ?? []).filter((u) => u.role === 'owner' && emailOf.has(u.id)).map((u) => emailOf.get(u.id) as string));
  const direct = new Set(
    Object.entries(ctx.live.user_roles ?? {})
      .filter(([, roles]) => heldNames(roles).includes('owner'))
      .flatMap(([id]) => emailOf.get(id) ?? []),
  );
  const members = new Map((ctx.live.groups ?? []).map((g) => [g.group.name, new Set(memberEmails(g))]));
  const ownerGroups = new Set((ctx.live.groups ?? []).filter((g) => heldNames(g.roles).includes('owner')).map((g) => g.group.name));
  for (const change of changes) {
    const state = (change.after ?? change.before) as Record<string, unknown>;
    const adds = change.action !== 'delete';
    const email = String(state['email'] ?? state['user'] ?? '').toLowerCase();
    if (change.kind === 'user') {
      if (adds && state['role'] === 'owner') legacy.add(email);
      else legacy.delete(email);
    } else if (change.kind === 'group_member') {
      const set = members.get(String(state['group'])) ?? new Set<string>();
      if (adds) set.add(email);
      else set.delete(email);
      members.set(String(state['group']), set);
    } else if (change.kind === 'group' && change.action === 'delete') {
      ownerGroups.delete(String(state['name']));
    } else if (change.kind === 'role_assignment' && state['role'] === 'owner') {
      const target = state['user'] !== undefined ? direct : ownerGroups;
      const key = state['user'] !== undefined ? email : String(state['group']);
      if (adds) target.add(key);
      else target.delete(key);
    }
  }
  const all = new Set([...legacy, ...direct]);
  for (const name of ownerGroups) for (const email of members.get(name) ?? []) all.add(email);
  return all;
}
