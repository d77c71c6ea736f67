// Who holds which organization role directly, by role name (`role_assignments:`), and the binding
// logic the project level shares. Each list present is authoritative for its role (like
// Terraform's IAM bindings): one change per holder gained or lost. Roles are compared by name, so
// the two id forms of a predefined project role are never drift.

import { PREDEFINED_PROJECT_ROLES } from '../api/enums.js';
import type { DesiredRoleAssignment } from '../config/model.js';
import type { PlanBuilder } from '../plan/builder.js';
import type { Change, ProjectRef } from '../plan/types.js';
import { apiPath, type ApiPath } from '../providers/openai/api-path.js';
import type { AdminClient } from '../providers/openai/client.js';
import {
  deleteIfPresent,
  payload,
  type ApplyContext,
  type AuditQuery,
  type DiffContext,
  type OrgKind,
} from './kind.js';
import type { CreateIdentity } from './identity.js';
import { groupIdByName, readUserRoles, roleIdByName, roleName, type ApiAssignedRole } from './access-live.js';
import { groupCreateId, groupDeleteId } from './group.js';
import { compareText } from '../util/compare.js';
import { listUsers } from './user.js';
import { roleAddress } from './role.js';

/** A live principal and the role names it holds directly in the scope. */
export interface Holder {
  key: string; // email (lower-cased) or group name
  id: string;
  roles: string[];
}

export type Principal = 'user' | 'group';

export interface BindingPlace {
  kind: 'role_assignment' | 'project_role_assignment';
  prefix: string;
  project?: ProjectRef;
  dependsOn: string[];
  /** The changes that must come first for a role: its creation in this plan. */
  roleReady(role: string): string[] | string;
  /** Where a new group holder comes from: its live id, or the changes that make it; a string is a problem. */
  groupReady(name: string): { id?: string; dependsOn: string[] } | string;
  /** Where a new user holder comes from, like groupReady. */
  userReady(email: string): { id?: string; dependsOn: string[] } | string;
  /** Whether this plan deletes the role or the group itself, which takes the assignment with it. */
  removedWith(role: string, type: Principal, key: string): boolean;
}

const assignmentAddress = (prefix: string, role: string, type: Principal, key: string) =>
  `${prefix}role_assignment[${JSON.stringify(role)}].${type}[${JSON.stringify(key)}]`;

export const heldNames = (roles: ApiAssignedRole[] | undefined): string[] => [...new Set((roles ?? []).map(roleName))].sort();

/** Plans one principal type's list of one role: gained and lost holders. */
export function planHolders(
  out: PlanBuilder,
  place: BindingPlace,
  role: string,
  type: Principal,
  wanted: string[],
  live: Holder[],
  pos?: object,
  /** What a removal waits for: a group's new role in place before its old one goes. */
  removalsAfter: string[] = [],
): void {
  const holders = live.filter((h) => h.roles.includes(role));
  out.countManaged(place.kind, holders.length);
  const have = new Set(holders.map((h) => h.key));
  const common = { kind: place.kind, ...(place.project ? { project: place.project } : {}) };
  for (const key of wanted.filter((k) => !have.has(k))) {
    const ready = place.roleReady(role);
    const principal = type === 'user' ? place.userReady(key) : place.groupReady(key);
    const fail = (why: string) => out.problems.push({ ...pos, message: `${place.prefix}role_assignments ${JSON.stringify(role)}: ${why}` });
    if (typeof ready === 'string') {
      fail(ready);
      continue;
    }
    if (typeof principal === 'string') {
      fail(principal);
      continue;
    }
    const id = principal.id;
    out.add({
      ...common,
      action: 'create',
      address: assignmentAddress(place.prefix, role, type, key),
      before: null,
      after: { role, [type]: key },
      dependsOn: [...place.dependsOn, ...ready, ...principal.dependsOn],
      ...(id === undefined ? {} : { target_id: id }),
    });
  }
  const wantedSet = new Set(wanted);
  for (const h of holders.filter((x) => !wantedSet.has(x.key) && !place.removedWith(role, type, x.key))) {
    out.add({
      ...common,
      action: 'delete',
      address: assignmentAddress(place.prefix, role, type, h.key),
      before: { role, [type]: h.key },
      after: null,
      dependsOn: removalsAfter,
      target_id: h.id,
      reason: `${type === 'user' ? h.key : `group ${JSON.stringify(h.key)}`} no longer holds the role directly`,
    });
  }
}

function planBindings(out: PlanBuilder, bindings: DesiredRoleAssignment[], users: Holder[], groups: Holder[], place: BindingPlace): void {
  for (const b of bindings) {
    if (b.users !== undefined) planHolders(out, place, b.role, 'user', b.users, users, b.pos);
    if (b.groups !== undefined) planHolders(out, place, b.role, 'group', b.groups, groups, b.pos);
  }
}

/**
 * The role a project group is written with (`groups: [{group, role}]`): a predefined one if it
 * holds one, else its first role by name. Its other roles are written as role assignments.
 */
export function entryRole(held: string[]): string | undefined {
  return PREDEFINED_PROJECT_ROLES.find((r) => held.includes(r)) ?? held[0];
}

/** role → who holds it, as the file writes `role_assignments:` (both lists, so each is authoritative). */
export function bindingsToConfig(users: Array<[string, string[]]>, groups: Array<[string, string[]]>): Record<string, { users: string[]; groups: string[] }> {
  const byRole = new Map<string, { users: string[]; groups: string[] }>();
  const at = (role: string) => byRole.get(role) ?? (byRole.set(role, { users: [], groups: [] }).get(role) as { users: string[]; groups: string[] });
  for (const [email, roles] of users) for (const role of roles) at(role).users.push(email);
  for (const [name, roles] of groups) for (const role of roles) at(role).groups.push(name);
  return Object.fromEntries(
    [...byRole]
      .sort(([a], [b]) => compareText(a, b))
      .map(([role, who]) => [role, { users: [...new Set(who.users)].sort(compareText), groups: [...new Set(who.groups)].sort(compareText) }]),
  );
}

export function emailsById(ctx: { live: { users?: Array<{ id: string; email?: string | null }> } }): Map<string, string> {
  return new Map((ctx.live.users ?? []).filter((u) => u.email).map((u) => [u.id, (u.email ?? '').toLowerCase()]));
}

export const has = (out: PlanBuilder, id: string) => out.changes.some((c) => c.id === id);

/** The org's holders: ordinary users and groups, with the org roles each holds directly. */
function orgHolders(ctx: DiffContext): { users: Holder[]; groups: Holder[] } {
  const users = (ctx.live.users ?? [])
    .filter((u) => !u.is_service_account && u.email)
    .map((u) => ({ key: (u.email ?? '').toLowerCase(), id: u.id, roles: heldNames(ctx.live.user_roles?.[u.id]) }));
  const groups = (ctx.live.groups ?? []).map((g) => ({ key: g.group.name, id: g.group.id, roles: heldNames(g.roles) }));
  return { users, groups };
}

/** A user a role can go to: an ordinary organization user (roles are never a way to invite). */
export function orgUserReady(ctx: DiffContext, email: string): { id: string; dependsOn: string[] } | string {
  const user = ctx.usersByEmail?.get(email);
  return user && !user.is_service_account ? { id: user.id, dependsOn: [] } : `${email} is not an organization user (invite them first)`;
}

/** A group a role can go to: live, or created by this plan; never one this plan deletes. */
export function orgGroupReady(out: PlanBuilder, ctx: DiffContext, name: string): { id?: string; dependsOn: string[] } | string {
  const live = (ctx.live.groups ?? []).filter((g) => g.group.name === name);
  if (live.length === 1 && !has(out, groupDeleteId(name))) return { id: live[0]?.group.id as string, dependsOn: [] };
  if (has(out, groupCreateId(name))) return { dependsOn: [groupCreateId(name)] };
  return live.length > 1 ? `${live.length} live groups are named ${JSON.stringify(name)}` : `no group is named ${JSON.stringify(name)}`;
}

function diffOrgAssignments(out: PlanBuilder, ctx: DiffContext): void {
  const bindings = ctx.desired.role_assignments;
  if (bindings === undefined) return;
  const { users, groups } = orgHolders(ctx);
  const liveRoles = new Set((ctx.live.roles ?? []).map((r) => r.name));
  planBindings(out, bindings, users, groups, {
    kind: 'role_assignment',
    prefix: '',
    dependsOn: [],
    roleReady: (role) => {
      const create = `create ${roleAddress('', role)}`;
      if (has(out, create)) return [create];
      return liveRoles.has(role) && !has(out, `delete ${roleAddress('', role)}`) ? [] : `no organization role is named ${JSON.stringify(role)}`;
    },
    groupReady: (name) => orgGroupReady(out, ctx, name),
    removedWith: (role, type, key) =>
      has(out, `delete ${roleAddress('', role)}`) || (type === 'group' && has(out, groupDeleteId(key))),
    userReady: (email) => orgUserReady(ctx, email),
  });
}

/** The principal of an assignment change: a user id, or a group's (found by name when this apply made it). */
export async function principalId(change: Change, client: AdminClient): Promise<{ type: Principal; id: string; role: string }> {
  const state = payload<{ role: string; user?: string; group?: string }>(change.after ?? change.before, change);
  const type: Principal = state.user !== undefined ? 'user' : 'group';
  const id = change.target_id ?? (await groupIdByName(client, state.group ?? ''));
  return { type, id, role: state.role };
}

/**
 * Assigning a role twice is refused (400 in the emulator): an assignment is live when the
 * principal's list of roles in the scope (`rolesOf`) holds it, by name.
 */
export function assignmentIdentity(rolesOf: (change: Change, ctx: ApplyContext, p: { type: Principal; id: string }) => ApiPath): CreateIdentity {
  return {
    duplicates: 'refused',
    async find(change, ctx) {
      const p = await principalId(change, ctx.client);
      const held = await ctx.client.list<ApiAssignedRole>(rolesOf(change, ctx, p), {}, { cursor: 'next' });
      return held.some((r) => roleName(r) === p.role) ? [{ id: p.id }] : [];
    },
  };
}

export const assignmentAudit = (change: Change): AuditQuery | null =>
  change.target_id
    ? { event_types: ['role.assignment.created', 'role.assignment.deleted'], resource_ids: [change.target_id] }
    : null;

export const roleAssignment: OrgKind = {
  kind: 'role_assignment',
  scope: 'organization',
  words: { noun: ['role assignment', 'role assignments'], group: 'roles' },
  phase: 3,
  diff: diffOrgAssignments,
  audit: assignmentAudit,
  read: {
    part: 'user_roles',
    neededBy: (desired) => desired.role_assignments !== undefined,
    fetch: async (client) => readUserRoles(client, await listUsers(client)),
  },
  configPath: ['role_assignments'],
  toConfig: (live) => {
    if (!live.user_roles || !live.groups) return undefined;
    const email = emailsById({ live });
    const users = Object.entries(live.user_roles).flatMap(([id, roles]): Array<[string, string[]]> =>
      email.has(id) ? [[email.get(id) as string, heldNames(roles)]] : [],
    );
    const value = bindingsToConfig(users, live.groups.map((g) => [g.group.name, heldNames(g.roles)]));
    return Object.keys(value).length > 0 ? { value } : {};
  },
  async apply(change, ctx) {
    const p = await principalId(change, ctx.client);
    const roleId = await roleIdByName(ctx.client, p.role);
    const base = p.type === 'user' ? apiPath`/organization/users/${p.id}/roles` : apiPath`/organization/groups/${p.id}/roles`;
    if (change.action === 'delete') {
      const one = p.type === 'user' ? apiPath`/organization/users/${p.id}/roles/${roleId}` : apiPath`/organization/groups/${p.id}/roles/${roleId}`;
      await deleteIfPresent(ctx.client, one);
    } else {
      await ctx.client.post(base, { role_id: roleId }, { idempotent: false });
    }
    return {};
  },
  identity: assignmentIdentity((_change, _ctx, p) =>
    p.type === 'user' ? apiPath`/organization/users/${p.id}/roles` : apiPath`/organization/groups/${p.id}/roles`,
  ),
};
