// Custom roles: the organization's (`roles:`, /organization/roles) and each project's
// (`projects.<name>.roles`, /projects/{id}/roles: not under /organization). Requests name a role
// `role_name`, answers `name`. Predefined roles are never written.

import equal from 'fast-deep-equal';
import type { DesiredRole } from '../config/model.js';
import { matchByKey, type PlanBuilder } from '../plan/builder.js';
import type { Change, JsonObject, ProjectRef } from '../plan/types.js';
import { apiPath, type ApiPath } from '../providers/openai/api-path.js';
import {
  deleteIfPresent,
  onProject,
  payload,
  requireProject,
  requireTarget,
  type ApplyContext,
  type AuditQuery,
  type OrgKind,
  type ProjectKind,
} from './kind.js';
import { compareText } from '../util/compare.js';
import { listOrgRoles, listProjectRoles, type ApiRole } from './access-live.js';

export const roleAddress = (prefix: string, name: string) => `${prefix}role[${JSON.stringify(name)}]`;

interface RolePlace {
  kind: 'role' | 'project_role';
  prefix: string;
  dependsOn: string[];
  project?: ProjectRef;
}

function state(role: { name: string; description?: string | null; permissions: string[] }, withDescription: boolean): JsonObject {
  return {
    name: role.name,
    ...(withDescription ? { description: role.description ?? null } : {}),
    permissions: [...new Set(role.permissions)].sort(),
  };
}

function planRoles(out: PlanBuilder, desired: DesiredRole[], liveRoles: ApiRole[], place: RolePlace): void {
  const live = liveRoles.filter((r) => !r.predefined_role);
  out.countManaged(place.kind, live.length);
  const common = { kind: place.kind, ...(place.project ? { project: place.project } : {}) };
  const { both, onlyDesired, onlyLive } = matchByKey(desired, live, (d) => d.name, (l) => l.name);
  for (const d of onlyDesired) {
    out.add({ ...common, action: 'create', address: roleAddress(place.prefix, d.name), before: null, after: state(d, d.description !== undefined), dependsOn: place.dependsOn });
  }
  for (const [d, l] of both) {
    const before = state(l, d.description !== undefined);
    const after = state(d, d.description !== undefined);
    if (equal(before, after)) continue;
    out.add({ ...common, action: 'update', address: roleAddress(place.prefix, d.name), before, after, target_id: l.id });
  }
  for (const l of onlyLive) {
    out.add({
      ...common,
      action: 'delete',
      address: roleAddress(place.prefix, l.name),
      before: state(l, true),
      after: null,
      target_id: l.id,
      reason: 'everyone who holds the role loses it',
    });
  }
}

async function applyRole(change: Change, ctx: ApplyContext, base: ApiPath, one: (id: string) => ApiPath): Promise<{ createdId?: string }> {
  if (change.action === 'delete') {
    await deleteIfPresent(ctx.client, one(requireTarget(change)));
    return {};
  }
  const role = payload<{ name: string; description?: string | null; permissions: string[] }>(change.after, change);
  const body = {
    permissions: role.permissions,
    ...(typeof role.description === 'string' ? { description: role.description } : {}),
  };
  if (change.action === 'create') {
    const created = await ctx.client.post<{ id: string }>(base, { role_name: role.name, ...body }, { idempotent: false });
    return { createdId: created.id };
  }
  await ctx.client.post(one(requireTarget(change)), body, { idempotent: true });
  return {};
}

const roleAudit = (change: Change): AuditQuery | null =>
  change.target_id ? { event_types: ['role.created', 'role.updated', 'role.deleted'], resource_ids: [change.target_id] } : null;

/** Custom roles as the file writes them (predefined ones are never written). */
function rolesToConfig(roles: ApiRole[]): { value: unknown } {
  return {
    value: roles
      .filter((r) => !r.predefined_role)
      .sort((a, b) => compareText(a.name, b.name))
      .map((r) => ({
        name: r.name,
        ...(typeof r.description === 'string' ? { description: r.description } : {}),
        permissions: [...new Set(r.permissions)].sort(),
      })),
  };
}

/** The role a create makes, if it is live: role names are unique in their scope (the API refuses a second). */
function named(roles: ApiRole[], change: Change): ApiRole[] {
  const { name } = payload<{ name: string }>(change.after, change);
  return roles.filter((r) => r.name === name);
}

export const role: OrgKind = {
  kind: 'role',
  scope: 'organization',
  words: { noun: ['custom role', 'custom roles'], group: 'roles' },
  phase: 1,
  audit: roleAudit,
  diff(out, ctx) {
    if (ctx.desired.roles === undefined) return;
    out.fingerprint('roles', (ctx.live.roles ?? []).map((r) => state(r, true)));
    planRoles(out, ctx.desired.roles, ctx.live.roles ?? [], { kind: 'role', prefix: '', dependsOn: [] });
  },
  read: {
    part: 'roles',
    neededBy: (desired) => desired.roles !== undefined || desired.role_assignments !== undefined,
    fetch: listOrgRoles,
  },
  configPath: ['roles'],
  toConfig: (live) => live.roles && rolesToConfig(live.roles),
  apply: (change, ctx) => applyRole(change, ctx, apiPath`/organization/roles`, (id) => apiPath`/organization/roles/${id}`),
  identity: { duplicates: 'refused', find: async (change, ctx) => named(await listOrgRoles(ctx.client), change) },
};

export const projectRole: ProjectKind<'roles'> = {
  kind: 'project_role',
  scope: 'project',
  words: { noun: ['project role', 'project roles'], group: 'project' },
  phase: 1,
  part: 'roles',
  audit: roleAudit,
  read: (client, projectId) => listProjectRoles(client, projectId),
  toConfig: rolesToConfig,
  diff(scope, out) {
    if (scope.desired.roles === undefined) return;
    if (scope.live) out.fingerprint(`${scope.address}.roles`, (scope.live.roles ?? []).map((r) => state(r, true)));
    planRoles(out, scope.desired.roles, scope.live?.roles ?? [], {
      kind: 'project_role',
      prefix: `${scope.address}.`,
      dependsOn: onProject(scope),
      project: scope.ref,
    });
  },
  apply(change, ctx) {
    const projectId = requireProject(change, ctx);
    return applyRole(change, ctx, apiPath`/projects/${projectId}/roles`, (id) => apiPath`/projects/${projectId}/roles/${id}`);
  },
  identity: { duplicates: 'refused', find: async (change, ctx) => named(await listProjectRoles(ctx.client, requireProject(change, ctx)), change) },
};
