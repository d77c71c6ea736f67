// The config a scoped plan works from: the whole file cut down to the scope, plus the context the
// scope's own parts need to be planned exactly as the whole file would plan them. What is cut
// away is absent, and absent means "left alone": nothing outside the scope is read or compared,
// so nothing outside it can be planned. The reader derives what to read from this config alone
// (live/read.ts scopeOfConfig), so a scoped plan reads only what its scope needs.
//
// Context, where the file's meaning depends on it (its changes are kept only where an in-scope
// change depends on them, planner/limit-scope.ts):
// - a part's `consults` (a project's role assignments look at its groups, roles and members);
// - the file's `invites:` list when users or members are in scope: `users:` counts the invited as
//   wanted, and an invite a member needs is the one the list describes;
// - the entries of the file's other projects (name and create-time fields, no parts: nothing is
//   read for them) when invites may be planned: an invite names projects, perhaps new ones;
// - the names of the file's groups (not their members) when an in-scope part names a group: a
//   project's groups and role assignments may need a group this plan creates.

import type { DesiredOrg, DesiredProject } from '../config/model.js';
import { needsGroups } from '../kinds/group.js';
import type { ProjectPart } from '../kinds/live-state.js';
import { PROJECT_KINDS } from '../kinds/registry.js';
import type { Scope } from './scope.js';

export function narrowConfig(whole: DesiredOrg, scope: Scope): DesiredOrg {
  const selected = whole.projects.flatMap((p) => {
    const selection = scope.projects.get(p.name);
    return selection ? [withParts(p, withConsulted(selection.parts))] : [];
  });
  const members = selected.some((p) => !p.archived && p.members !== undefined);
  const invitesMayBePlanned = scope.invites || scope.users || members;
  const byName = new Map(selected.map((p) => [p.name, p]));
  const projects = invitesMayBePlanned ? whole.projects.map((p) => byName.get(p.name) ?? withParts(p, new Set())) : selected;
  const inScope = new Set(selected.flatMap((p) => [p.name, ...(p.renamed_from === undefined ? [] : [p.renamed_from])]));
  const org = scope.organization;
  const { live_policies: _whole, ...rest } = whole;
  const live_policies = narrowLivePolicies(whole.live_policies, org || scope.users, (name) => scope.projects.get(name)?.parts.has('members') === true);
  const narrowed: DesiredOrg = {
    ...rest,
    ...(live_policies && { live_policies }),
    organization: org ? whole.organization : {},
    users: scope.users ? whole.users : undefined,
    invites: invitesMayBePlanned ? whole.invites : undefined,
    groups: org ? whole.groups : undefined,
    roles: org ? whole.roles : undefined,
    role_assignments: org ? whole.role_assignments : undefined,
    projects,
    protect: {
      // Refusing to archive or remove a protected object is the safety step's, with the whole
      // file's list; here only the entries about what is compared are checked against the org.
      projects: whole.protect.projects.filter((name) => inScope.has(name)),
      users: scope.users ? whole.protect.users : [],
    },
  };
  if (!org && whole.groups !== undefined && needsGroups(narrowed)) {
    narrowed.groups = whole.groups.map((g) => ({ name: g.name, ...(g.pos ? { pos: g.pos } : {}) }));
  }
  return narrowed;
}

/**
 * The org users a scoped plan needs, by email, when they are all it needs them for: the members
 * of the projects it covers. undefined: the whole list (users:, invites:, the org's groups and
 * role assignments, and a project's role assignments look up users the file does not name).
 */
export function usersToRead(narrowed: DesiredOrg, scope: Scope): string[] | undefined {
  const assignments = narrowed.projects.some((p) => !p.archived && p.role_assignments !== undefined);
  if (scope.organization || scope.users || scope.invites || assignments) return undefined;
  const emails = new Set(narrowed.projects.flatMap((p) => (p.archived ? [] : (p.members ?? []).map((m) => m.email))));
  return [...emails].sort();
}

/**
 * The owner policies a scoped plan checks against the live org: the org's owners only where the
 * scope covers the organization or users (what can change them, and then every user is read),
 * a project's owners only where the scope covers the project's members.
 */
function narrowLivePolicies(
  policies: DesiredOrg['live_policies'],
  orgOwners: boolean,
  coversMembers: (project: string) => boolean,
): DesiredOrg['live_policies'] {
  if (!policies) return undefined;
  const { min_org_owners, owner_email_domains: domains } = policies;
  const narrowed = domains && { ...domains, org_owners: domains.org_owners && orgOwners, projects: domains.projects.filter(coversMembers) };
  const out = {
    ...(min_org_owners && orgOwners && { min_org_owners }),
    ...(narrowed && (narrowed.org_owners || narrowed.projects.length > 0) && { owner_email_domains: narrowed }),
  };
  return Object.keys(out).length > 0 ? out : undefined;
}

/** The parts and, transitively, the parts they consult. */
function withConsulted(parts: ReadonlySet<ProjectPart>): Set<ProjectPart> {
  const all = new Set(parts);
  for (let grew = true; grew; ) {
    grew = false;
    for (const kind of PROJECT_KINDS) {
      if (!all.has(kind.part)) continue;
      for (const consulted of kind.consults ?? []) if (!all.has(consulted)) grew = Boolean(all.add(consulted));
    }
  }
  return all;
}

/** The project entry with only `parts` (the rest absent: not read, not compared). */
function withParts(project: DesiredProject, parts: ReadonlySet<ProjectPart>): DesiredProject {
  const out: DesiredProject = { ...project };
  for (const kind of PROJECT_KINDS) if (!parts.has(kind.part)) delete out[kind.part];
  return out;
}
