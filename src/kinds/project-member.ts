import { apiPath } from '../providers/openai/api-path.js';
import type { DesiredMember, ProjectRole } from '../config/model.js';
import type { ApiOrgUser, ApiProjectUser } from '../providers/openai/api-types.js';
import { compareText } from '../util/compare.js';
import { planCollection } from './collection.js';
import { getOrNull } from './read-back.js';
import {
  deleteIfPresent,
  payload,
  requireProject,
  requireTarget,
  type ProjectKind,
} from './kind.js';

interface MemberState {
  email: string;
  role: string;
}

// Service accounts are listed as project users too, without an email: they are not members.
const membersOf = (users: ApiProjectUser[]): ApiProjectUser[] => users.filter((m) => m.email);

/** What a member who is not in the organization yet needs: an invite carrying the project and role. */
export function memberInviteNeed(project: string, d: DesiredMember): { project: string; projectRole: ProjectRole; why: string } {
  return { project, projectRole: d.role, why: `member of ${project} as ${d.role}` };
}

/** Whether a member can be added by user id (an org user who is not a service account). */
export const isMemberCandidate = (user: ApiOrgUser | undefined): user is ApiOrgUser => user !== undefined && !user.is_service_account;

export const projectMember: ProjectKind<'members'> = {
  kind: 'project_member',
  scope: 'project',
  words: { noun: ['project member', 'project members'], group: 'project' },
  phase: 3,
  // Not filtered by project: admin-key actions are recorded on the default project.
  audit: (change) => (change.target_id ? { event_types: ['user.added', 'user.updated'], resource_ids: [change.target_id] } : null),
  part: 'members',

  read: (client, projectId) => client.list<ApiProjectUser>(apiPath`/organization/projects/${projectId}/users`),
  count: (value) => membersOf(value).length,

  diff(scope, out, ctx) {
    const desired = scope.desired.members;
    if (desired === undefined) return;
    const live = membersOf(scope.live?.members ?? []);
    out.countManaged('project_member', live.length);
    if (scope.live) {
      out.fingerprint(
        `${scope.address}.members`,
        live.map((m) => ({ id: m.id, email: (m.email ?? '').toLowerCase(), role: m.role })),
      );
    }
    const address = (email: string) => `${scope.address}.member[${JSON.stringify(email)}]`;
    planCollection(out, scope, {
      kind: 'project_member',
      desired,
      live,
      key: (d) => d.email,
      liveKey: (l) => (l.email ?? '').toLowerCase(),
      liveId: (l) => l.id,
      address,
      fromDesired: (d) => ({ email: d.email, role: d.role }),
      fromLive: (l) => ({ email: (l.email ?? '').toLowerCase(), role: l.role }),
      // Members are added by org user id; someone not in the org yet gets an invite instead.
      createTarget: (d) => {
        const user = ctx.usersByEmail?.get(d.email);
        if (isMemberCandidate(user)) return user.id;
        out.needInvite(d.email, memberInviteNeed(scope.desired.name, d));
        out.note(
          `${d.email} is not in the organization yet: an invite carries the project and role, and the next plan after they accept finds nothing to do`,
          address(d.email),
        );
        return null;
      },
    });
  },

  toConfig: (live) => ({
    value: live
      .filter((m) => m.email)
      .map((m) => ({ email: (m.email ?? '').toLowerCase(), role: m.role }))
      .sort((a, b) => compareText(a.email, b.email)),
  }),

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

  async readBack(change, ctx) {
    const projectId = requireProject(change, ctx);
    const live = await getOrNull<ApiProjectUser>(ctx.client, apiPath`/organization/projects/${projectId}/users/${requireTarget(change)}`);
    return live && { email: (live.email ?? '').toLowerCase(), role: live.role };
  },

  // Adding a member twice is refused (400 in the emulator).
  identity: {
    duplicates: 'refused',
    async find(change, ctx) {
      const projectId = requireProject(change, ctx);
      const userId = requireTarget(change);
      const members = await ctx.client.list<ApiProjectUser>(apiPath`/organization/projects/${projectId}/users`);
      return members.filter((m) => m.id === userId).map((m) => ({ id: m.id, created_at: m.added_at }));
    },
  },

  async completeAdopted(change, ctx, id) {
    // Whoever added them may have given another role.
    const { role } = payload<MemberState>(change.after, change);
    await ctx.client.post(apiPath`/organization/projects/${requireProject(change, ctx)}/users/${id}`, { role }, { idempotent: true });
    return undefined;
  },
};
