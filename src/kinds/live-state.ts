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
import type { DesiredHostedTools, DesiredServiceTiers } from '../config/model.js';
import type { ApiAdminKey } from '../providers/openai/api-types.js';
import type { ApiProjectKey } from '../providers/openai/settings-types.js';

/** The keys read for key hygiene (plan --count-unmanaged). null: the list could not be read. */
export interface KeyInventory {
  /** Unix seconds: the "now" key ages are measured from, so the diff stays pure. */
  read_at: number;
  admin_keys: ApiAdminKey[] | null;
  /** live project id → its API keys. */
  project_keys: Record<string, ApiProjectKey[] | null>;
}

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
  /** Normalized as the file writes them: tool → enabled; both tier fields. */
  hosted_tool_permissions?: DesiredHostedTools;
  service_tier_settings?: Required<DesiredServiceTiers>;
}

export type ProjectPart = keyof LiveProjectParts;

/** The organization-level parts a kind reads (projects are always listed). */
export type OrgPart = Exclude<keyof LiveOrg, 'projects' | 'parts' | 'key_owner_ids' | 'keys'>;

export interface LiveOrg {
  data_retention?: string;
  /** The organization's own spend controls; spend_limit null: none set. */
  spend_limit?: ApiSpendLimit | null;
  spend_alerts?: ApiSpendAlert[];
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
  /** Read only for plan --count-unmanaged. */
  keys?: KeyInventory;
  /** Every project in the org, archived ones included. */
  projects: ApiProject[];
  /** project id → the parts read for it (only projects the file names, only parts it manages). */
  parts: Record<string, LiveProjectParts>;
}
