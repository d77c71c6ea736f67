// A group's members (`groups[].members`), a set by email: one change per member added or
// removed, as Terraform users expect. Membership changes have no audit event type in the SDK.

import type { PlanBuilder } from '../plan/builder.js';
import { apiPath } from '../providers/openai/api-path.js';
import { deleteIfPresent, payload, requireTarget, type DiffContext, type OrgKind } from './kind.js';
import { groupIdByName, type ApiGroupUser } from './access-live.js';
import { groupAddress, groupCreateId, memberEmails } from './group.js';

const memberAddress = (group: string, email: string) => `${groupAddress(group)}.member[${JSON.stringify(email)}]`;

function diffMembers(out: PlanBuilder, ctx: DiffContext): void {
  for (const d of ctx.desired.groups ?? []) {
    if (d.members === undefined) continue;
    const same = (ctx.live.groups ?? []).filter((g) => g.group.name === d.name);
    if (same.length > 1 || same.some((g) => g.group.is_scim_managed)) continue; // reported, or read-only
    const live = same[0];
    const liveEmails = live ? memberEmails(live) : [];
    out.countManaged('group_member', liveEmails.length);
    const dependsOn = live ? [] : [groupCreateId(d.name)];
    const byEmail = new Map((live?.members ?? []).map((m) => [(m.email ?? '').toLowerCase(), m.id]));
    for (const email of d.members.filter((e) => !liveEmails.includes(e))) {
      const user = ctx.usersByEmail?.get(email);
      if (!user || user.is_service_account) {
        out.problems.push({
          ...(d.pos ?? {}),
          message: `group ${JSON.stringify(d.name)}: ${email} is not an organization user; a group can only hold users (invite them first)`,
        });
        continue;
      }
      out.add({
        action: 'create',
        kind: 'group_member',
        address: memberAddress(d.name, email),
        before: null,
        after: { group: d.name, email },
        dependsOn,
        target_id: user.id,
      });
    }
    for (const email of liveEmails.filter((e) => !d.members?.includes(e))) {
      out.add({
        action: 'delete',
        kind: 'group_member',
        address: memberAddress(d.name, email),
        before: { group: d.name, email },
        after: null,
        target_id: byEmail.get(email) ?? '',
        reason: 'the person leaves the group (and the access it gives), not the organization',
      });
    }
  }
}

export const groupMember: OrgKind = {
  kind: 'group_member',
  scope: 'organization',
  words: { noun: ['group member', 'group members'], group: 'groups' },
  phase: 2,
  diff: diffMembers,

  async apply(change, ctx) {
    const userId = requireTarget(change);
    const { group } = payload<{ group: string }>(change.after ?? change.before, change);
    const groupId = await groupIdByName(ctx.client, group);
    if (change.action === 'delete') {
      await deleteIfPresent(ctx.client, apiPath`/organization/groups/${groupId}/users/${userId}`);
    } else {
      await ctx.client.post(apiPath`/organization/groups/${groupId}/users`, { user_id: userId }, { idempotent: false });
    }
    return {};
  },

  // Adding a member twice is refused (400 in the emulator).
  identity: {
    duplicates: 'refused',
    async find(change, ctx) {
      const userId = requireTarget(change);
      const groupId = await groupIdByName(ctx.client, payload<{ group: string }>(change.after, change).group);
      const members = await ctx.client.list<ApiGroupUser>(apiPath`/organization/groups/${groupId}/users`, {}, { cursor: 'next' });
      return members.filter((m) => m.id === userId);
    },
  },
};
