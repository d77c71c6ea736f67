// Who holds which project role directly (`projects.<name>.role_assignments`), and the roles of the
// groups listed under the project's `groups:` beyond their own `role`. The shared binding logic
// is in role-assignment.ts.

import { PREDEFINED_PROJECT_ROLES } from '../api/enums.js';
import type { PlanBuilder } from '../plan/builder.js';
import { apiPath } from '../providers/openai/api-path.js';
import { deleteIfPresent, onProject, requireProject, type DiffContext, type ExportContext, type ProjectKind, type ProjectScope } from './kind.js';
import { readProjectAssignments, roleIdByName, type LiveAssignments } from './access-live.js';
import { roleAddress } from './role.js';
import {
  assignmentAudit,
  assignmentIdentity,
  bindingsToConfig,
  emailsById,
  entryRole,
  has,
  heldNames,
  orgUserReady,
  planHolders,
  principalId,
  type BindingPlace,
} from './role-assignment.js';

const projectGroupAddress = (scope: ProjectScope, name: string) => `${scope.address}.group[${JSON.stringify(name)}]`;
const projectGroupCreateId = (scope: ProjectScope, name: string) => `create ${projectGroupAddress(scope, name)}`;

function diffProjectAssignments(scope: ProjectScope, out: PlanBuilder, ctx: DiffContext): void {
  const bindings = scope.desired.role_assignments;
  if (bindings === undefined) return;
  const live = scope.live?.role_assignments ?? { users: {}, groups: {} };
  const emailOf = new Map((ctx.live.users ?? []).map((u) => [u.id, (u.email ?? '').toLowerCase()]));
  const nameOf = new Map((ctx.live.groups ?? []).map((g) => [g.group.id, g.group.name]));
  for (const pg of scope.live?.groups ?? []) nameOf.set(pg.group.group_id, pg.group.group_name);
  const users = Object.entries(live.users).map(([id, roles]) => ({ key: emailOf.get(id) ?? id, id, roles: heldNames(roles) }));
  const allGroups = Object.entries(live.groups).map(([id, roles]) => ({ key: nameOf.get(id) ?? id, id, roles: heldNames(roles) }));
  // Groups listed under this project's `groups:` are planned per group below; the others per role.
  const listed = new Map((scope.desired.groups ?? []).map((g) => [g.group, g.role]));
  const leaving = (key: string) => scope.desired.groups !== undefined && !listed.has(key);
  const liveRoles = new Set((scope.live?.roles ?? []).map((r) => r.name));
  const liveAccess = new Map((scope.live?.groups ?? []).map((g) => [g.group.group_name, g.group.group_id]));
  const place: BindingPlace = {
    kind: 'project_role_assignment',
    prefix: `${scope.address}.`,
    project: scope.ref,
    dependsOn: onProject(scope),
    roleReady: (role) => {
      const create = `create ${roleAddress(`${scope.address}.`, role)}`;
      if (has(out, create)) return [create];
      // Project roles are read only with `roles:`; otherwise apply finds the role by name.
      const known = scope.live?.roles === undefined || liveRoles.has(role) || PREDEFINED_PROJECT_ROLES.includes(role);
      return known ? [] : `no project role is named ${JSON.stringify(role)}`;
    },
    groupReady: (name) => {
      const id = liveAccess.get(name);
      if (id !== undefined) return { id, dependsOn: [] };
      if (has(out, projectGroupCreateId(scope, name))) return { dependsOn: [projectGroupCreateId(scope, name)] };
      return `group ${JSON.stringify(name)} has no access to the project: list it under this project's groups:`;
    },
    removedWith: (role) => has(out, `delete ${roleAddress(`${scope.address}.`, role)}`),
    // A project role needs project membership: live, or added by this plan first.
    userReady: (email) => {
      const user = orgUserReady(ctx, email);
      if (typeof user === 'string') return user;
      const added = `create ${scope.address}.member[${JSON.stringify(email)}]`;
      if (has(out, added)) return { ...user, dependsOn: [added] };
      return user.id in live.users ? user : `${email} is not a member of the project (list them under members:)`;
    },
  };
  const perRole = allGroups.filter((g) => !listed.has(g.key) && !leaving(g.key));
  for (const b of bindings) {
    if (b.users !== undefined) planHolders(out, place, b.role, 'user', b.users, users, b.pos);
    if (b.groups !== undefined) {
      planHolders(out, place, b.role, 'group', b.groups.filter((g) => !listed.has(g)), perRole, b.pos);
    }
  }
  // A listed group holds exactly its `role` (the project group's own change) plus the roles that
  // name it here: every other role it holds in the project goes.
  for (const [name, own] of listed) {
    const holder = allGroups.find((g) => g.key === name);
    const wanted = bindings.filter((b) => b.groups?.includes(name) && b.role !== own).map((b) => b.role);
    const extra = (holder?.roles ?? []).filter((r) => r !== own && !wanted.includes(r));
    for (const role of [...new Set([...wanted, ...extra])].sort()) {
      const update = `update ${scope.address}.group[${JSON.stringify(name)}]`;
      const after = out.changes.some((c) => c.id === update) ? [update] : [];
      planHolders(out, place, role, 'group', wanted.includes(role) ? [name] : [], holder ? [holder] : [], undefined, after);
    }
  }
}

function projectBindingsToConfig(live: LiveAssignments, ctx: ExportContext): { value?: unknown } {
  const email = emailsById(ctx);
  const name = new Map((ctx.live.groups ?? []).map((g) => [g.group.id, g.group.name]));
  const users = Object.entries(live.users).flatMap(([id, roles]): Array<[string, string[]]> => (email.has(id) ? [[email.get(id) as string, heldNames(roles)]] : []));
  const groups = Object.entries(live.groups).map(([id, roles]): [string, string[]] => {
    const held = heldNames(roles);
    const own = entryRole(held);
    return [name.get(id) ?? id, held.filter((r) => r !== own)];
  });
  const value = bindingsToConfig(users, groups);
  // An empty map manages nothing: the key is left out.
  return Object.keys(value).length > 0 ? { value } : {};
}

export const projectRoleAssignment: ProjectKind<'role_assignments'> = {
  kind: 'project_role_assignment',
  scope: 'project',
  words: { noun: ['project role assignment', 'project role assignments'], group: 'project' },
  phase: 4,
  part: 'role_assignments',
  // Listed groups are planned by `groups:`, holders may be members or roles this plan adds.
  consults: ['groups', 'roles', 'members'],
  sourcePaths: (change) => {
    const state = change.after ?? change.before ?? {};
    return [['role_assignments', String(state['role']), state['user'] !== undefined ? 'users' : 'groups']];
  },
  read: readProjectAssignments,
  toConfig: projectBindingsToConfig,
  diff: diffProjectAssignments,
  audit: (change) => {
    const q = assignmentAudit(change);
    const projectId = change.project && 'id' in change.project ? change.project.id : undefined;
    return q && projectId ? { ...q, project_ids: [projectId] } : q;
  },
  async apply(change, ctx) {
    const projectId = requireProject(change, ctx);
    const p = await principalId(change, ctx.client);
    const roleId = await roleIdByName(ctx.client, p.role, projectId);
    const base =
      p.type === 'user' ? apiPath`/projects/${projectId}/users/${p.id}/roles` : apiPath`/projects/${projectId}/groups/${p.id}/roles`;
    if (change.action === 'delete') {
      const one =
        p.type === 'user'
          ? apiPath`/projects/${projectId}/users/${p.id}/roles/${roleId}`
          : apiPath`/projects/${projectId}/groups/${p.id}/roles/${roleId}`;
      await deleteIfPresent(ctx.client, one);
    } else {
      await ctx.client.post(base, { role_id: roleId }, { idempotent: false });
    }
    return {};
  },
  identity: assignmentIdentity((change, ctx, p) => {
    const projectId = requireProject(change, ctx);
    return p.type === 'user' ? apiPath`/projects/${projectId}/users/${p.id}/roles` : apiPath`/projects/${projectId}/groups/${p.id}/roles`;
  }),
};
