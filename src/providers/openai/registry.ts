// Every kind orgform manages. Adding a kind: a module under kinds/, a line here, a schema fragment.

import type { Kind } from '../../planner/types.js';
import type { OrgKind, ProjectKind } from './kinds/kind.js';
import { invite } from './kinds/invite.js';
import { modelPermissions } from './kinds/model-permissions.js';
import { organizationDataRetention } from './kinds/organization-data-retention.js';
import { project } from './kinds/project.js';
import { projectDataRetention } from './kinds/project-data-retention.js';
import { projectMember } from './kinds/project-member.js';
import { rateLimit } from './kinds/rate-limit.js';
import { serviceAccount } from './kinds/service-account.js';
import { spendAlert } from './kinds/spend-alert.js';
import { spendLimit } from './kinds/spend-limit.js';
import { user } from './kinds/user.js';

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
