// Normalizes the access part of a seed: groups (members by user id or email), custom roles,
// project groups and role assignments (the state's form, or a short one by email, group name and
// project id). Every reference is checked, and a failure names its path in the file.
import { newId } from './ids.js';
import { findRole, resourceOf, type RoleScope } from './roles-catalog.js';
import {
  fail,
  mapObjects,
  optionalInt,
  optionalString,
  requireOneOf,
  requireString,
  requireStringArray,
  requireUnique,
} from './seed-checks.js';
import type {
  EmulatorState,
  GroupRecord,
  ProjectGroupRecord,
  RoleAssignmentRecord,
  RoleRecord,
  SeedGroup,
  SeedProjectGroup,
  SeedRole,
  SeedRoleAssignment,
} from './types.js';

type Access = Pick<EmulatorState, 'groups' | 'roles' | 'role_assignments' | 'project_groups'>;
type Base = Omit<EmulatorState, keyof Access>;
type ProjectScope = Extract<RoleScope, { type: 'project' }>;

export function normalizeAccess(seed: Record<string, unknown>, base: Base, now: number): Access {
  const groups = mapObjects<SeedGroup, GroupRecord>(seed['groups'], 'groups', (g, p) => normalizeGroup(g, p, base, now));
  requireUnique(groups.map((g) => g.id), 'groups');
  const roles = mapObjects<SeedRole, RoleRecord>(seed['roles'], 'roles', (r, p) => normalizeRole(r, p, base, now));
  requireUnique(roles.map((r) => r.id), 'roles');
  const state: EmulatorState = { ...base, groups, roles, role_assignments: [], project_groups: [] };
  const grants = mapObjects<SeedProjectGroup, { grant: ProjectGroupRecord; assignment: RoleAssignmentRecord | null }>(
    seed['project_groups'],
    'project_groups',
    (pg, p) => normalizeProjectGroup(pg, p, state, now),
  );
  state.project_groups = grants.map((g) => g.grant);
  requireUnique(state.project_groups.map((pg) => `${pg.project_id}/${pg.group_id}`), 'project_groups');
  const assignments = [
    ...grants.flatMap((g) => g.assignment ?? []),
    ...mapObjects<SeedRoleAssignment, RoleAssignmentRecord>(seed['role_assignments'], 'role_assignments', (a, p) =>
      normalizeAssignment(a, p, state, now),
    ),
  ];
  const keys = assignments.map((a) => `${a.principal_id} ${a.role_id} ${a.resource_id}`);
  requireUnique(keys, 'role_assignments (principal, role, scope)');
  return { groups, roles, role_assignments: assignments, project_groups: state.project_groups };
}

function normalizeGroup(seed: SeedGroup, path: string, base: Base, now: number): GroupRecord {
  const byId = seed.user_ids === undefined ? [] : requireStringArray(seed.user_ids, `${path}.user_ids`);
  for (const id of byId) {
    if (!base.users.some((u) => u.id === id)) fail(`${path}.user_ids`, `names no org user '${id}'`);
  }
  const byRef = mapObjects<{ user_id?: string; email?: string }, string>(seed.members, `${path}.members`, (m, p) =>
    resolveUser(base, m.user_id, m.email, p),
  );
  const userIds = [...byId, ...byRef];
  requireUnique(userIds, `${path} members`);
  return {
    id: optionalString(seed.id, `${path}.id`) ?? newId('group'),
    name: requireString(seed.name, `${path}.name`),
    created_at: optionalInt(seed.created_at, `${path}.created_at`) ?? now,
    group_type: requireOneOf(['group', 'tenant_group'] as const, seed.group_type ?? 'group', `${path}.group_type`),
    is_scim_managed: seed.is_scim_managed === true,
    user_ids: userIds,
  };
}

function resolveUser(base: Base, id: string | undefined, email: string | undefined, path: string): string {
  const wanted = email?.toLowerCase();
  const user = base.users.find((u) => (id !== undefined ? u.id === id : u.email.toLowerCase() === wanted));
  return user?.id ?? fail(path, `names no org user (user_id ${id ?? '-'}, email ${email ?? '-'})`);
}

function normalizeRole(seed: SeedRole, path: string, base: Base, now: number): RoleRecord {
  const projectId = optionalString(seed.project_id ?? undefined, `${path}.project_id`) ?? null;
  if (projectId !== null && !base.projects.some((p) => p.id === projectId)) {
    fail(`${path}.project_id`, `names no project '${projectId}'`);
  }
  const created = optionalInt(seed.created_at, `${path}.created_at`) ?? now;
  return {
    id: optionalString(seed.id, `${path}.id`) ?? newId('role'),
    name: requireString(seed.name, `${path}.name`),
    description: optionalString(seed.description ?? undefined, `${path}.description`) ?? null,
    permissions: requireStringArray(seed.permissions, `${path}.permissions`),
    resource_type: projectId === null ? 'api.organization' : 'api.project',
    project_id: projectId,
    created_at: created,
    updated_at: optionalInt(seed.updated_at, `${path}.updated_at`) ?? created,
  };
}

function projectScope(state: EmulatorState, id: unknown, path: string): ProjectScope {
  const project = state.projects.find((p) => p.id === requireString(id, path));
  return project ? { type: 'project', project } : fail(path, `names no project '${String(id)}'`);
}

function assignment(
  state: EmulatorState,
  scope: RoleScope,
  principal: { type: 'user' | 'group'; id: string },
  roleId: string,
  created: number,
): RoleAssignmentRecord {
  const resource = resourceOf(state, scope);
  return {
    principal_type: principal.type,
    principal_id: principal.id,
    role_id: roleId,
    resource_type: resource.type,
    resource_id: resource.id,
    created_at: created,
  };
}

/** With `role`, the grant also assigns that project role, as the API's add does. */
function normalizeProjectGroup(seed: SeedProjectGroup, path: string, state: EmulatorState, now: number) {
  const scope = projectScope(state, seed.project_id, `${path}.project_id`);
  const group = state.groups.find((g) => g.id === seed.group_id);
  if (!group) fail(`${path}.group_id`, `names no group '${String(seed.group_id)}'`);
  const created = optionalInt(seed.created_at, `${path}.created_at`) ?? now;
  const grant: ProjectGroupRecord = { project_id: scope.project.id, group_id: group.id, created_at: created };
  if (seed.role === undefined) return { grant, assignment: null };
  const role = findRole(state, scope, requireString(seed.role, `${path}.role`));
  if (!role) fail(`${path}.role`, `names no role of project '${scope.project.id}'`);
  return { grant, assignment: assignment(state, scope, { type: 'group', id: group.id }, role.id, created) };
}

function normalizeAssignment(
  seed: SeedRoleAssignment,
  path: string,
  state: EmulatorState,
  now: number,
): RoleAssignmentRecord {
  const principal = resolvePrincipal(seed, path, state);
  const projectId = seed.project_id ?? (seed.resource_type === 'api.project' ? seed.resource_id : undefined);
  const scope: RoleScope =
    projectId === undefined ? { type: 'organization' } : projectScope(state, projectId, `${path}.project_id`);
  const roleId = requireString(seed.role_id, `${path}.role_id`);
  const role = findRole(state, scope, roleId);
  if (!role) fail(`${path}.role_id`, `names no role '${roleId}' in this scope`);
  if (scope.type === 'project' && principal.type === 'group') {
    const granted = state.project_groups.some((pg) => pg.project_id === scope.project.id && pg.group_id === principal.id);
    if (!granted) fail(path, `group '${principal.id}' needs a project_groups entry for '${scope.project.id}' first`);
  }
  return assignment(state, scope, principal, role.id, optionalInt(seed.created_at, `${path}.created_at`) ?? now);
}

function resolvePrincipal(seed: SeedRoleAssignment, path: string, state: EmulatorState) {
  const isGroup = seed.group_id !== undefined || seed.group_name !== undefined;
  const type = requireOneOf(['user', 'group'] as const, seed.principal_type ?? (isGroup ? 'group' : 'user'), `${path}.principal_type`);
  const id = seed.principal_id ?? (type === 'group' ? seed.group_id : seed.user_id);
  if (type === 'user') return { type, id: resolveUser(state, id, seed.email, path) };
  const group = state.groups.find((g) => (id !== undefined ? g.id === id : g.name === seed.group_name));
  if (!group) fail(path, `names no group (group_id ${id ?? '-'}, group_name ${seed.group_name ?? '-'})`);
  return { type, id: group.id };
}
