// The live side of groups, roles and role assignments (issue 14): what is read, and the lookups
// apply needs for objects this same plan creates (a group or role is then known only by name).
// Every list here is a NextCursorPage list.

import { InternalError } from '../errors.js';
import { apiPath } from '../providers/openai/api-path.js';
import type { ApiAssignedRole, ApiGroup, ApiGroupUser, ApiProjectGroup, ApiRole } from '../providers/openai/access-types.js';
import type { ApiOrgUser, ApiProjectUser } from '../providers/openai/api-types.js';
import type { AdminClient } from '../providers/openai/client.js';
import { survivor } from './identity.js';

export type { ApiAssignedRole, ApiGroup, ApiGroupUser, ApiProjectGroup, ApiRole };

const NEXT = { cursor: 'next' } as const;

export interface LiveGroup {
  group: ApiGroup;
  /** Absent: not read. */
  members?: ApiGroupUser[];
  /** The organization roles the group holds directly. Absent: not read. */
  roles?: ApiAssignedRole[];
}

/** A group with access to a project, and the project roles it holds there. */
export interface LiveProjectGroup {
  group: ApiProjectGroup;
  roles: ApiAssignedRole[];
}

/** Direct role holders in one scope: principal id → the roles it holds. */
export interface LiveAssignments {
  users: Record<string, ApiAssignedRole[]>;
  groups: Record<string, ApiAssignedRole[]>;
}

/**
 * A predefined project role comes back project-scoped (`role-api-project-owner__api-project__proj_1`)
 * though it goes in by its short alias (`role-api-project-owner`): one id for both, so an alias is
 * never drift.
 */
export function canonicalRoleId(id: string): string {
  const at = id.indexOf('__');
  return at > 0 && id.startsWith('role-api-') ? id.slice(0, at) : id;
}

/** An assigned role's name: its `name`, or the predefined name inside its id. */
export function roleName(role: ApiAssignedRole): string {
  if (role.name) return role.name;
  const m = /^role-api-(?:project|organization)-([a-z]+)$/.exec(canonicalRoleId(role.id));
  return m?.[1] ?? role.id;
}

export function listGroups(client: AdminClient): Promise<ApiGroup[]> {
  return client.list<ApiGroup>(apiPath`/organization/groups`, {}, NEXT);
}

export async function readGroups(client: AdminClient, opts: { members: boolean; roles: boolean }): Promise<LiveGroup[]> {
  const groups = await listGroups(client);
  return Promise.all(
    groups.map(async (group) => {
      const [members, roles] = await Promise.all([
        opts.members ? client.list<ApiGroupUser>(apiPath`/organization/groups/${group.id}/users`, {}, NEXT) : undefined,
        opts.roles ? client.list<ApiAssignedRole>(apiPath`/organization/groups/${group.id}/roles`, {}, NEXT) : undefined,
      ]);
      return { group, ...(members && { members }), ...(roles && { roles }) };
    }),
  );
}

export function listOrgRoles(client: AdminClient): Promise<ApiRole[]> {
  return client.list<ApiRole>(apiPath`/organization/roles`, {}, NEXT);
}

export function listProjectRoles(client: AdminClient, projectId: string): Promise<ApiRole[]> {
  return client.list<ApiRole>(apiPath`/projects/${projectId}/roles`, {}, NEXT);
}

/** The organization roles each ordinary user holds directly (service accounts hold none). */
export async function readUserRoles(client: AdminClient, users: ApiOrgUser[]): Promise<Record<string, ApiAssignedRole[]>> {
  const people = users.filter((u) => !u.is_service_account);
  const roles = await Promise.all(
    people.map((u) => client.list<ApiAssignedRole>(apiPath`/organization/users/${u.id}/roles`, {}, NEXT)),
  );
  return Object.fromEntries(people.map((u, i) => [u.id, roles[i] ?? []]));
}

export async function readProjectGroups(client: AdminClient, projectId: string): Promise<LiveProjectGroup[]> {
  const groups = await client.list<ApiProjectGroup & { id?: string }>(apiPath`/organization/projects/${projectId}/groups`, {}, NEXT);
  return Promise.all(
    groups.map(async (group) => ({
      group,
      roles: await client.list<ApiAssignedRole>(apiPath`/projects/${projectId}/groups/${group.group_id}/roles`, {}, NEXT),
    })),
  );
}

/** Who holds which project role directly: the project's users (not service accounts) and groups. */
export async function readProjectAssignments(client: AdminClient, projectId: string): Promise<LiveAssignments> {
  const [users, groups] = await Promise.all([
    client.list<ApiProjectUser>(apiPath`/organization/projects/${projectId}/users`),
    readProjectGroups(client, projectId),
  ]);
  const people = users.filter((u) => u.email);
  const roles = await Promise.all(
    people.map((u) => client.list<ApiAssignedRole>(apiPath`/projects/${projectId}/users/${u.id}/roles`, {}, NEXT)),
  );
  return {
    users: Object.fromEntries(people.map((u, i) => [u.id, roles[i] ?? []])),
    groups: Object.fromEntries(groups.map((g) => [g.group.group_id, g.roles])),
  };
}

/**
 * Apply-time: the id of the group with this name (it may have been created by this apply). While
 * two writers' copies both exist, the one both keep (identity.ts `survivor`).
 */
export async function groupIdByName(client: AdminClient, name: string): Promise<string> {
  const found = survivor((await listGroups(client)).filter((g) => g.name === name));
  if (!found) throw new InternalError(`expected a group named ${JSON.stringify(name)}, found none`);
  return found.id;
}

/** Apply-time: the id of the role with this name, in the organization or in a project. */
export async function roleIdByName(client: AdminClient, name: string, projectId?: string): Promise<string> {
  const roles = projectId === undefined ? await listOrgRoles(client) : await listProjectRoles(client, projectId);
  const role = roles.find((r) => r.name === name);
  if (!role) throw new InternalError(`no role named ${JSON.stringify(name)}${projectId ? ` in project ${projectId}` : ''}`);
  return role.id;
}
