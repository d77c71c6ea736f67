// The written config (valid: schema and rules passed) → the complete model. The one place that
// knows the defaults and the canonical order of every list.

import { dirname, resolve } from 'node:path';
import {
  DEFAULT_DESTROY_LIMITS,
  RATE_LIMIT_FIELDS,
  type DesiredOrg,
  type DesiredProject,
  type DesiredRole,
  type DesiredRoleAssignment,
  type RateLimitValues,
  type SourcePos,
} from './model.js';
import { compareText } from '../util/compare.js';
import type { Path } from './locate.js';
import type { WrittenConfig, WrittenProject, WrittenRole, WrittenRoleAssignment, WrittenSpendAlert } from './written.js';
import { HOSTED_TOOLS, type DesiredHostedTools, type DesiredServiceAccount, type DesiredServiceTiers } from './model.js';

export interface NormalizeSource {
  file: string;
  /** What a relative `file` is relative to. */
  cwd: string;
  digest: string;
  /** Where the key at `path` is written. */
  keyPos(path: Path): SourcePos;
}

export { compareText };

const by =
  <T>(key: (item: T) => string) =>
  (a: T, b: T): number =>
    compareText(key(a), key(b));

const sortedSet = (values: Iterable<string>): string[] => [...new Set(values)].sort(compareText);
const lower = (email: string): string => email.toLowerCase();

export function normalize(written: WrittenConfig, source: NormalizeSource): DesiredOrg {
  const { users, invites, organization, orgform, protect } = written;
  return {
    file: source.file,
    digest: source.digest,
    organization: {
      ...(organization?.data_retention !== undefined && { data_retention: organization.data_retention }),
      ...(organization?.spend_limit !== undefined && {
        spend_limit: organization.spend_limit && { threshold_amount: organization.spend_limit.threshold_amount },
      }),
      ...(organization?.spend_alerts && { spend_alerts: normalizeAlerts(organization.spend_alerts) }),
    },
    ...(users && {
      users: users.map((u) => ({ email: lower(u.email), role: u.role })).sort(by((u) => u.email)),
    }),
    ...(invites && {
      invites: invites
        .map((invite) => ({
          email: lower(invite.email),
          role: invite.role,
          projects: (invite.projects ?? []).map((p) => ({ project: p.project, role: p.role })).sort(by((p) => p.project)),
        }))
        .sort(by((i) => i.email)),
    }),
    projects: Object.entries(written.projects ?? {})
      .map(([name, project]) => normalizeProject(name, project ?? {}, source, orgform?.key_expiry_days))
      .sort(by((p) => p.name)),
    ...normalizeAccess(written, source),
    protect: {
      projects: sortedSet(protect?.projects ?? []),
      users: sortedSet((protect?.users ?? []).map(lower)),
    },
    ...(protect && {
      protect_pos: {
        projects: positions(protect.projects ?? [], (name) => name, ['protect', 'projects'], source),
        users: positions(protect.users ?? [], lower, ['protect', 'users'], source),
      },
    }),
    limits: { ...DEFAULT_DESTROY_LIMITS, ...orgform?.destroy_limits },
    ...(orgform?.admin_key_env !== undefined && { admin_key_env: orgform.admin_key_env }),
    ...(orgform?.secrets_dir !== undefined && { secrets_dir: resolve(source.cwd, dirname(source.file), orgform.secrets_dir) }),
    ...(orgform?.key_max_age_days !== undefined && { key_max_age_days: orgform.key_max_age_days }),
  };
}

/** The first position of each entry of a list, by its normalized value. */
function positions(list: string[], canon: (v: string) => string, at: Path, source: NormalizeSource): Record<string, SourcePos> {
  const seen = new Set<string>();
  const found: Array<[string, SourcePos]> = [];
  list.forEach((value, i) => {
    if (!seen.has(canon(value))) found.push([canon(value), source.keyPos([...at, i])]);
    seen.add(canon(value));
  });
  // Object.fromEntries defines own properties, so no entry can reach a prototype.
  return Object.fromEntries(found);
}

function normalizeAlerts(alerts: WrittenSpendAlert[]): DesiredOrg['organization']['spend_alerts'] {
  return alerts
    .map((alert) => ({
      threshold_amount: alert.threshold_amount,
      recipients: sortedSet(alert.recipients.map(lower)),
      subject_prefix: alert.subject_prefix ?? null,
    }))
    .sort((a, b) => a.threshold_amount - b.threshold_amount);
}

function normalizeProject(name: string, written: WrittenProject, source: NormalizeSource, keyExpiryDays?: number): DesiredProject {
  const at = (...rest: Path): Path => ['projects', name, ...rest];
  const { model_permissions: mp, spend_alerts, spend_limit, members, service_accounts, rate_limits } = written;
  // Object.fromEntries defines own properties, so no model name can reach a prototype.
  const models = Object.entries(rate_limits ?? {}).sort(([a], [b]) => compareText(a, b));
  const project: DesiredProject = {
    name,
    ...(written.renamed_from !== undefined && { renamed_from: written.renamed_from }),
    archived: written.archived ?? false,
    ...(mp !== undefined && { model_permissions: mp && { mode: mp.mode, model_ids: sortedSet(mp.model_ids) } }),
    ...(written.data_retention !== undefined && { data_retention: written.data_retention }),
    ...(spend_alerts && { spend_alerts: normalizeAlerts(spend_alerts) }),
    ...(spend_limit !== undefined && { spend_limit: spend_limit && { threshold_amount: spend_limit.threshold_amount } }),
    ...(members && {
      members: members.map((m) => ({ email: lower(m.email), role: m.role })).sort(by((m) => m.email)),
    }),
    ...(service_accounts && {
      service_accounts: service_accounts.map((s) => normalizeAccount(s, keyExpiryDays)).sort(by((s) => s.name)),
    }),
    ...(written.hosted_tool_permissions && { hosted_tool_permissions: pickTools(written.hosted_tool_permissions) }),
    ...(written.service_tier_settings && { service_tier_settings: normalizeTiers(written.service_tier_settings) }),
    ...(written.residency !== undefined && { residency: written.residency }),
    ...(written.external_key_id !== undefined && { external_key_id: written.external_key_id }),
    ...(rate_limits && {
      rate_limits: Object.fromEntries(models.map(([model, values]) => [model, pickRateLimits(values)])),
    }),
    ...(written.roles && { roles: normalizeRoles(written.roles) }),
    ...(written.groups && {
      groups: written.groups.map((g) => ({ group: g.group, role: g.role })).sort(by((g) => g.group)),
    }),
    ...(written.role_assignments && {
      role_assignments: normalizeAssignments(written.role_assignments, (role) => source.keyPos(at('role_assignments', role))),
    }),
    pos: source.keyPos(at()),
  };
  if (rate_limits) {
    // An exported org writes 26 models per project: their positions are made when first read (by a
    // plan problem about one), not for every plan.
    let found: Record<string, SourcePos> | undefined;
    Object.defineProperty(project, 'rate_limit_pos', {
      enumerable: true,
      get: () => (found ??= Object.fromEntries(models.map(([model]) => [model, source.keyPos(at('rate_limits', model))]))),
    });
  }
  return project;
}

/** Groups, custom roles and org role assignments: present keys only. */
function normalizeAccess(written: WrittenConfig, source: NormalizeSource): Pick<DesiredOrg, 'groups' | 'roles' | 'role_assignments'> {
  const { groups, roles, role_assignments } = written;
  return {
    ...(groups && {
      groups: groups
        .map((g, i) => ({
          name: g.name,
          ...(g.members && { members: sortedSet(g.members.map(lower)) }),
          pos: source.keyPos(['groups', i, 'name']),
        }))
        .sort(by((g) => g.name)),
    }),
    ...(roles && { roles: normalizeRoles(roles) }),
    ...(role_assignments && {
      role_assignments: normalizeAssignments(role_assignments, (role) => source.keyPos(['role_assignments', role])),
    }),
  };
}

function normalizeRoles(roles: WrittenRole[]): DesiredRole[] {
  return roles
    .map((r) => ({
      name: r.name,
      ...(r.description !== undefined && { description: r.description }),
      permissions: sortedSet(r.permissions),
    }))
    .sort(by((r) => r.name));
}

function normalizeAssignments(
  written: Record<string, WrittenRoleAssignment>,
  posOf: (role: string) => SourcePos,
): DesiredRoleAssignment[] {
  return Object.entries(written)
    .map(([role, who]) => ({
      role,
      ...(who?.users && { users: sortedSet(who.users.map(lower)) }),
      ...(who?.groups && { groups: sortedSet(who.groups) }),
      pos: posOf(role),
    }))
    .sort(by((a) => a.role));
}

function normalizeAccount(
  account: NonNullable<WrittenProject['service_accounts']>[number],
  defaultExpiry: number | undefined,
): DesiredServiceAccount {
  const days = account.key_expiry_days ?? defaultExpiry;
  return {
    name: account.name,
    role: account.role,
    ...(account.renamed_from !== undefined && { renamed_from: account.renamed_from }),
    ...(days !== undefined && { key_expiry_days: days }),
  };
}

/** Only the tools the file names, in the API's order. */
function pickTools(tools: NonNullable<WrittenProject['hosted_tool_permissions']>): DesiredHostedTools {
  const out: DesiredHostedTools = {};
  for (const tool of HOSTED_TOOLS) {
    const setting = tools[tool];
    if (setting) out[tool] = setting.enabled;
  }
  return out;
}

function normalizeTiers(tiers: NonNullable<WrittenProject['service_tier_settings']>): DesiredServiceTiers {
  const enabled = tiers.enabled_tiers;
  return {
    ...(tiers.default !== undefined && { default: tiers.default }),
    ...(enabled !== undefined && { enabled_tiers: enabled === 'all' ? 'all' : (sortedSet(enabled) as typeof enabled) }),
  };
}

/** Only the fields the file sets, in the API's order. */
function pickRateLimits(values: RateLimitValues): RateLimitValues {
  const out: RateLimitValues = {};
  for (const f of RATE_LIMIT_FIELDS) {
    const v = values[f];
    if (v !== undefined) out[f] = v;
  }
  return out;
}
