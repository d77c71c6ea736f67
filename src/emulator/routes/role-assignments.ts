// Role assignments of users and groups, at organization and project level (NextCursorPage lists):
//   /organization/users/{user_id}/roles        /projects/{project_id}/users/{user_id}/roles
//   /organization/groups/{group_id}/roles      /projects/{project_id}/groups/{group_id}/roles
// List entries are the role itself (its `id` is the role id). Only direct assignments are
// modelled: the legacy `role` of a user or project member is not mirrored here, and a user's list
// does not show roles inherited through a group (the SDK's `assignment_sources` leaves room for
// that; the emulator always answers null).
import type { GroupRoleAssignmentShape, RoleAssignmentEntryShape, UserRoleAssignmentShape } from '../access-shapes.js';
import { recordEvent } from '../audit.js';
import { badRequest, notFound } from '../http/errors.js';
import { Fields } from '../http/fields.js';
import { paginateNext, readNextPageRequest } from '../next-cursor.js';
import { canonicalRoleId, findRole, resourceOf, type RoleScope, type RoleView } from '../roles-catalog.js';
import type { EmulatorState, GroupRecord, RoleAssignmentRecord, UserRecord } from '../types.js';
import { dropAssignments, requireGroup } from './access-lookup.js';
import { param, route, type ApiRoute, type RouteContext } from './context.js';
import { requireUser } from './lookup.js';
import { renderRole, scopeOf } from './roles.js';
import { renderUser } from './users.js';

type Principal = { type: 'user'; user: UserRecord } | { type: 'group'; group: GroupRecord };

function principalOf(ctx: RouteContext): Principal {
  if (ctx.params.has('user_id')) return { type: 'user', user: requireUser(ctx.state, param(ctx, 'user_id')) };
  return { type: 'group', group: requireGroup(ctx.state, param(ctx, 'group_id')) };
}

const principalId = (p: Principal) => (p.type === 'user' ? p.user.id : p.group.id);

function matcher(state: EmulatorState, scope: RoleScope, p: Principal, roleId?: string) {
  const resource = resourceOf(state, scope);
  return (a: RoleAssignmentRecord) =>
    a.principal_type === p.type &&
    a.principal_id === principalId(p) &&
    a.resource_type === resource.type &&
    a.resource_id === resource.id &&
    (roleId === undefined || a.role_id === roleId);
}

function renderEntry(role: RoleView): RoleAssignmentEntryShape {
  const { object: _object, ...rest } = renderRole(role);
  return {
    ...rest,
    metadata: null,
    created_at: role.created_at,
    updated_at: role.updated_at,
    created_by: null,
    created_by_user_obj: null,
    assignment_sources: null,
  };
}

function assignedRoles(ctx: RouteContext, scope: RoleScope, p: Principal): RoleView[] {
  return ctx.state.role_assignments
    .filter(matcher(ctx.state, scope, p))
    .flatMap((a) => findRole(ctx.state, scope, a.role_id) ?? []);
}

function requireAssigned(ctx: RouteContext, scope: RoleScope, p: Principal): RoleView {
  const id = canonicalRoleId(scope, param(ctx, 'role_id'));
  const role = assignedRoles(ctx, scope, p).find((r) => r.id === id);
  if (!role) throw notFound(`No role '${param(ctx, 'role_id')}' is assigned to '${principalId(p)}' here.`);
  return role;
}

/** The audit payload of `role.assignment.*`; the id format is the one seen in real events. */
export function assignmentEvent(a: RoleAssignmentRecord): Record<string, unknown> {
  return {
    id: `role_assignment_${a.role_id}_${a.principal_id}`,
    principal_id: a.principal_id,
    principal_type: a.principal_type,
    resource_id: a.resource_id,
    resource_type: a.resource_type,
  };
}

export function recordAssignment(ctx: RouteContext, a: RoleAssignmentRecord, type: 'created' | 'deleted'): void {
  const project = ctx.state.projects.find((p) => a.resource_type === 'api.project' && p.id === a.resource_id);
  recordEvent(ctx.state, ctx.actor, ctx.now, {
    type: `role.assignment.${type}`,
    ...(project ? { project } : {}),
    payload: assignmentEvent(a),
    resourceIds: [a.principal_id, a.role_id],
  });
}

/** A group gets project roles only once it has access to the project (projects/groups). */
function checkProjectAccess(ctx: RouteContext, scope: RoleScope, p: Principal): void {
  if (scope.type !== 'project' || p.type !== 'group') return;
  const granted = ctx.state.project_groups.some((pg) => pg.project_id === scope.project.id && pg.group_id === p.group.id);
  if (!granted) {
    throw badRequest(
      `Group '${p.group.id}' has no access to project '${scope.project.id}'; add it with /organization/projects/{project_id}/groups first.`,
      'group_id',
    );
  }
}

function assign(ctx: RouteContext): UserRoleAssignmentShape | GroupRoleAssignmentShape {
  const scope = scopeOf(ctx, true);
  const p = principalOf(ctx);
  const roleId = new Fields(ctx.body, ['role_id']).string('role_id');
  const role = findRole(ctx.state, scope, roleId);
  if (!role) throw badRequest(`No role '${roleId}' can be assigned here.`, 'role_id');
  checkProjectAccess(ctx, scope, p);
  if (ctx.state.role_assignments.some(matcher(ctx.state, scope, p, role.id))) {
    throw badRequest(`Role '${role.id}' is already assigned to '${principalId(p)}'.`, 'role_id');
  }
  const resource = resourceOf(ctx.state, scope);
  const record: RoleAssignmentRecord = {
    principal_type: p.type,
    principal_id: principalId(p),
    role_id: role.id,
    resource_type: resource.type,
    resource_id: resource.id,
    created_at: ctx.now,
  };
  ctx.state.role_assignments.push(record);
  recordAssignment(ctx, record, 'created');
  if (p.type === 'user') return { object: 'user.role', role: renderRole(role), user: renderUser(ctx.state, p.user) };
  const { group } = p;
  return {
    object: 'group.role',
    role: renderRole(role),
    group: { id: group.id, object: 'group', name: group.name, created_at: group.created_at, scim_managed: group.is_scim_managed },
  };
}

function unassign(ctx: RouteContext): unknown {
  const scope = scopeOf(ctx, true);
  const p = principalOf(ctx);
  const role = requireAssigned(ctx, scope, p);
  for (const a of dropAssignments(ctx.state, matcher(ctx.state, scope, p, role.id))) recordAssignment(ctx, a, 'deleted');
  return { object: `${p.type}.role.deleted`, deleted: true };
}

function list(ctx: RouteContext): unknown {
  const scope = scopeOf(ctx, false);
  const entries = assignedRoles(ctx, scope, principalOf(ctx)).map(renderEntry);
  return paginateNext(entries, (e) => e.id, readNextPageRequest(ctx.query));
}

function assignmentRoutes(base: string): ApiRoute[] {
  return [
    route('GET', base, list),
    route('POST', base, assign),
    route('GET', `${base}/{role_id}`, (ctx) => renderEntry(requireAssigned(ctx, scopeOf(ctx, false), principalOf(ctx)))),
    route('DELETE', `${base}/{role_id}`, unassign),
  ];
}

export const roleAssignmentRoutes: ApiRoute[] = [
  ...assignmentRoutes('/organization/users/{user_id}/roles'),
  ...assignmentRoutes('/organization/groups/{group_id}/roles'),
  ...assignmentRoutes('/projects/{project_id}/users/{user_id}/roles'),
  ...assignmentRoutes('/projects/{project_id}/groups/{group_id}/roles'),
];
