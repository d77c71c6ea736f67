// The config as written, once it has passed schemas/org.schema.json: fields optional, nothing
// defaulted. normalize.ts turns it into the complete model (model.ts). Keep the two in step with
// the schema: the unit tests load a file that uses every key.

import type { ModelPermissionMode, OrgRetentionType, OrgRole, ProjectRetentionType, ProjectRole, RateLimitValues } from './model.js';
import type { HostedTool, OptionalServiceTier, ProjectResidency, ServiceTierDefault } from '../api/enums.js';

export type WrittenSpendAlert = { threshold_amount: number; recipients: string[]; subject_prefix?: string | null };

export interface WrittenConfig {
  version: 1;
  orgform?: {
    admin_key_env?: string;
    secrets_dir?: string;
    destroy_limits?: { max_count?: number; max_fraction?: number };
    key_expiry_days?: number;
    key_max_age_days?: number;
  };
  protect?: { projects?: string[]; users?: string[] };
  organization?: {
    data_retention?: OrgRetentionType;
    spend_limit?: { threshold_amount: number } | null;
    spend_alerts?: WrittenSpendAlert[];
  };
  users?: Array<{ email: string; role: OrgRole }>;
  invites?: WrittenInvite[];
  /** Project name → settings; null is a project with nothing else managed. */
  projects?: Record<string, WrittenProject | null>;
  // defaults and templates are gone by the time a config is read as written (see templates.ts).
  policies?: Record<string, Record<string, unknown>>;
  // Access (issue 14): groups, custom roles and who holds which role.
  groups?: Array<{ name: string; members?: string[] }>;
  roles?: WrittenRole[];
  role_assignments?: Record<string, WrittenRoleAssignment>;
}

export interface WrittenRole {
  name: string;
  description?: string;
  permissions: string[];
}

export interface WrittenRoleAssignment {
  users?: string[];
  groups?: string[];
}

export interface WrittenInvite {
  email: string;
  role: OrgRole;
  projects?: Array<{ project: string; role: ProjectRole }>;
}

export interface WrittenProject {
  renamed_from?: string;
  archived?: boolean;
  model_permissions?: { mode: ModelPermissionMode; model_ids: string[] } | null;
  data_retention?: ProjectRetentionType;
  spend_alerts?: WrittenSpendAlert[];
  spend_limit?: { threshold_amount: number } | null;
  members?: Array<{ email: string; role: ProjectRole }>;
  service_accounts?: Array<{ name: string; role: ProjectRole; renamed_from?: string; key_expiry_days?: number }>;
  rate_limits?: Record<string, RateLimitValues>;
  // Access (issue 14).
  roles?: WrittenRole[];
  groups?: Array<{ group: string; role: string }>;
  role_assignments?: Record<string, WrittenRoleAssignment>;
  hosted_tool_permissions?: Partial<Record<HostedTool, { enabled: boolean }>>;
  service_tier_settings?: { default?: ServiceTierDefault; enabled_tiers?: 'all' | OptionalServiceTier[] };
  residency?: ProjectResidency;
  external_key_id?: string | null;
}

/** The keys an archived project may carry: the API cannot change anything else once archived. */
export const ARCHIVED_PROJECT_KEYS: ReadonlySet<string> = new Set(['renamed_from', 'archived']);
