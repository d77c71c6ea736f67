// Every kind orgform manages, in the order their words are listed and their groups shown.
// Adding a kind: a module in this folder, a line here, its schema fragment, its emulator routes.

import { InternalError } from '../errors.js';
import type { Kind, KindWords } from '../plan/types.js';
import { group } from './group.js';
import { groupMember } from './group-member.js';
import { hostedToolPermissions } from './hosted-tool-permissions.js';
import { invite } from './invite.js';
import type { KindSpec, OrgKind, ProjectKind } from './kind.js';
import { modelPermissions } from './model-permissions.js';
import { organizationDataRetention } from './organization-data-retention.js';
import { organizationSpendAlert } from './organization-spend-alert.js';
import { organizationSpendLimit } from './organization-spend-limit.js';
import { project } from './project.js';
import { projectDataRetention } from './project-data-retention.js';
import { projectMember } from './project-member.js';
import { projectGroup } from './project-group.js';
import { rateLimit } from './rate-limit.js';
import { projectRole, role } from './role.js';
import { projectRoleAssignment } from './project-role-assignment.js';
import { roleAssignment } from './role-assignment.js';
import { serviceAccount } from './service-account.js';
import { serviceTierSettings } from './service-tier-settings.js';
import { spendAlert } from './spend-alert.js';
import { spendLimit } from './spend-limit.js';
import { user } from './user.js';

/** The per-project kinds, in the order their parts are read, diffed and written in a file. */
export const PROJECT_KINDS: readonly ProjectKind[] = [
  modelPermissions,
  projectDataRetention,
  spendAlert,
  spendLimit,
  projectMember,
  serviceAccount,
  rateLimit,
  hostedToolPermissions,
  serviceTierSettings,
  // Access (issue 14): roles before the groups and assignments that name them.
  projectRole,
  projectGroup,
  projectRoleAssignment,
] as ProjectKind[];

/** Access (issue 14): groups and roles before the members and assignments that name them. */
const ACCESS_KINDS: readonly OrgKind[] = [group, groupMember, role, roleAssignment];

/**
 * The organization's own kinds, in the order they are written in a file. Those with a `diff` are
 * compared before the projects; invites come after (the planner expands them last).
 */
export const ORG_KINDS: readonly OrgKind[] = [
  organizationDataRetention,
  organizationSpendLimit,
  organizationSpendAlert,
  project,
  user,
  invite,
  ...ACCESS_KINDS,
];

const ALL: readonly KindSpec[] = [
  organizationDataRetention,
  organizationSpendLimit,
  organizationSpendAlert,
  project,
  ...PROJECT_KINDS,
  invite,
  user,
  ...ACCESS_KINDS,
];
const BY_NAME = new Map<Kind, KindSpec>(ALL.map((k) => [k.kind, k]));

export function kindSpec(kind: Kind): KindSpec {
  const spec = BY_NAME.get(kind);
  if (!spec) throw new InternalError(`no kind named ${JSON.stringify(kind)}`);
  return spec;
}

/** The words of the given kinds, in registry order: what a plan carries for its renderers. */
export function wordsFor(kinds: Iterable<Kind>): Record<Kind, KindWords> {
  const wanted = new Set(kinds);
  return Object.fromEntries(ALL.filter((k) => wanted.has(k.kind)).map((k) => [k.kind, k.words]));
}

/** Every kind's name, in registry order. */
export function registeredKinds(): Kind[] {
  return ALL.map((k) => k.kind);
}
