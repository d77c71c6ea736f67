// Every kind orgform manages. Adding a kind: a module under kinds/, a line here, a schema fragment.

import type { Kind } from '../plan/types.js';
import type { OrgKind, ProjectKind } from './kind.js';
import { invite } from './invite.js';
import { modelPermissions } from './model-permissions.js';
import { organizationDataRetention } from './organization-data-retention.js';
import { project } from './project.js';
import { projectDataRetention } from './project-data-retention.js';
import { projectMember } from './project-member.js';
import { rateLimit } from './rate-limit.js';
import { serviceAccount } from './service-account.js';
import { spendAlert } from './spend-alert.js';
import { spendLimit } from './spend-limit.js';
import { user } from './user.js';

/** The per-project kinds, in the order their parts are read and diffed. */
export const PROJECT_KINDS: readonly ProjectKind[] = [
  modelPermissions,
  projectDataRetention,
  spendLimit,
  rateLimit,
  spendAlert,
  projectMember,
  serviceAccount,
] as ProjectKind[];

export function kindModule(kind: Kind): OrgKind | ProjectKind {
  switch (kind) {
    case 'organization_data_retention':
      return organizationDataRetention;
    case 'project':
      return project;
    case 'model_permissions':
      return modelPermissions;
    case 'project_data_retention':
      return projectDataRetention;
    case 'spend_limit':
      return spendLimit;
    case 'rate_limit':
      return rateLimit;
    case 'spend_alert':
      return spendAlert;
    case 'project_member':
      return projectMember;
    case 'service_account':
      return serviceAccount;
    case 'invite':
      return invite;
    case 'user':
      return user;
    default: {
      const unknown: never = kind;
      throw new Error(`no module for kind ${String(unknown)}`);
    }
  }
}
