// Normalizes the `projects` of a seed: fills ids, timestamps and defaults, resolves members by
// email, and gives every project the default per-model rate limits when it lists none.
// Hosted tool permissions and service tier settings may be partial; the rest takes the default.
import {
  MODEL_PERMISSION_MODES,
  PROJECT_RESIDENCIES,
  PROJECT_RETENTION_TYPES,
  PROJECT_ROLES,
  SERVICE_ACCOUNT_ROLES,
} from '../api/enums.js';
import { newId, randomToken } from './ids.js';
import { defaultRateLimits } from './rate-limit-catalog.js';
import {
  defaultHostedTools,
  defaultServiceTiers,
  HOSTED_TOOLS,
  OPTIONAL_SERVICE_TIERS,
  SERVICE_TIER_DEFAULTS,
} from './routes/project-tools.js';
import {
  fail,
  mapObjects,
  optionalInt,
  optionalString,
  requireInt,
  requireObject,
  requireOneOf,
  requireString,
  requireStringArray,
  requireUnique,
} from './seed-checks.js';
import type {
  ApiKeyRecord,
  HostedToolPermissionsRecord,
  MemberRecord,
  ProjectRecord,
  SeedApiKey,
  SeedMember,
  SeedProject,
  SeedServiceAccount,
  SeedSpendLimit,
  SeedSpendAlert,
  ServiceAccountRecord,
  ServiceTierSettingsRecord,
  SpendAlertRecord,
  SpendLimitRecord,
  UserRecord,
} from './types.js';

export function normalizeProject(seed: SeedProject, path: string, users: UserRecord[], now: number): ProjectRecord {
  const created = optionalInt(seed.created_at, `${path}.created_at`) ?? now;
  const archivedAt = seed.archived_at ?? null;
  const status = seed.status ?? (archivedAt !== null ? 'archived' : 'active');
  requireOneOf(['active', 'archived'] as const, status, `${path}.status`);
  const accounts = mapObjects<SeedServiceAccount, ServiceAccountRecord>(
    seed.service_accounts,
    `${path}.service_accounts`,
    (a, p) => normalizeAccount(a, p, now),
  );
  const members = mapObjects<SeedMember, MemberRecord>(seed.members, `${path}.members`, (m, p) =>
    normalizeMember(m, p, users, created),
  );
  requireUnique(members.map((m) => m.user_id), `${path}.members`);
  const permissions = seed.model_permissions ?? null;
  return {
    id: optionalString(seed.id, `${path}.id`) ?? newId('project'),
    name: requireString(seed.name, `${path}.name`),
    created_at: created,
    status,
    archived_at: status === 'archived' ? (optionalInt(archivedAt ?? undefined, `${path}.archived_at`) ?? now) : null,
    external_key_id: seed.external_key_id ?? null,
    residency: seed.residency == null ? null : requireOneOf(PROJECT_RESIDENCIES, seed.residency, `${path}.residency`),
    is_default: seed.is_default === true,
    model_permissions:
      permissions === null
        ? null
        : {
            mode: requireOneOf(MODEL_PERMISSION_MODES, permissions.mode, `${path}.model_permissions.mode`),
            model_ids: requireStringArray(permissions.model_ids, `${path}.model_permissions.model_ids`),
          },
    data_retention: requireOneOf(
      PROJECT_RETENTION_TYPES,
      seed.data_retention ?? 'organization_default',
      `${path}.data_retention`,
    ),
    spend_limit: seed.spend_limit == null ? null : normalizeLimit(seed.spend_limit, `${path}.spend_limit`),
    spend_alerts: mapObjects<SeedSpendAlert, SpendAlertRecord>(seed.spend_alerts, `${path}.spend_alerts`, normalizeAlert),
    members,
    service_accounts: accounts,
    api_keys: mapObjects<SeedApiKey, ApiKeyRecord>(seed.api_keys, `${path}.api_keys`, (k, p) =>
      normalizeKey(k, p, users, accounts, created),
    ),
    rate_limits: seed.rate_limits ? structuredClone(seed.rate_limits) : defaultRateLimits(),
    hosted_tool_permissions: normalizeHostedTools(seed.hosted_tool_permissions, `${path}.hosted_tool_permissions`),
    service_tier_settings: normalizeServiceTiers(seed.service_tier_settings, `${path}.service_tier_settings`),
  };
}

/** Tools left out keep their default (enabled). */
function normalizeHostedTools(value: unknown, path: string): HostedToolPermissionsRecord | null {
  if (value == null) return null;
  const seed = requireObject<Record<string, unknown>>(value, path);
  const tools = defaultHostedTools();
  for (const [tool, setting] of Object.entries(seed)) {
    const name = requireOneOf(HOSTED_TOOLS, tool, `${path}.${tool}`);
    const enabled = requireObject<{ enabled?: unknown }>(setting, `${path}.${tool}`).enabled;
    if (typeof enabled !== 'boolean') fail(`${path}.${tool}.enabled`, 'must be true or false');
    tools[name] = { enabled };
  }
  return tools;
}

function normalizeServiceTiers(value: unknown, path: string): ServiceTierSettingsRecord | null {
  if (value == null) return null;
  const seed = requireObject<Partial<ServiceTierSettingsRecord>>(value, path);
  const fallback = defaultServiceTiers();
  const enabled = seed.enabled_tiers ?? fallback.enabled_tiers;
  return {
    default: requireOneOf(SERVICE_TIER_DEFAULTS, seed.default ?? fallback.default, `${path}.default`),
    enabled_tiers:
      enabled === 'all'
        ? 'all'
        : requireStringArray(enabled, `${path}.enabled_tiers`).map((t, i) =>
            requireOneOf(OPTIONAL_SERVICE_TIERS, t, `${path}.enabled_tiers[${i}]`),
          ),
  };
}

export function normalizeLimit(seed: SeedSpendLimit, path: string): SpendLimitRecord {
  return {
    currency: 'USD',
    interval: 'month',
    threshold_amount: requireInt(seed.threshold_amount, `${path}.threshold_amount`),
    enforcement_status: requireOneOf(
      ['inactive', 'enforcing'] as const,
      seed.enforcement_status ?? 'inactive',
      `${path}.enforcement_status`,
    ),
  };
}

function normalizeMember(seed: SeedMember, path: string, users: UserRecord[], created: number): MemberRecord {
  const user = resolveUser(seed.user_id, seed.email, path, users);
  return {
    user_id: user.id,
    role: requireOneOf(PROJECT_ROLES, seed.role, `${path}.role`),
    added_at: optionalInt(seed.added_at, `${path}.added_at`) ?? created,
  };
}

function resolveUser(id: string | undefined, email: string | undefined, path: string, users: UserRecord[]): UserRecord {
  const lower = email?.toLowerCase();
  const user = users.find((u) => (id !== undefined ? u.id === id : u.email.toLowerCase() === lower));
  if (!user) fail(path, `names no org user (user_id ${id ?? '-'}, email ${email ?? '-'})`);
  return user;
}

function normalizeAccount(seed: SeedServiceAccount, path: string, now: number): ServiceAccountRecord {
  return {
    id: optionalString(seed.id, `${path}.id`) ?? newId('service_account'),
    name: requireString(seed.name, `${path}.name`),
    role: requireOneOf(SERVICE_ACCOUNT_ROLES, seed.role ?? 'member', `${path}.role`),
    created_at: optionalInt(seed.created_at, `${path}.created_at`) ?? now,
  };
}

export function normalizeAlert(seed: SeedSpendAlert, path: string): SpendAlertRecord {
  const channel = seed.notification_channel ?? fail(`${path}.notification_channel`, 'is required');
  return {
    id: optionalString(seed.id, `${path}.id`) ?? newId('spend_alert'),
    currency: 'USD',
    interval: 'month',
    threshold_amount: requireInt(seed.threshold_amount, `${path}.threshold_amount`),
    notification_channel: {
      type: 'email',
      recipients: requireStringArray(channel.recipients, `${path}.notification_channel.recipients`),
      subject_prefix: channel.subject_prefix ?? null,
    },
  };
}

function normalizeKey(
  seed: SeedApiKey,
  path: string,
  users: UserRecord[],
  accounts: ServiceAccountRecord[],
  created: number,
): ApiKeyRecord {
  const owner = seed.owner ?? fail(`${path}.owner`, 'is required');
  let resolved: ApiKeyRecord['owner'];
  if (owner.type === 'service_account') {
    if (!accounts.some((a) => a.id === owner.service_account_id)) {
      fail(`${path}.owner.service_account_id`, 'names no service account of this project');
    }
    resolved = { type: 'service_account', service_account_id: owner.service_account_id };
  } else {
    resolved = { type: 'user', user_id: resolveUser(owner.user_id, owner.email, `${path}.owner`, users).id };
  }
  const prefix = resolved.type === 'user' ? 'sk-proj-' : 'sk-svcacct-';
  return {
    id: optionalString(seed.id, `${path}.id`) ?? newId('api_key'),
    name: requireString(seed.name, `${path}.name`),
    redacted_value: optionalString(seed.redacted_value, `${path}.redacted_value`) ?? `${prefix}...${randomToken(4)}`,
    created_at: optionalInt(seed.created_at, `${path}.created_at`) ?? created,
    last_used_at: seed.last_used_at ?? null,
    expires_at: seed.expires_at ?? null,
    scopes: seed.scopes ? requireStringArray(seed.scopes, `${path}.scopes`) : [],
    owner: resolved,
  };
}
