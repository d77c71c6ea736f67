import { matchByKey } from '../../../planner/builder.js';
import { apiPath } from '../api-path.js';
import type { ApiProjectUser } from '../api-types.js';
import {
  deleteIfPresent,
  onProject,
  payload,
  requireProject,
  requireTarget,
  type ProjectKind,
} from './kind.js';

interface MemberState {
  email: string;
  role: string;
}

export const projectMember: ProjectKind<'members'> = {
  kind: 'project_member',
  part: 'members',

  read: (client, projectId) => client.list<ApiProjectUser>(apiPath`/organization/projects/${projectId}/users`),

  diff(scope, out, ctx) {
    const desired = scope.desired.members;
    if (desired === undefined) return;
    // Service accounts are listed as project users too, without an email: they are not members.
    const live = (scope.live?.members ?? []).filter((m) => m.email);
    out.countManaged('project_member', live.length);
    if (scope.live) {
      out.fingerprint(
        `${scope.address}.members`,
        live.map((m) => ({ id: m.id, email: (m.email ?? '').toLowerCase(), role: m.role })),
      );
    }
    const address = (email: string) => `${scope.address}.member[${JSON.stringify(email)}]`;
    const { both, onlyDesired, onlyLive } = matchByKey(desired, live, (d) => d.email, (l) => (l.email ?? '').toLowerCase());
    const additions: string[] = [];
    for (const d of onlyDesired) {
      const user = ctx.usersByEmail?.get(d.email);
      if (!user || user.is_service_account) {
        out.needInvite(d.email, {
          project: scope.desired.name,
          projectRole: d.role,
          why: `member of ${scope.desired.name} as ${d.role}`,
        });
        out.note(
          `${d.email} is not in the organization yet: an invite carries the project and role, and the next plan after they accept finds nothing to do`,
          address(d.email),
        );
        continue;
      }
      additions.push(
        out.add({
          action: 'create',
          kind: 'project_member',
          address: address(d.email),
          before: null,
          after: { email: d.email, role: d.role },
          dependsOn: onProject(scope),
          project: scope.ref,
          target_id: user.id,
        }).id,
      );
    }
    for (const [d, l] of both) {
      if (l.role === d.role) continue;
      additions.push(
        out.add({
          action: 'update',
          kind: 'project_member',
          address: address(d.email),
          before: { email: d.email, role: l.role },
          after: { email: d.email, role: d.role },
          project: scope.ref,
          target_id: l.id,
        }).id,
      );
    }
    // Removals wait for additions and role changes, so a project never passes through no owner.
    for (const l of onlyLive) {
      const email = (l.email ?? '').toLowerCase();
      out.add({
        action: 'delete',
        kind: 'project_member',
        address: address(email),
        before: { email, role: l.role },
        after: null,
        dependsOn: additions,
        project: scope.ref,
        target_id: l.id,
      });
    }
  },

  async apply(change, ctx) {
    const projectId = requireProject(change, ctx);
    const userId = requireTarget(change);
    if (change.action === 'delete') {
      await deleteIfPresent(ctx.client, apiPath`/organization/projects/${projectId}/users/${userId}`);
      return {};
    }
    const { role } = payload<MemberState>(change.after, change);
    if (change.action === 'create') {
      await ctx.client.post(apiPath`/organization/projects/${projectId}/users`, { user_id: userId, role }, {
        idempotent: false,
      });
    } else {
      await ctx.client.post(apiPath`/organization/projects/${projectId}/users/${userId}`, { role }, { idempotent: true });
    }
    return {};
  },

  async findCreated(change, ctx) {
    const projectId = requireProject(change, ctx);
    const userId = requireTarget(change);
    const members = await ctx.client.list<ApiProjectUser>(apiPath`/organization/projects/${projectId}/users`);
    return members.some((m) => m.id === userId) ? userId : null;
  },
};
