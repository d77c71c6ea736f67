// Response shapes of groups, roles, role assignments and project groups (openai@7.55.0,
// src/resources/admin/organization/**). Only the fields orgform reads are listed. These lists
// are NextCursorPage lists: read them with `client.list(path, query, { cursor: 'next' })`.

/** groups.ts Group. */
export interface ApiGroup {
  id: string;
  name: string;
  created_at: number;
  group_type?: 'group' | 'tenant_group';
  is_scim_managed: boolean;
}

/** groups/users.ts OrganizationGroupUser. */
export interface ApiGroupUser {
  id: string;
  name?: string | null;
  email?: string | null;
}

/** roles.ts Role (org and project roles). */
export interface ApiRole {
  id: string;
  object?: 'role';
  name: string;
  description?: string | null;
  permissions: string[];
  predefined_role: boolean;
  resource_type: string;
}

/** An entry of a principal's role list (users/roles, groups/roles, projects/…/roles): the role. */
export interface ApiAssignedRole {
  /** The role's id (predefined project roles may come back in either id form). */
  id: string;
  name: string;
  predefined_role?: boolean;
}

/** projects/groups ProjectGroup: no `id`; keyed by group_id. */
export interface ApiProjectGroup {
  object?: 'project.group';
  project_id: string;
  group_id: string;
  group_name: string;
  group_type?: 'group' | 'tenant_group';
  created_at: number;
}
