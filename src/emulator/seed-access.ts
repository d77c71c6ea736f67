// Normalizes the access part of a seed: groups (members by user id or email), custom roles,
// role assignments (the state's form or a short one by email / group name / project id) and
// project groups. Every reference is checked, and a failure names its path in the file.
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
import { newId } from './ids.js';
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

export function normalizeAccess(seed: Record<string, unknown>, base: Base, now: number): Access {
  const groups = mapObjects<SeedGroup, GroupRecord>(seed['groups'], 'groups', (g, p) => normalizeGroup(g, p, base, now));
  requireUnique(groups.map((g) => g.id), 'groups');
  const roles = mapObjects<SeedRole, RoleRecord>(seed['roles'], 'roles', (r, p) => normalizeRole(r, p, base, now));
  requireUnique(roles.map((r) => r.id), 'roles');
  const state: EmulatorState = { ...base, groups, roles, role_assignments: [], project_groups: [] };
  const projectGroups: ProjectGroupRecord[] = [];
  const fromGrants: RoleAssignmentRecord[] = [];
  mapObjects<SeedProjectGroup, void>(seed['project_groups'], 'project_groups', (pg, p) => {
    const scope = projectScope(state, pg.project_id, `${p}.project_id`);
    const group = groups.find((g) => g.id === pg.group_id) ?? fail(`${p}.group_id`, `names no group '${String(pg.group_id)}'`);
    const created = optionalInt(pg.created_at, `${p}.created_at`) ?? now;
    projectGroups.push({ project_id: scope.project.id, group_id: group.id, created_at: created });
    if (pg.role === undefined) return;
    const role = findRole(state, scope, requireString(pg.role, `${p}.role`)) ?? fail(`${p}.role`, `names no role of project '${scope.project.id}'`);
    fromGrants.push(assignment('group', group.id, role.id, scope, state, created));
  });
  requireUnique(projectGroups.map((pg) => `${pg.project_id}/${pg.group_id}`), 'project_groups');
  const withGrants: EmulatorState = { ...state, project_groups: projectGroups };
  const assignments = mapObjects<SeedRoleAssignment, RoleAssignmentRecord>(seed['role_assignments'], 'role_assignments', (a, p) =>
    normalizeAssignment(a, p, withGrants, now),
  );
  const all = [...fromGrants, ...assignments];
  requireUnique(all.map((a) => `${a.principal_id} ${a.role_id} ${a.resource_id}`), 'role_assignments (principal, role, scope)');
  return { groups, roles, role_assignments: all, project_groups: projectGroups };
}

function normalizeGroup(seed: SeedGroup, path: string, base: Base, now: number): GroupRecord {
  const byId = seed.user_ids === undefined ? [] : requireStringArray(seed.user_ids, `${path}.user_ids`);
  const byRef = mapObjects<{ user_id?: string; email?: string }, string>(seed.members, `${path}.members`, (m, p) => {
    const email = m.email?.toLowerCase();
    const user = base.users.find((u) => (m.user_id !== undefined ? u.id === m.user_id : u.email.toLowerCase() === email));
    return user?.id ?? fail(p, `names no org user (user_id ${m.user_id ?? '-'}, email ${m.email ?? '-'})`);
  });
  const userIds = [...byId, ...byRef];
  for (const id of byId) if (!base.users.some((u) => u.id === id)) fail(`${path}.user_ids`, `names no org user '${id}'`);
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

function normalizeRole(seed: SeedRole, path: string, base: Base, now: number): RoleRecord {
  const projectId = optionalString(seed.project_id ?? undefined, `${path}.project_id`) ?? null;
  if (projectId !== null && !base.projects.some((p) => p.id === projectId)) fail(`${path}.project_id`, `names no project '${projectId}'`);
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

function projectScope(state: EmulatorState, id: unknown, path: string): Extract<RoleScope, { type: 'project' }> {
  const project = state.projects.find((p) => p.id === requireString(id, path));
  return project ? { type: 'project', project } : fail(path, `names no project '${String(id)}'`);
}

function assignment(
  type: 'user' | 'group',
  principalId: string,
  roleId: string,
  scope: RoleScope,
  state: EmulatorState,
  created: number,
): RoleAssignmentRecord {
  const resource = resourceOf(state, scope);
  return { principal_type: type, principal_id: principalId, role_id: roleId, resource_type: resource.type, resource_id: resource.id, created_at: created };
}

function normalizeAssignment(seed: SeedRoleAssignment, path: string, state: EmulatorState, now: number): RoleAssignmentRecord {
  const principal = resolvePrincipal(seed, path, state);
  const projectId = seed.project_id ?? (seed.resource_type === 'api.project' ? seed.resource_id : undefined);
  const scope: RoleScope = projectId === undefined ? { type: 'organization' } : projectScope(state, projectId, `${path}.project_id`);
  const roleId = requireString(seed.role_id, `${path}.role_id`);
  const role = findRole(state, scope, roleId) ?? fail(`${path}.role_id`, `names no role '${roleId}' in this scope`);
  if (scope.type === 'project' && principal.type === 'group') {
    const granted = state.project_groups.some((pg) => pg.project_id === scope.project.id && pg.group_id === principal.id);
    if (!granted) fail(path, `group '${principal.id}' needs a project_groups entry for project '${scope.project.id}' first`);
  }
  return assignment(principal.type, principal.id, role.id, scope, state, optionalInt(seed.created_at, `${path}.created_at`) ?? now);
}

function resolvePrincipal(seed: SeedRoleAssignment, path: string, state: EmulatorState): { type: 'user' | 'group'; id: string } {
  const type = seed.principal_type ?? (seed.group_id !== undefined || seed.group_name !== undefined ? 'group' : 'user');
  requireOneOf(['user', 'group'] as const, type, `${path}.principal_type`);
  const id = seed.principal_id ?? (type === 'group' ? seed.group_id : seed.user_id);
  if (type === 'group') {
    const group = state.groups.find((g) => (id !== undefined ? g.id === id : g.name === seed.group_name));
    return { type, id: group?.id ?? fail(path, `names no group (group_id ${id ?? '-'}, group_name ${seed.group_name ?? '-'})`) };
  }
  const email = seed.email?.toLowerCase();
  const user = state.users.find((u) => (id !== undefined ? u.id === id : u.email.toLowerCase() === email));
  return { type, id: user?.id ?? fail(path, `names no org user (user_id ${id ?? '-'}, email ${seed.email ?? '-'})`) };
}
