// Groups (`groups:`), by name. SCIM-managed groups belong to the identity provider: they are read
// and may be referenced, never written. A file that would change one is a plan-time error.

import equal from 'fast-deep-equal';
import { matchByKey, type PlanBuilder } from '../plan/builder.js';
import { apiPath } from '../providers/openai/api-path.js';
import { deleteIfPresent, payload, requireTarget, type DiffContext, type OrgKind } from './kind.js';
import type { DesiredOrg } from '../config/model.js';
import { compareText } from '../util/compare.js';
import { listGroups, readGroups, type LiveGroup } from './access-live.js';

export const groupAddress = (name: string) => `group[${JSON.stringify(name)}]`;
export const groupCreateId = (name: string) => `create ${groupAddress(name)}`;
export const groupDeleteId = (name: string) => `delete ${groupAddress(name)}`;

/** Groups are read wherever one can be named: members, assignments, project groups. */
export function needsGroups(desired: DesiredOrg): boolean {
  return (
    desired.groups !== undefined ||
    desired.role_assignments !== undefined ||
    desired.projects.some((p) => !p.archived && (p.groups !== undefined || p.role_assignments !== undefined))
  );
}

export const memberEmails = (g: LiveGroup): string[] =>
  [...new Set((g.members ?? []).map((m) => (m.email ?? '').toLowerCase()).filter(Boolean))].sort();

function diffGroups(out: PlanBuilder, ctx: DiffContext): void {
  const desired = ctx.desired.groups;
  if (desired === undefined) return;
  const live = ctx.live.groups ?? [];
  const writable = live.filter((g) => !g.group.is_scim_managed);
  out.countManaged('group', writable.length);
  out.fingerprint(
    'groups',
    live.map((g) => ({ id: g.group.id, name: g.group.name, scim: g.group.is_scim_managed, members: memberEmails(g) })),
  );
  const wanted = new Set(desired.map((d) => d.name));
  out.leftAlone(
    'group',
    null,
    live.filter((g) => g.group.is_scim_managed && !wanted.has(g.group.name)).length,
    'SCIM-managed groups are never removed by groups:',
  );
  for (const d of desired) {
    const same = live.filter((g) => g.group.name === d.name);
    if (same.length > 1) {
      out.problems.push({
        ...(d.pos ?? {}),
        message: `group ${JSON.stringify(d.name)}: ${same.length} live groups have this name (${same.map((g) => g.group.id).join(', ')}); orgform cannot tell them apart. Rename one first.`,
      });
    }
    const scim = same.find((g) => g.group.is_scim_managed);
    if (scim && d.members !== undefined && !equal(d.members, memberEmails(scim))) {
      out.problems.push({
        ...(d.pos ?? {}),
        message: `group ${JSON.stringify(d.name)} is managed by SCIM (your identity provider): its members cannot be changed here. Leave out \`members\`, or list exactly its live members.`,
      });
    }
  }
  const { onlyDesired, onlyLive } = matchByKey(desired, writable, (d) => d.name, (l) => l.group.name);
  const scimNames = new Set(live.filter((g) => g.group.is_scim_managed).map((g) => g.group.name));
  for (const d of onlyDesired) {
    if (scimNames.has(d.name)) continue;
    out.add({ action: 'create', kind: 'group', address: groupAddress(d.name), before: null, after: { name: d.name } });
  }
  const counts = new Map<string, number>();
  for (const g of writable) counts.set(g.group.name, (counts.get(g.group.name) ?? 0) + 1);
  for (const l of onlyLive) {
    if (wanted.has(l.group.name)) continue; // a duplicate name: reported above
    const address = (counts.get(l.group.name) ?? 0) > 1 ? `${groupAddress(l.group.name)}#${l.group.id}` : groupAddress(l.group.name);
    out.add({
      action: 'delete',
      kind: 'group',
      address,
      before: { name: l.group.name, members: memberEmails(l) },
      after: null,
      target_id: l.group.id,
      reason: 'its project access and roles end with it; its members stay in the organization',
    });
  }
}

export const group: OrgKind = {
  kind: 'group',
  scope: 'organization',
  words: { noun: ['group', 'groups'], group: 'groups' },
  phase: 1,
  diff: diffGroups,
  // Members and org roles are read with the groups: the last-owner check needs both.
  read: { part: 'groups', neededBy: needsGroups, fetch: (client) => readGroups(client, { members: true, roles: true }) },
  configPath: ['groups'],
  // A SCIM-managed group is written without members: it is referenced, its members are the IdP's.
  toConfig: (live) =>
    live.groups && {
      value: [...live.groups]
        .sort((a, b) => compareText(a.group.name, b.group.name))
        .map((g) => (g.group.is_scim_managed ? { name: g.group.name } : { name: g.group.name, members: memberEmails(g) })),
    },
  audit: (change) =>
    change.target_id ? { event_types: ['group.created', 'group.updated', 'group.deleted'], resource_ids: [change.target_id] } : null,

  async apply(change, ctx) {
    if (change.action === 'delete') {
      await deleteIfPresent(ctx.client, apiPath`/organization/groups/${requireTarget(change)}`);
      return {};
    }
    const { name } = payload<{ name: string }>(change.after, change);
    const created = await ctx.client.post<{ id: string; created_at?: number }>(apiPath`/organization/groups`, { name }, { idempotent: false });
    return { createdId: created.id, ...(created.created_at === undefined ? {} : { createdAt: created.created_at }) };
  },

  // Group names need not be unique in the API. SCIM-managed groups are never copies: orgform does not write them.
  identity: {
    duplicates: 'allowed',
    removal: 'deleted',
    async find(change, ctx) {
      const { name } = payload<{ name: string }>(change.after, change);
      return (await listGroups(ctx.client)).filter((g) => g.name === name && !g.is_scim_managed);
    },
    remove: (_change, ctx, id) => deleteIfPresent(ctx.client, apiPath`/organization/groups/${id}`),
  },
};
