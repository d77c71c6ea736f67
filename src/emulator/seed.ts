// Turns a seed (object or JSON file; by default the demo seed in examples/) into a complete state.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ORG_RETENTION_TYPES, ORG_ROLES, PROJECT_ROLES } from '../api/enums.js';
import { newId, randomToken } from './ids.js';
import { INVITE_LIFETIME_SECONDS } from './routes/invites.js';
import {
  fail,
  mapObjects,
  optionalArray,
  optionalInt,
  optionalString,
  requireArray,
  requireObject,
  requireOneOf,
  requireString,
  requireUnique,
  SeedError,
} from './seed-checks.js';
import { normalizeAccess } from './seed-access.js';
import { normalizeAlert, normalizeLimit, normalizeProject } from './seed-projects.js';
import type {
  AdminKeyRecord,
  EmulatorSeed,
  EmulatorState,
  InviteRecord,
  ProjectRecord,
  SeedAdminKey,
  SeedInvite,
  SeedProject,
  SeedSpendAlert,
  SeedUser,
  SpendAlertRecord,
  UserRecord,
} from './types.js';

export { SeedError };

// The source file is src/emulator/seed.ts and the compiled one dist/src/emulator/seed.js.
const DEMO_SEED_CANDIDATES = ['../../examples/emulator-seed.json', '../../../examples/emulator-seed.json'];

export function demoSeedPath(): string {
  for (const candidate of DEMO_SEED_CANDIDATES) {
    const path = fileURLToPath(new URL(candidate, import.meta.url));
    if (existsSync(path)) return path;
  }
  throw new Error('examples/emulator-seed.json not found next to the orgform package');
}

export function readSeedFile(path: string): EmulatorSeed {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new SeedError(`cannot read ${path}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text) as EmulatorSeed;
  } catch (error) {
    throw new SeedError(`${path} is not valid JSON: ${(error as Error).message}`);
  }
}

export function loadSeed(seed: EmulatorSeed | string | undefined): EmulatorSeed {
  if (seed === undefined) return readSeedFile(demoSeedPath());
  return typeof seed === 'string' ? readSeedFile(seed) : structuredClone(seed);
}

/** `input` is checked field by field: it usually comes straight from a JSON file. */
export function normalizeSeed(input: unknown, now: number): EmulatorState {
  const seed = requireObject<EmulatorSeed>(input, 'seed');
  const org = requireObject<Partial<EmulatorState['organization']>>(seed.organization ?? {}, 'organization');
  requireArray(seed.users, 'users');
  requireArray(seed.admin_keys, 'admin_keys');
  const users = mapObjects<SeedUser, UserRecord>(seed.users, 'users', (u, p) => normalizeUser(u, p, now));
  requireUnique(users.map((u) => u.id), 'users');
  requireUnique(users.map((u) => u.email.toLowerCase()), 'users (email)');
  const adminKeys = mapObjects<SeedAdminKey, AdminKeyRecord>(seed.admin_keys, 'admin_keys', (k, p) =>
    normalizeAdminKey(k, p, users, now),
  );
  if (adminKeys.length === 0) fail('admin_keys', 'at least one admin key is needed');
  requireUnique(adminKeys.map((k) => k.value), 'admin_keys (value)');
  const projects = mapObjects<SeedProject, ProjectRecord>(seed.projects, 'projects', (p, path) =>
    normalizeProject(p, path, users, now),
  );
  requireUnique(projects.map((p) => p.id), 'projects');
  const invites = mapObjects<SeedInvite, InviteRecord>(seed.invites, 'invites', (inv, p) =>
    normalizeInvite(inv, p, projects, now),
  );
  const base = {
    version: 1 as const,
    organization: {
      id: optionalString(org.id, 'organization.id') ?? `org-${randomToken(24)}`,
      name: optionalString(org.name, 'organization.name') ?? 'Organization',
      data_retention: requireOneOf(
        ORG_RETENTION_TYPES,
        org.data_retention ?? 'modified_abuse_monitoring',
        'organization.data_retention',
      ),
    },
    admin_keys: adminKeys,
    users,
    projects,
    invites,
    audit_logs: structuredClone(optionalArray(seed.audit_logs, 'audit_logs')) as EmulatorState['audit_logs'],
    spend_limit: seed.spend_limit == null ? null : normalizeLimit(seed.spend_limit, 'spend_limit'),
    spend_alerts: mapObjects<SeedSpendAlert, SpendAlertRecord>(seed.spend_alerts, 'spend_alerts', normalizeAlert),
  };
  return { ...base, ...normalizeAccess(seed as unknown as Record<string, unknown>, base, now) };
}

function normalizeUser(seed: SeedUser, path: string, now: number): UserRecord {
  const email = requireString(seed.email, `${path}.email`);
  return {
    id: optionalString(seed.id, `${path}.id`) ?? newId('user'),
    email,
    name: optionalString(seed.name, `${path}.name`) ?? email.split('@')[0] ?? email,
    role: requireOneOf(ORG_ROLES, seed.role, `${path}.role`),
    added_at: optionalInt(seed.added_at, `${path}.added_at`) ?? now,
    is_scim_managed: seed.is_scim_managed === true,
    developer_persona: seed.developer_persona ?? null,
    technical_level: seed.technical_level ?? null,
  };
}

function normalizeAdminKey(seed: SeedAdminKey, path: string, users: UserRecord[], now: number): AdminKeyRecord {
  const value = requireString(seed.value, `${path}.value`);
  if (!value.startsWith('sk-admin-')) fail(`${path}.value`, "must start with 'sk-admin-'");
  const email = seed.owner_email?.toLowerCase();
  const owner = users.find((u) => (seed.owner_id !== undefined ? u.id === seed.owner_id : u.email.toLowerCase() === email));
  if (!owner) fail(`${path}.owner_id`, 'must name an org user (owner_id or owner_email)');
  return {
    id: optionalString(seed.id, `${path}.id`) ?? newId('api_key'),
    name: optionalString(seed.name, `${path}.name`) ?? 'Admin key',
    value,
    owner_id: owner.id,
    created_at: optionalInt(seed.created_at, `${path}.created_at`) ?? now,
  };
}

/** Without dates, a seeded `expired` invite is dated eight days back; a pending one starts now. */
function normalizeInvite(seed: SeedInvite, path: string, projects: ProjectRecord[], now: number): InviteRecord {
  const status = requireOneOf(['pending', 'accepted', 'expired'] as const, seed.status ?? 'pending', `${path}.status`);
  const fallbackCreated = status === 'expired' ? now - INVITE_LIFETIME_SECONDS - 86_400 : now;
  const created = optionalInt(seed.created_at, `${path}.created_at`) ?? fallbackCreated;
  const expires = optionalInt(seed.expires_at, `${path}.expires_at`) ?? created + INVITE_LIFETIME_SECONDS;
  if (status === 'expired' && expires > now) fail(`${path}.expires_at`, 'an expired invite needs expires_at in the past');
  const grants = mapObjects<{ id?: unknown; role?: unknown }, InviteRecord['projects'][number]>(
    seed.projects,
    `${path}.projects`,
    (grant, p) => {
      const id = requireString(grant.id, `${p}.id`);
      if (!projects.some((project) => project.id === id)) fail(`${p}.id`, `names no project '${id}'`);
      return { id, role: requireOneOf(PROJECT_ROLES, grant.role, `${p}.role`) };
    },
  );
  return {
    id: optionalString(seed.id, `${path}.id`) ?? newId('invite'),
    email: requireString(seed.email, `${path}.email`),
    role: requireOneOf(ORG_ROLES, seed.role, `${path}.role`),
    projects: grants,
    created_at: created,
    expires_at: expires,
    accepted_at: status === 'accepted' ? (seed.accepted_at ?? now) : null,
    status: status === 'accepted' ? 'accepted' : 'pending',
  };
}
