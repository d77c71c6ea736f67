// Custom roles: /organization/roles and /projects/{project_id}/roles (note: not under
// /organization/projects). Requests name a role `role_name`, responses `name`. Predefined roles
// are listed and readable but cannot be changed or deleted.
import type { RoleShape } from '../access-shapes.js';
import { recordEvent } from '../audit.js';
import { badRequest, notFound } from '../http/errors.js';
import { Fields } from '../http/fields.js';
import { newId } from '../ids.js';
import { paginateNext, readNextPageRequest } from '../next-cursor.js';
import { findRole, resourceOf, rolesIn, type RoleScope, type RoleView } from '../roles-catalog.js';
import type { RoleRecord } from '../types.js';
import { dropAssignments } from './access-lookup.js';
import { deleted, param, route, type ApiRoute, type RouteContext } from './context.js';
import { requireActiveProject, requireProject } from './lookup.js';

export function renderRole(role: RoleView): RoleShape {
  return {
    id: role.id,
    object: 'role',
    name: role.name,
    description: role.description,
    permissions: [...role.permissions],
    predefined_role: role.predefined_role,
    resource_type: role.resource_type,
  };
}

/** The scope named by the path; writes need an active project. */
export function scopeOf(ctx: RouteContext, write: boolean): RoleScope {
  if (!ctx.params.has('project_id')) return { type: 'organization' };
  const id = param(ctx, 'project_id');
  return { type: 'project', project: write ? requireActiveProject(ctx.state, id) : requireProject(ctx.state, id) };
}

export function requireRole(ctx: RouteContext, scope: RoleScope): RoleView {
  const id = param(ctx, 'role_id');
  const role = findRole(ctx.state, scope, id);
  if (!role) throw notFound(`No such role: '${id}'.`);
  return role;
}

/** Only custom roles change. The SDK leaves the refusal's status open: a 400 is a guess. */
function requireCustomRole(ctx: RouteContext, scope: RoleScope): RoleRecord {
  const view = requireRole(ctx, scope);
  const record = ctx.state.roles.find((r) => r.id === view.id);
  if (!record) throw badRequest(`Role '${view.id}' is predefined and cannot be changed or deleted.`, 'role_id');
  return record;
}

/** `role_name` is unique in its scope, predefined names included. */
function checkName(ctx: RouteContext, scope: RoleScope, name: string, self?: string): void {
  const taken = rolesIn(ctx.state, scope).some((r) => r.name === name && r.id !== self);
  if (taken) throw badRequest(`A role named '${name}' already exists.`, 'role_name');
}

const eventProject = (scope: RoleScope) => (scope.type === 'project' ? { project: scope.project } : {});

function createRole(ctx: RouteContext): unknown {
  const scope = scopeOf(ctx, true);
  const body = new Fields(ctx.body, ['role_name', 'permissions', 'description']);
  const name = body.string('role_name');
  const permissions = [...new Set(body.stringArray('permissions'))];
  checkName(ctx, scope, name);
  const resource = resourceOf(ctx.state, scope);
  const role: RoleRecord = {
    id: newId('role'),
    name,
    description: body.optionalString('description') ?? null,
    permissions,
    resource_type: resource.type,
    project_id: scope.type === 'project' ? scope.project.id : null,
    created_at: ctx.now,
    updated_at: ctx.now,
  };
  ctx.state.roles.push(role);
  recordEvent(ctx.state, ctx.actor, ctx.now, {
    type: 'role.created',
    ...eventProject(scope),
    payload: { id: role.id, role_name: name, permissions, resource_type: resource.type, resource_id: resource.id },
  });
  return renderRole(findRole(ctx.state, scope, role.id) as RoleView);
}

/** Partial: an absent or null field is left as it is (the SDK types each as `| null`). */
function updateRole(ctx: RouteContext): unknown {
  const scope = scopeOf(ctx, true);
  const role = requireCustomRole(ctx, scope);
  const body = new Fields(ctx.body, ['role_name', 'permissions', 'description']);
  const name = body.optionalString('role_name');
  const description = body.optionalString('description');
  const permissions = body.has('permissions') ? [...new Set(body.stringArray('permissions'))] : undefined;
  if (typeof name === 'string') {
    if (name.trim() === '') throw badRequest("Invalid value for 'role_name': expected a non-empty string.", 'role_name');
    checkName(ctx, scope, name, role.id);
  }
  const resource = resourceOf(ctx.state, scope);
  const changes: Record<string, unknown> = { resource_type: resource.type, resource_id: resource.id };
  if (typeof name === 'string') {
    role.name = name;
    changes['role_name'] = name;
  }
  if (typeof description === 'string') {
    role.description = description;
    changes['description'] = description;
  }
  if (permissions) {
    changes['permissions_added'] = permissions.filter((p) => !role.permissions.includes(p));
    changes['permissions_removed'] = role.permissions.filter((p) => !permissions.includes(p));
    role.permissions = permissions;
  }
  role.updated_at = ctx.now;
  recordEvent(ctx.state, ctx.actor, ctx.now, {
    type: 'role.updated',
    ...eventProject(scope),
    payload: { id: role.id, changes_requested: changes },
  });
  return renderRole(findRole(ctx.state, scope, role.id) as RoleView);
}

/** Deleting a role also removes every assignment of it. */
function deleteRole(ctx: RouteContext): unknown {
  const scope = scopeOf(ctx, true);
  const role = requireCustomRole(ctx, scope);
  ctx.state.roles = ctx.state.roles.filter((r) => r !== role);
  dropAssignments(ctx.state, (a) => a.role_id === role.id);
  recordEvent(ctx.state, ctx.actor, ctx.now, { type: 'role.deleted', ...eventProject(scope), payload: { id: role.id } });
  return deleted('role.deleted', role.id);
}

function listRoles(ctx: RouteContext): unknown {
  const roles = rolesIn(ctx.state, scopeOf(ctx, false)).map(renderRole);
  return paginateNext(roles, (r) => r.id, readNextPageRequest(ctx.query));
}

function roleRoutes(base: string): ApiRoute[] {
  return [
    route('GET', base, listRoles),
    route('POST', base, createRole),
    route('GET', `${base}/{role_id}`, (ctx) => renderRole(requireRole(ctx, scopeOf(ctx, false)))),
    route('POST', `${base}/{role_id}`, updateRole),
    route('DELETE', `${base}/{role_id}`, deleteRole),
  ];
}

export const customRoleRoutes: ApiRoute[] = [
  ...roleRoutes('/organization/roles'),
  ...roleRoutes('/projects/{project_id}/roles'),
];
