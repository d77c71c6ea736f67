// diff(desired, live) → the changes, notes and fingerprints of a plan. Pure: no I/O, and the
// same inputs give the same result.
//
// The steps, in order: the organization's kinds; the projects (matched by name or renamed_from)
// and, in each, every project kind; then the invites, which the file's `invites:` ask for and
// which members and `users:` need (what the earlier steps recorded); then the invariants and the
// file's policies.

import type { DesiredOrg } from '../config/model.js';
import { diffInvites } from '../kinds/invite.js';
import type { DiffContext, ProjectKind, ProjectScope } from '../kinds/kind.js';
import type { ApiOrgUser, LiveOrg } from '../kinds/live-state.js';
import { ORG_KINDS, PROJECT_KINDS } from '../kinds/registry.js';
import { PlanBuilder } from '../plan/builder.js';
import { checkKeyHygiene } from './key-hygiene.js';
import { checkPolicies } from './policies.js';
import { checkMembersAreWanted } from './members.js';
import { checkOwners, checkOwnersThroughAccess } from './owners.js';
import { planProjects } from './projects.js';
import { checkProtectNamesSomething } from './protect.js';
import { limitToScope } from './limit-scope.js';
import type { ScopedPlanning } from '../scope/describe.js';
import { coversKind } from '../scope/covers.js';
import type { Kind } from '../plan/types.js';

/**
 * `scoped`: `desired` is the whole file cut to a scope (scope/narrow.ts); only the changes the
 * scope covers, and what they depend on, are kept (their ids in `dependencies`), before the
 * invariants are checked.
 */
export function diffOrg(desired: DesiredOrg, live: LiveOrg, scoped?: Pick<ScopedPlanning, 'scope' | 'whole'>): PlanBuilder & { dependencies: string[] } {
  const out = new PlanBuilder();
  const ctx: DiffContext = {
    desired,
    live,
    ...(live.users ? { usersByEmail: indexUsers(live.users) } : {}),
    ...(scoped ? { whole: scoped.whole } : {}),
  };
  // A scoped plan also compares what its parts need (context): counted as managed, the base of
  // the destroy limits' fraction, only where the scope covers it.
  const covers = (kind: Kind, project?: string) => !scoped || coversKind(scoped.scope, kind, project);
  const counted = (covered: boolean, diff: () => void) => (covered ? diff() : out.withoutCounts(diff));
  for (const kind of ORG_KINDS) counted(covers(kind.kind), () => kind.diff?.(out, ctx));
  const { scopes, refs } = planProjects(out, ctx, (name) => covers('project', name));
  for (const scope of scopes) {
    for (const kind of PROJECT_KINDS) {
      counted(covers(kind.kind, scope.desired.name), () => kind.diff(scope, out, ctx));
      countUnmanaged(out, scope, kind);
    }
  }
  counted(covers('invite'), () => diffInvites(out, ctx, refs));
  const dependencies = scoped ? limitToScope(out, scoped.scope) : [];
  checkOwners(out, ctx);
  checkOwnersThroughAccess(out, ctx);
  checkMembersAreWanted(out, ctx);
  checkProtectNamesSomething(out, ctx);
  checkKeyHygiene(out, ctx);
  checkPolicies(out, ctx, scopes);
  return Object.assign(out, { dependencies });
}

/** A part the file does not manage but that was read anyway (plan --count-unmanaged). */
function countUnmanaged(out: PlanBuilder, scope: ProjectScope, kind: ProjectKind): void {
  const value = scope.live?.[kind.part];
  if (scope.desired[kind.part] !== undefined || value === undefined || !Array.isArray(value)) return;
  const count = kind.count ? kind.count(value) : value.length;
  out.leftAlone(kind.kind, scope.desired.name, count, `the file has no ${kind.part}: key for this project`);
}

function indexUsers(users: ApiOrgUser[]): Map<string, ApiOrgUser> {
  const byEmail = new Map<string, ApiOrgUser>();
  for (const user of users) if (user.email) byEmail.set(user.email.toLowerCase(), user);
  return byEmail;
}
