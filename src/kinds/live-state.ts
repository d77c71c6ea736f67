// The live state orgform read, per managed part. A key that is absent was not read (the file
// does not manage it); the planner never treats "not read" as "empty".

import type {
  ApiInvite,
  ApiModelPermissions,
  ApiOrgUser,
  ApiProject,
  ApiProjectUser,
  ApiRateLimit,
  ApiServiceAccount,
  ApiSpendAlert,
  ApiSpendLimit,
} from '../providers/openai/api-types.js';
import type { ApiAssignedRole, ApiRole, LiveAssignments, LiveGroup, LiveProjectGroup } from './access-live.js';

/** The live objects the planner matches on, as the API returns them. */
export type { ApiOrgUser, ApiProject };

export interface LiveProjectParts {
  model_permissions?: ApiModelPermissions;
  data_retention?: string;
  spend_alerts?: ApiSpendAlert[];
  /** null: the project has no spend limit. */
  spend_limit?: ApiSpendLimit | null;
  members?: ApiProjectUser[];
  service_accounts?: ApiServiceAccount[];
  rate_limits?: ApiRateLimit[];
  // Access (issue 14).
  /** Every role of the project, predefined included. */
  roles?: ApiRole[];
  groups?: LiveProjectGroup[];
  role_assignments?: LiveAssignments;
}

export type ProjectPart = keyof LiveProjectParts;

/** The organization-level parts a kind reads (projects are always listed). */
export type OrgPart = Exclude<keyof LiveOrg, 'projects' | 'parts' | 'key_owner_ids'>;

export interface LiveOrg {
  data_retention?: string;
  users?: ApiOrgUser[];
  invites?: ApiInvite[];
  /**
   * Org user ids that own an admin key whose redacted value matches the key in use (read with
   * users:). null: the admin keys could not be listed.
   */
  key_owner_ids?: string[] | null;
  /** Why key_owner_ids is null: the keys could not be listed, or none matches the key in use. */
  key_owner_unknown?: string;
  // Access (issue 14).
  groups?: LiveGroup[];
  /** Every organization role, predefined included. */
  roles?: ApiRole[];
  /** The organization roles each ordinary user holds directly (read with role_assignments:). */
  user_roles?: Record<string, ApiAssignedRole[]>;
  /** Every project in the org, archived ones included. */
  projects: ApiProject[];
  /** project id → the parts read for it (only projects the file names, only parts it manages). */
  parts: Record<string, LiveProjectParts>;
}
