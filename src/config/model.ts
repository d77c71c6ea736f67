// The normalized config: what the file asks for, with every field complete.
// `undefined` on an optional key always means "absent from the file: orgform leaves it alone";
// `null` (where allowed) means "present and empty: remove it".

export {
  HOSTED_TOOLS,
  MODEL_PERMISSION_MODES,
  ORG_RETENTION_TYPES,
  ORG_ROLES,
  PROJECT_RETENTION_TYPES,
  PROJECT_ROLES,
  RATE_LIMIT_FIELDS,
  type ModelPermissionMode,
  type OrgRetentionType,
  type OrgRole,
  type ProjectRetentionType,
  type ProjectRole,
  type RateLimitField,
} from '../api/enums.js';
import type { ModelPermissionMode, OrgRetentionType, OrgRole, ProjectRetentionType, ProjectRole, RateLimitField } from '../api/enums.js';
import type { HostedTool, OptionalServiceTier, ProjectResidency, ServiceTierDefault } from '../api/enums.js';

export type RateLimitValues = Partial<Record<RateLimitField, number>>;

/** Where a value came from in the file, for error messages after validation. */
export interface SourcePos {
  file: string;
  line: number;
  col: number;
}

export interface DesiredModelPermissions {
  mode: ModelPermissionMode;
  /** Sorted and de-duplicated: the API treats the list as a set. */
  model_ids: string[];
}

export interface DesiredSpendAlert {
  threshold_amount: number;
  /** Lower-cased, sorted and de-duplicated. */
  recipients: string[];
  subject_prefix: string | null;
}

export interface DesiredSpendLimit {
  threshold_amount: number;
}

export interface DesiredMember {
  email: string; // lower-cased
  role: ProjectRole;
}

export interface DesiredServiceAccount {
  name: string;
  role: ProjectRole;
  /** An explicit rename: the live account of this name (and its keys) gets `name`. */
  renamed_from?: string;
  /** The lifetime of the key orgform issues when it creates the account; absent: no expiry. */
  key_expiry_days?: number;
}

/** Only the tools the file names: tool → enabled. */
export type DesiredHostedTools = Partial<Record<HostedTool, boolean>>;

/** Only the fields the file names. enabled_tiers is sorted and de-duplicated, or 'all'. */
export interface DesiredServiceTiers {
  default?: ServiceTierDefault;
  enabled_tiers?: 'all' | OptionalServiceTier[];
}

export interface DesiredProject {
  name: string;
  /** An explicit rename: the live project of this name becomes `name`. Never guessed. */
  renamed_from?: string;
  /** true: the project must be archived. false: it must be active. */
  archived: boolean;
  model_permissions?: DesiredModelPermissions | null;
  data_retention?: ProjectRetentionType;
  spend_alerts?: DesiredSpendAlert[]; // sorted by threshold_amount
  spend_limit?: DesiredSpendLimit | null;
  members?: DesiredMember[]; // sorted by email
  service_accounts?: DesiredServiceAccount[]; // sorted by name
  /** model name → only the fields the file manages. */
  rate_limits?: Record<string, RateLimitValues>;
  // Access (issue 14).
  roles?: DesiredRole[]; // sorted by name
  groups?: DesiredProjectGroup[]; // sorted by group
  role_assignments?: DesiredRoleAssignment[]; // sorted by role
  hosted_tool_permissions?: DesiredHostedTools;
  service_tier_settings?: DesiredServiceTiers;
  /** Create-time only: a live project with another residency is a plan-time error. */
  residency?: ProjectResidency;
  /** null: no external key. */
  external_key_id?: string | null;
  /** Position of the project's key in the file, and of rate-limit model keys, for late errors. */
  pos?: SourcePos;
  rate_limit_pos?: Record<string, SourcePos>;
}

export interface DesiredInviteProject {
  project: string; // a project name in this file
  role: ProjectRole;
}

export interface DesiredInvite {
  email: string; // lower-cased
  role: OrgRole;
  projects: DesiredInviteProject[]; // sorted by project name
}

export interface DesiredUser {
  email: string; // lower-cased
  role: OrgRole;
}


export interface DestroyLimits {
  /** Refuse a plan that destroys more than this many objects of one kind... */
  max_count: number;
  /**
   * ...or more than this fraction (0..1) of the managed live objects of that kind, where there
   * are at least MIN_EXISTING_FOR_FRACTION of them (octoDNS's rule: on a handful of objects a
   * fraction says nothing).
   */
  max_fraction: number;
}

export const DEFAULT_DESTROY_LIMITS: DestroyLimits = { max_count: 10, max_fraction: 0.3 };
export const MIN_EXISTING_FOR_FRACTION = 10;

/** A built-in policy the effective config breaks: plan refuses on `error`, warns on `warn`. */
export interface PolicyViolation {
  policy: string;
  level: 'error' | 'warn';
  message: string;
  pos: SourcePos;
}

/**
 * The policies plan checks against the live org, on what the file does not list: the org's owners
 * when it has no `users:`, the owners of the active projects whose `members` it does not list.
 */
export interface LivePolicies {
  /** Present where the file has no `users:`. */
  min_org_owners?: { count: number; level: 'error' | 'warn'; pos: SourcePos };
  /** Present where there is something to check: the org's owners, or those of `projects`. */
  owner_email_domains?: { domains: string[]; level: 'error' | 'warn'; pos: SourcePos; org_owners: boolean; projects: string[] };
}

export interface DesiredOrg {
  /** The file this came from, as given on the command line. */
  file: string;
  /** sha256 of the file's bytes. */
  digest: string;
  organization: {
    data_retention?: OrgRetentionType;
    spend_limit?: DesiredSpendLimit | null;
    spend_alerts?: DesiredSpendAlert[]; // sorted by threshold_amount
  };
  users?: DesiredUser[]; // sorted by email
  invites?: DesiredInvite[]; // sorted by email
  projects: DesiredProject[]; // sorted by name
  // Access (issue 14).
  groups?: DesiredGroup[]; // sorted by name
  roles?: DesiredRole[]; // sorted by name
  role_assignments?: DesiredRoleAssignment[]; // sorted by role
  protect: {
    projects: string[];
    users: string[]; // lower-cased emails
  };
  /** Where each protect entry is written, by `projects`/`users` and the normalized entry. */
  protect_pos?: { projects: Record<string, SourcePos>; users: Record<string, SourcePos> };
  limits: DestroyLimits;
  /** The environment variable with this organization's admin key (absent: OPENAI_ADMIN_KEY). */
  admin_key_env?: string;
  /** What the file's `policies:` find wrong with it (absent: no policies). */
  policy_violations?: PolicyViolation[];
  /** The file's policies that plan checks against the live org too (absent: none). */
  live_policies?: LivePolicies;
  /** Where one-time service-account keys are written (mode 0600). */
  secrets_dir?: string;
  /** Keys older than this many days are reported (plan --count-unmanaged); absent: age is not checked. */
  key_max_age_days?: number;
}

// Access (issue 14): groups, custom roles, role assignments, project groups.

export interface DesiredGroup {
  name: string;
  /** Lower-cased, sorted and de-duplicated; undefined: membership is left alone. */
  members?: string[];
  pos?: SourcePos;
}

export interface DesiredRole {
  name: string;
  /** undefined: left alone. */
  description?: string;
  /** Sorted and de-duplicated: a set. */
  permissions: string[];
}

/** Who holds `role` directly; an undefined list is left alone. */
export interface DesiredRoleAssignment {
  role: string;
  users?: string[]; // lower-cased, sorted, de-duplicated
  groups?: string[]; // sorted, de-duplicated
  pos?: SourcePos;
}

export interface DesiredProjectGroup {
  group: string;
  role: string;
}
