// A present `users:` list (with the invites) is every org user the file wants. A project member
// who is neither would be removed from the organization, and so from the project, by the same
// plan that adds them: the file contradicts itself, and the plan says where.

import type { DiffContext } from '../kinds/kind.js';
import { isManagedUser } from '../kinds/user.js';
import type { PlanBuilder } from '../plan/builder.js';

export function checkMembersAreWanted(out: PlanBuilder, ctx: DiffContext): void {
  if (ctx.desired.users === undefined) return;
  const wanted = new Set([...ctx.desired.users, ...(ctx.desired.invites ?? [])].map((u) => u.email));
  for (const project of ctx.desired.projects) {
    for (const member of project.members ?? []) {
      if (wanted.has(member.email)) continue;
      const user = ctx.usersByEmail?.get(member.email);
      // SCIM-managed users and service accounts are never removed by users:.
      if (user && !isManagedUser(user)) continue;
      out.problems.push({
        ...(project.pos ?? {}),
        message:
          `${member.email} is a member of project ${JSON.stringify(project.name)} but not under users: (or invites:), ` +
          'which list every org user: add them there, or the plan would remove them from the organization',
      });
    }
  }
}
