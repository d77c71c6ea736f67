// The emulator's state. `EmulatorState` is the complete form the server works on and saves;
// `EmulatorSeed` is the same shape with ids, timestamps and defaults optional, so a hand-written
// seed stays short. Every `EmulatorState` is a valid `EmulatorSeed` (getState → setState round-trips).
import type {
  HostedTool,
  ModelPermissionMode,
  OptionalServiceTier,
  OrgRetentionType,
  OrgRole,
  ProjectResidency,
  ProjectRetentionType,
  ProjectRole,
  ServiceAccountRole,
  ServiceTierDefault,
} from '../api/enums.js';

export type { HostedTool, OptionalServiceTier, ServiceTierDefault };

export interface OrganizationRecord {
  id: string;
  name: string;
  data_retention: OrgRetentionType;
}

/** An admin API key. `value` is the bearer secret; only its `id` ever appears in logs. */
export interface AdminKeyRecord {
  id: string;
  name: string;
  value: string;
  /** The org user who owns the key: the actor recorded in audit events. */
  owner_id: string;
  created_at: number;
}

export interface UserRecord {
  id: string;
  email: string;
  name: string;
  role: OrgRole;
  added_at: number;
  is_scim_managed: boolean;
  developer_persona: string | null;
  technical_level: string | null;
}

export interface MemberRecord {
  user_id: string;
  role: ProjectRole;
  added_at: number;
}

export interface ServiceAccountRecord {
  id: string;
  name: string;
  role: ServiceAccountRole;
  created_at: number;
}

export type ApiKeyOwner =
  | { type: 'user'; user_id: string }
  | { type: 'service_account'; service_account_id: string };

/** A project API key. The secret itself is never stored: only its redacted form. */
export interface ApiKeyRecord {
  id: string;
  name: string;
  redacted_value: string;
  created_at: number;
  last_used_at: number | null;
  expires_at: number | null;
  scopes: string[];
  owner: ApiKeyOwner;
}

export interface RateLimitRecord {
  id: string;
  model: string;
  max_requests_per_1_minute: number;
  max_tokens_per_1_minute: number;
  max_images_per_1_minute?: number;
  max_audio_megabytes_per_1_minute?: number;
  max_requests_per_1_day?: number;
  batch_1_day_max_input_tokens?: number;
}

export interface SpendAlertRecord {
  id: string;
  currency: 'USD';
  interval: 'month';
  threshold_amount: number;
  notification_channel: { type: 'email'; recipients: string[]; subject_prefix: string | null };
}

export interface SpendLimitRecord {
  currency: 'USD';
  interval: 'month';
  threshold_amount: number;
  enforcement_status: 'inactive' | 'enforcing';
}

export interface ModelPermissionsRecord {
  mode: ModelPermissionMode;
  model_ids: string[];
}

export interface ProjectRecord {
  id: string;
  name: string;
  created_at: number;
  status: 'active' | 'archived';
  archived_at: number | null;
  external_key_id: string | null;
  residency: ProjectResidency | null;
  /** The org's default project: where invites without `projects` land. */
  is_default: boolean;
  /** null = never set: GET answers `deny_list` with no models, i.e. no restriction. */
  model_permissions: ModelPermissionsRecord | null;
  data_retention: ProjectRetentionType;
  spend_limit: SpendLimitRecord | null;
  spend_alerts: SpendAlertRecord[];
  members: MemberRecord[];
  service_accounts: ServiceAccountRecord[];
  api_keys: ApiKeyRecord[];
  rate_limits: RateLimitRecord[];
  /** null = never set: GET answers every hosted tool enabled. */
  hosted_tool_permissions: HostedToolPermissionsRecord | null;
  /** null = never set: GET answers the default (see routes/project-tools.ts). */
  service_tier_settings: ServiceTierSettingsRecord | null;
}

export interface InviteRecord {
  id: string;
  email: string;
  role: OrgRole;
  projects: { id: string; role: ProjectRole }[];
  created_at: number;
  expires_at: number;
  accepted_at: number | null;
  /** `expired` is derived from `expires_at` when the invite is read. */
  status: 'pending' | 'accepted';
}

export type AuditActor =
  | { type: 'api_key'; api_key: { id: string; type: 'user'; user: { id: string; email: string } } }
  | { type: 'session'; session: { ip_address: string; user: { id: string; email: string } } };

export interface AuditEventRecord {
  id: string;
  type: string;
  effective_at: number;
  actor: AuditActor;
  project: { id: string; name: string } | null;
  /** Served under a key named like `type`. */
  payload: Record<string, unknown>;
  /** Internal: every id the event is about, for the `resource_ids[]` filter. Not served. */
  resource_ids: string[];
}

export interface EmulatorState {
  version: 1;
  organization: OrganizationRecord;
  admin_keys: AdminKeyRecord[];
  users: UserRecord[];
  projects: ProjectRecord[];
  invites: InviteRecord[];
  audit_logs: AuditEventRecord[];
  groups: GroupRecord[];
  /** Custom roles only, org and project; the predefined ones are derived (roles-catalog.ts). */
  roles: RoleRecord[];
  role_assignments: RoleAssignmentRecord[];
  project_groups: ProjectGroupRecord[];
  /** The organization's own spend controls. */
  spend_limit: SpendLimitRecord | null;
  spend_alerts: SpendAlertRecord[];
}

export type HostedToolPermissionsRecord = Record<HostedTool, { enabled: boolean }>;

export interface ServiceTierSettingsRecord {
  default: ServiceTierDefault;
  enabled_tiers: 'all' | OptionalServiceTier[];
}

/** Members are org user ids in the order they were added. */
export interface GroupRecord {
  id: string;
  name: string;
  created_at: number;
  group_type: 'group' | 'tenant_group';
  /** Managed by the identity provider: readable and referable, never writable through the API. */
  is_scim_managed: boolean;
  user_ids: string[];
}

export type RoleResourceType = 'api.organization' | 'api.project';

/** A custom role. `project_id` is null for an organization role. */
export interface RoleRecord {
  id: string;
  name: string;
  description: string | null;
  permissions: string[];
  resource_type: RoleResourceType;
  project_id: string | null;
  created_at: number;
  updated_at: number;
}

/** `role_id` is the id as served: predefined project roles in their project-scoped form. */
export interface RoleAssignmentRecord {
  principal_type: 'user' | 'group';
  principal_id: string;
  role_id: string;
  /** The organization id or a project id. */
  resource_type: RoleResourceType;
  resource_id: string;
  created_at: number;
}

/** A group's access to a project; its project role is a RoleAssignmentRecord. */
export interface ProjectGroupRecord {
  project_id: string;
  group_id: string;
  created_at: number;
}

// ---- The seed: the same shape, with what can be derived left optional. ----

type Loose<T, K extends keyof T> = Omit<T, K> & Partial<Pick<T, K>>;

export type SeedAdminKey = Loose<AdminKeyRecord, 'id' | 'name' | 'owner_id' | 'created_at'> & {
  /** Alternative to `owner_id`. */
  owner_email?: string;
};
export type SeedUser = Loose<
  UserRecord,
  'id' | 'name' | 'added_at' | 'is_scim_managed' | 'developer_persona' | 'technical_level'
>;
/** A member names the org user by `user_id` or by `email`. */
export type SeedMember = Loose<MemberRecord, 'user_id' | 'added_at'> & { email?: string };
export type SeedServiceAccount = Loose<ServiceAccountRecord, 'id' | 'role' | 'created_at'>;
export type SeedApiKeyOwner =
  | { type: 'user'; user_id?: string; email?: string }
  | { type: 'service_account'; service_account_id: string };
export type SeedApiKey = Loose<
  Omit<ApiKeyRecord, 'owner'>,
  'id' | 'redacted_value' | 'created_at' | 'last_used_at' | 'expires_at' | 'scopes'
> & { owner: SeedApiKeyOwner };
export type SeedSpendAlert = Loose<Omit<SpendAlertRecord, 'notification_channel'>, 'id' | 'currency' | 'interval'> & {
  notification_channel: Loose<SpendAlertRecord['notification_channel'], 'type' | 'subject_prefix'>;
};
export type SeedSpendLimit = Loose<SpendLimitRecord, 'currency' | 'interval' | 'enforcement_status'>;
export type SeedProject = Loose<
  Omit<ProjectRecord, 'members' | 'service_accounts' | 'api_keys' | 'spend_alerts' | 'spend_limit'>,
  | 'id'
  | 'created_at'
  | 'status'
  | 'archived_at'
  | 'external_key_id'
  | 'residency'
  | 'is_default'
  | 'model_permissions'
  | 'data_retention'
  | 'rate_limits'
  | 'hosted_tool_permissions'
  | 'service_tier_settings'
> & {
  members?: SeedMember[];
  service_accounts?: SeedServiceAccount[];
  api_keys?: SeedApiKey[];
  spend_alerts?: SeedSpendAlert[];
  spend_limit?: SeedSpendLimit | null;
};
/** Members by `user_ids` (the state's form) or `members`, each naming an org user by id or email. */
export type SeedGroup = Loose<GroupRecord, 'id' | 'created_at' | 'group_type' | 'is_scim_managed' | 'user_ids'> & {
  members?: { user_id?: string; email?: string }[];
};
export type SeedRole = Loose<RoleRecord, 'id' | 'description' | 'resource_type' | 'project_id' | 'created_at' | 'updated_at'>;
/**
 * The state's form, or a short one: the principal by `user_id`, `email`, `group_id` or
 * `group_name`; the scope by `project_id` (absent: the organization).
 */
export type SeedRoleAssignment = Partial<RoleAssignmentRecord> & {
  role_id: string;
  user_id?: string;
  email?: string;
  group_id?: string;
  group_name?: string;
  project_id?: string;
};
/** `role`, as in the API's add body, also assigns that project role to the group. */
export type SeedProjectGroup = Loose<ProjectGroupRecord, 'created_at'> & { role?: string };
export type SeedInvite = Loose<
  Omit<InviteRecord, 'status'>,
  'id' | 'projects' | 'created_at' | 'expires_at' | 'accepted_at'
> & { status?: 'pending' | 'accepted' | 'expired' };

export interface EmulatorSeed {
  version?: 1;
  organization?: Partial<OrganizationRecord>;
  admin_keys: SeedAdminKey[];
  users: SeedUser[];
  projects?: SeedProject[];
  invites?: SeedInvite[];
  audit_logs?: AuditEventRecord[];
  groups?: SeedGroup[];
  roles?: SeedRole[];
  role_assignments?: SeedRoleAssignment[];
  project_groups?: SeedProjectGroup[];
  spend_limit?: SeedSpendLimit | null;
  spend_alerts?: SeedSpendAlert[];
}

// ---- Faults, latency, request log ----

export type FaultAction =
  | { kind: 'latency'; ms: number | LatencyRange }
  | { kind: 'status'; status: 429 | 500 | 502 | 503; retryAfter?: number; retryAfterMs?: number }
  | { kind: 'drop' }
  /** The request is carried out, then the answer is lost: dropped, or replaced by an error status. */
  | { kind: 'commit_then_fail'; then?: 'drop' | 500 | 502 | 503 };

export interface FaultMatch {
  /** HTTP method, case-insensitive; absent or `*` = any. */
  method?: string;
  /** Path below `/v1` (a leading `/v1` is accepted). `*` or `{name}` = one segment, `**` = the rest. */
  path?: string;
  /** Chance that the rule fires on a matching request, 0..1 (default 1). */
  probability?: number;
  /** The rule fires at most this many times (default: no limit). */
  count?: number;
}

export type FaultRule = FaultMatch & FaultAction;

export interface LatencyRange {
  min: number;
  max: number;
}

export interface RequestLogEntry {
  seq: number;
  /** Wall-clock time the request arrived, ms since the epoch. */
  at: number;
  method: string;
  path: string;
  /** The raw query string, without `?`. */
  query: string;
  /** 0 when the connection was dropped without an answer. */
  status: number;
  /** The admin key's id (never the key itself); null when unauthenticated. */
  key_id: string | null;
  /** `METHOD /route/{template}` when the path matched a route. */
  endpoint: string | null;
  request_id: string;
  /** Why the answer is not the handler's own: an injected fault or the throttle. */
  fault: FaultAction['kind'] | 'throttle' | null;
}
