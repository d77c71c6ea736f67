// Enum values of the Admin API, copied from the openai@7.55.0 SDK types (see the contract digest).
// The one list of them: the config schema rules, the planner and the emulator all use these.

export const ORG_ROLES = ['owner', 'reader'] as const;
export type OrgRole = (typeof ORG_ROLES)[number];

export const PROJECT_ROLES = ['owner', 'member'] as const;
export type ProjectRole = (typeof PROJECT_ROLES)[number];

export const SERVICE_ACCOUNT_ROLES = ['owner', 'member', 'none'] as const;
export type ServiceAccountRole = (typeof SERVICE_ACCOUNT_ROLES)[number];

export const ORG_RETENTION_TYPES = [
  'zero_data_retention',
  'modified_abuse_monitoring',
  'enhanced_zero_data_retention',
  'enhanced_modified_abuse_monitoring',
] as const;
export type OrgRetentionType = (typeof ORG_RETENTION_TYPES)[number];

export const PROJECT_RETENTION_TYPES = ['organization_default', 'none', ...ORG_RETENTION_TYPES] as const;
export type ProjectRetentionType = (typeof PROJECT_RETENTION_TYPES)[number];

export const MODEL_PERMISSION_MODES = ['allow_list', 'deny_list'] as const;
export type ModelPermissionMode = (typeof MODEL_PERMISSION_MODES)[number];

export const PROJECT_RESIDENCIES = [
  'GLOBAL',
  'US_STORAGE_PROCESSING',
  'EU_STORAGE_PROCESSING',
  'JP_STORAGE',
  'JP_STORAGE_PROCESSING',
  'KR_STORAGE',
  'CA_STORAGE',
  'SG_STORAGE',
  'IN_STORAGE',
  'IN_STORAGE_PROCESSING',
  'AU_STORAGE',
  'AU_STORAGE_PROCESSING',
  'GB_STORAGE',
  'AE_STORAGE',
  'AE_STORAGE_PROCESSING',
] as const;
export type ProjectResidency = (typeof PROJECT_RESIDENCIES)[number];

export const RATE_LIMIT_FIELDS = [
  'max_requests_per_1_minute',
  'max_tokens_per_1_minute',
  'max_images_per_1_minute',
  'max_audio_megabytes_per_1_minute',
  'max_requests_per_1_day',
  'batch_1_day_max_input_tokens',
] as const;
export type RateLimitField = (typeof RATE_LIMIT_FIELDS)[number];

export const API_KEY_ACCESS_FILTERS = ['active', 'inactive', 'any'] as const;
export type ApiKeyAccessFilter = (typeof API_KEY_ACCESS_FILTERS)[number];

/**
 * The predefined roles (referenced by name, never written). The SDK names none; these are the
 * legacy roles' names, and `viewer`, which the official provider lists.
 */
export const PREDEFINED_ORG_ROLES: readonly string[] = ['owner', 'reader'];
export const PREDEFINED_PROJECT_ROLES: readonly string[] = ['owner', 'member', 'viewer'];

export const SORT_ORDERS = ['asc', 'desc'] as const;
export type SortOrder = (typeof SORT_ORDERS)[number];

export function isOneOf<T extends string>(values: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (values as readonly string[]).includes(value);
}

// Project hosted tool permissions and service tier settings (projects/hosted-tool-permissions.ts,
// projects/service-tier-settings.ts).
export const HOSTED_TOOLS = ['code_interpreter', 'file_search', 'image_generation', 'mcp', 'web_search'] as const;
export type HostedTool = (typeof HOSTED_TOOLS)[number];

export const SERVICE_TIER_DEFAULTS = ['standard', 'fast', 'scale'] as const;
export type ServiceTierDefault = (typeof SERVICE_TIER_DEFAULTS)[number];

export const OPTIONAL_SERVICE_TIERS = ['flex', 'fast', 'ultrafast'] as const;
export type OptionalServiceTier = (typeof OPTIONAL_SERVICE_TIERS)[number];
