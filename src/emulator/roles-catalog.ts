// The roles a scope offers: predefined ones (derived, read-only) and the custom ones in the state.
// Predefined ids follow the `role-<name>__<resource type>__<resource id>` form users of the official
// Terraform provider report. A predefined *project* role is also accepted by its short alias
// (`role-api-project-owner`), but always served project-scoped
// (`role-api-project-owner__api-project__proj_…`): the alias a client must normalise.
import type { RoleAssignmentEntryShape, RoleShape } from './access-shapes.js';
import type { EmulatorState, ProjectRecord, RoleRecord, RoleResourceType } from './types.js';

export type RoleScope = { type: 'organization' } | { type: 'project'; project: ProjectRecord };

/** A role as served, plus the timestamps an assignment entry shows (null for predefined roles). */
export type RoleView = Omit<RoleShape, 'object'> & Pick<RoleAssignmentEntryShape, 'created_at' | 'updated_at'>;

// The SDK documents neither the predefined roles' names nor their permissions; these are
// illustrative. The names match the legacy `role` values (and `viewer`, which the provider lists).
const ORG_PREDEFINED: Record<string, string[]> = {
  owner: ['api.organization.read', 'api.organization.write', 'api.organization.admin'],
  reader: ['api.organization.read'],
};
const PROJECT_PREDEFINED: Record<string, string[]> = {
  owner: ['api.project.read', 'api.project.write', 'api.project.admin'],
  member: ['api.project.read', 'api.project.write'],
  viewer: ['api.project.read'],
};

const PROJECT_ALIAS = /^role-api-project-([a-z]+)$/;

export function resourceOf(state: EmulatorState, scope: RoleScope): { type: RoleResourceType; id: string } {
  return scope.type === 'organization'
    ? { type: 'api.organization', id: state.organization.id }
    : { type: 'api.project', id: scope.project.id };
}

function predefinedRoles(state: EmulatorState, scope: RoleScope): RoleView[] {
  const resource = resourceOf(state, scope);
  const table = scope.type === 'organization' ? ORG_PREDEFINED : PROJECT_PREDEFINED;
  const kind = resource.type.replace('.', '-');
  return Object.entries(table).map(([name, permissions]) => ({
    id: `role-${kind}-${name}__${kind}__${resource.id}`,
    name,
    description: null,
    permissions: [...permissions],
    predefined_role: true,
    resource_type: resource.type,
    created_at: null,
    updated_at: null,
  }));
}

export function customRoles(state: EmulatorState, scope: RoleScope): RoleRecord[] {
  const projectId = scope.type === 'project' ? scope.project.id : null;
  return state.roles.filter((r) => r.project_id === projectId);
}

function viewOf(role: RoleRecord): RoleView {
  return {
    id: role.id,
    name: role.name,
    description: role.description,
    permissions: [...role.permissions],
    predefined_role: false,
    resource_type: role.resource_type,
    created_at: role.created_at,
    updated_at: role.updated_at,
  };
}

/** Predefined first, then custom roles oldest first: the order lists are served in. */
export function rolesIn(state: EmulatorState, scope: RoleScope): RoleView[] {
  return [...predefinedRoles(state, scope), ...customRoles(state, scope).map(viewOf)];
}

/** The id as served: a short predefined project alias becomes its project-scoped form. */
export function canonicalRoleId(scope: RoleScope, id: string): string {
  const alias = scope.type === 'project' ? PROJECT_ALIAS.exec(id) : null;
  return alias && scope.type === 'project' ? `${id}__api-project__${scope.project.id}` : id;
}

export function findRole(state: EmulatorState, scope: RoleScope, id: string): RoleView | undefined {
  const wanted = canonicalRoleId(scope, id);
  return rolesIn(state, scope).find((r) => r.id === wanted);
}
