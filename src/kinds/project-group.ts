// A group's access to a project (`projects.<name>.groups: [{group, role}]`), keyed by group name.
// Adding one grants `role`; removing it drops every project role the group holds there. A listed
// group that lacks its `role` gets it (the other roles it holds are role assignments' business).

import { PREDEFINED_PROJECT_ROLES } from '../api/enums.js';
import { matchByKey, type PlanBuilder } from '../plan/builder.js';
import { apiPath } from '../providers/openai/api-path.js';
import {
  deleteIfPresent,
  onProject,
  payload,
  requireProject,
  requireTarget,
  type DiffContext,
  type ProjectKind,
  type ProjectScope,
} from './kind.js';
import { groupIdByName, readProjectGroups, roleIdByName, type ApiProjectGroup } from './access-live.js';
import { roleAddress } from './role.js';
import { compareText } from '../util/compare.js';
import { entryRole, heldNames, orgGroupReady } from './role-assignment.js';

const address = (scope: ProjectScope, name: string) => `${scope.address}.group[${JSON.stringify(name)}]`;

function diffProjectGroups(scope: ProjectScope, out: PlanBuilder, ctx: DiffContext): void {
  const desired = scope.desired.groups;
  if (desired === undefined) return;
  const live = scope.live?.groups ?? [];
  out.countManaged('project_group', live.length);
  if (scope.live) {
    out.fingerprint(`${scope.address}.groups`, live.map((g) => ({ id: g.group.group_id, roles: heldNames(g.roles) })));
  }
  // Project roles are read only with `roles:`; otherwise apply finds the role by name.
  const knownRole = (role: string) =>
    scope.live?.roles === undefined || scope.live.roles.some((r) => r.name === role) || PREDEFINED_PROJECT_ROLES.includes(role);
  const { both, onlyDesired, onlyLive } = matchByKey(desired, live, (d) => d.group, (l) => l.group.group_name);
  for (const d of onlyDesired) {
    const group = orgGroupReady(out, ctx, d.group);
    const roleCreate = `create ${roleAddress(`${scope.address}.`, d.role)}`;
    const roleReady = out.changes.some((c) => c.id === roleCreate) ? [roleCreate] : [];
    if (typeof group === 'string' || (roleReady.length === 0 && !knownRole(d.role))) {
      out.problems.push({
        ...(scope.desired.pos ?? {}),
        message: `${address(scope, d.group)}: ${typeof group === 'string' ? group : `no project role is named ${JSON.stringify(d.role)}`}`,
      });
      continue;
    }
    out.add({
      action: 'create',
      kind: 'project_group',
      address: address(scope, d.group),
      before: null,
      after: { group: d.group, role: d.role },
      dependsOn: [...onProject(scope), ...group.dependsOn, ...roleReady],
      project: scope.ref,
      ...(group.id === undefined ? {} : { target_id: group.id }),
    });
  }
  for (const [d, l] of both) {
    const held = heldNames(l.roles);
    if (held.includes(d.role)) continue;
    out.add({
      action: 'update',
      kind: 'project_group',
      address: address(scope, d.group),
      before: { group: d.group, role: held[0] ?? null },
      after: { group: d.group, role: d.role },
      project: scope.ref,
      target_id: l.group.group_id,
    });
  }
  for (const l of onlyLive) {
    out.add({
      action: 'delete',
      kind: 'project_group',
      address: address(scope, l.group.group_name),
      before: { group: l.group.group_name, role: heldNames(l.roles)[0] ?? null },
      after: null,
      project: scope.ref,
      target_id: l.group.group_id,
      reason: 'the group loses its access to the project and every role it holds there',
    });
  }
}

export const projectGroup: ProjectKind<'groups'> = {
  kind: 'project_group',
  scope: 'project',
  words: { noun: ['project group', 'project groups'], group: 'project' },
  phase: 3,
  part: 'groups',
  // A group's role may be one this plan creates in the project.
  consults: ['roles'],
  read: readProjectGroups,
  toConfig: (live) => {
    const entries = live.map((g) => ({ group: g.group.group_name, role: entryRole(heldNames(g.roles)) }));
    // A group with access but no role cannot be written; listing the others alone would remove it.
    if (entries.some((e) => e.role === undefined)) return { comment: 'groups not exported: a group has access but no role' };
    return { value: entries.sort((a, b) => compareText(a.group, b.group)) };
  },
  diff: diffProjectGroups,
  audit: (change) => {
    const projectId = change.project && 'id' in change.project ? change.project.id : undefined;
    return change.target_id && projectId
      ? { event_types: ['role.assignment.created', 'role.assignment.deleted'], resource_ids: [change.target_id], project_ids: [projectId] }
      : null;
  },

  async apply(change, ctx) {
    const projectId = requireProject(change, ctx);
    if (change.action === 'delete') {
      await deleteIfPresent(ctx.client, apiPath`/organization/projects/${projectId}/groups/${requireTarget(change)}`);
      return {};
    }
    const { group, role } = payload<{ group: string; role: string }>(change.after, change);
    const groupId = change.target_id ?? (await groupIdByName(ctx.client, group));
    const roleId = await roleIdByName(ctx.client, role, projectId);
    if (change.action === 'create') {
      await ctx.client.post(apiPath`/organization/projects/${projectId}/groups`, { group_id: groupId, role: roleId }, { idempotent: false });
    } else {
      await ctx.client.post(apiPath`/projects/${projectId}/groups/${groupId}/roles`, { role_id: roleId }, { idempotent: false });
    }
    return {};
  },

  // Giving a group access twice is refused (400 in the emulator).
  identity: {
    duplicates: 'refused',
    async find(change, ctx) {
      const projectId = requireProject(change, ctx);
      const groupId = change.target_id ?? (await groupIdByName(ctx.client, payload<{ group: string }>(change.after, change).group));
      const groups = await ctx.client.list<ApiProjectGroup & { id?: string }>(apiPath`/organization/projects/${projectId}/groups`, {}, { cursor: 'next' });
      return groups.filter((g) => g.group_id === groupId).map((g) => ({ id: g.group_id, created_at: g.created_at }));
    },
  },
};
