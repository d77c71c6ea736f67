// Property tests over the pipeline's pure stages and, in-process, against the emulator:
//   (a) loadConfigText never throws, whatever the text;
//   (b) makePlan on a valid config and any live state returns a plan or a PlanError/UnsafePlanError,
//       deterministically, and a live state that matches the config exactly plans nothing;
//   (c) read → plan → apply → read → plan gives no changes, for random configs on the emulator.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { applyPlan } from '../../src/apply/apply.js';
import { loadConfigText } from '../../src/config/index.js';
import {
  MODEL_PERMISSION_MODES,
  ORG_RETENTION_TYPES,
  ORG_ROLES,
  PROJECT_RETENTION_TYPES,
  PROJECT_ROLES,
  type DesiredOrg,
  type RateLimitField,
  type RateLimitValues,
} from '../../src/config/model.js';
import type { WrittenConfig, WrittenInvite, WrittenProject } from '../../src/config/written.js';
import type { EmulatorSeed } from '../../src/emulator/index.js';
import { PlanError, UnsafePlanError } from '../../src/errors.js';
import { makePlan } from '../../src/planner/plan.js';
import type { Plan } from '../../src/plan/types.js';
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
} from '../../src/providers/openai/api-types.js';
import type { LiveOrg, LiveProjectParts } from '../../src/kinds/live-state.js';
import { readLive, scopeOfConfig } from '../../src/live/read.js';
import { liveProject } from '../unit/planner/builders.js';
import { useEmulatorAndClient } from './support.js';

const BASE_URL = 'https://api.example.invalid/v1';

/** numRuns: modest by default; ORGFORM_PROPERTY_RUNS=N runs every property N times (a deep hunt). */
const runs = (n: number): number => Number(process.env['ORGFORM_PROPERTY_RUNS'] ?? n);

// ---- Pools: small, so random configs and live states overlap often ----

const PROJECT_POOL = ['Research', 'Data Platform', 'Sandbox', 'Legacy', 'a/b'] as const;
const EMAIL_POOL = [
  'owner@example.com',
  'alice@example.com',
  'bob@example.com',
  'dave@example.com',
  'new.hire@example.com',
  'erin@example.com',
  'frank@example.com',
] as const;
const RECIPIENTS = ['billing@example.com', 'Billing@Example.com', 'cfo@example.com', 'ops@example.com'] as const;
const MODEL_IDS = ['gpt-4o', 'gpt-4.1', 'o3', 'o1-pro', 'gpt-4o-mini'] as const;
const SA_NAMES = ['ci-bot', 'deployer', 'etl', '../x'] as const;
/** Models of the emulator's catalog, each with fields its rows have. */
const RATE_LIMIT_MODELS: Record<string, readonly RateLimitField[]> = {
  'gpt-4o': ['max_requests_per_1_minute', 'max_tokens_per_1_minute', 'batch_1_day_max_input_tokens'],
  'dall-e-3': ['max_requests_per_1_minute', 'max_images_per_1_minute'],
  'tts-1': ['max_requests_per_1_minute', 'max_audio_megabytes_per_1_minute'],
  'o1-pro': ['max_requests_per_1_minute', 'max_requests_per_1_day'],
};

// ---- Written configs that pass validation ----

const projectRole = fc.constantFrom(...PROJECT_ROLES);
const orgRole = fc.constantFrom(...ORG_ROLES);

const rateLimits: fc.Arbitrary<Record<string, RateLimitValues>> = fc
  .subarray(Object.keys(RATE_LIMIT_MODELS), { maxLength: 2 })
  .chain((models) =>
    fc.tuple(
      ...models.map((model) =>
        fc
          .subarray([...(RATE_LIMIT_MODELS[model] ?? [])], { minLength: 1 })
          .chain((fields) => fc.tuple(...fields.map((f) => fc.tuple(fc.constant(f), fc.integer({ min: 0, max: 1_000_000 })))))
          .map((pairs): [string, RateLimitValues] => [model, Object.fromEntries(pairs)]),
      ),
    ),
  )
  .map((entries) => Object.fromEntries(entries));

const activeProject: fc.Arbitrary<WrittenProject> = fc.record(
  {
    model_permissions: fc.option(
      fc.record({ mode: fc.constantFrom(...MODEL_PERMISSION_MODES), model_ids: fc.subarray([...MODEL_IDS]) }),
      { nil: null },
    ),
    data_retention: fc.constantFrom(...PROJECT_RETENTION_TYPES),
    spend_alerts: fc.uniqueArray(
      fc.record(
        {
          threshold_amount: fc.integer({ min: 1, max: 10_000_000 }),
          recipients: fc.subarray([...RECIPIENTS], { minLength: 1 }),
          subject_prefix: fc.option(fc.string({ maxLength: 8 }), { nil: null }),
        },
        { requiredKeys: ['threshold_amount', 'recipients'] },
      ),
      { selector: (a) => a.threshold_amount, maxLength: 3 },
    ),
    spend_limit: fc.option(fc.record({ threshold_amount: fc.integer({ min: 1, max: 1_000_000_000 }) }), { nil: null }),
    members: fc.uniqueArray(fc.record({ email: fc.constantFrom(...EMAIL_POOL), role: projectRole }), {
      selector: (m) => m.email,
      maxLength: 3,
    }),
    service_accounts: fc.uniqueArray(fc.record({ name: fc.constantFrom(...SA_NAMES), role: projectRole }), {
      selector: (s) => s.name,
      maxLength: 2,
    }),
    rate_limits: rateLimits,
  },
  { requiredKeys: [] },
);

const project: fc.Arbitrary<WrittenProject | null> = fc.oneof(
  { arbitrary: activeProject, weight: 6 },
  { arbitrary: fc.constant<WrittenProject>({ archived: true }), weight: 1 },
  { arbitrary: fc.constant(null), weight: 1 },
);

const rawConfig = fc.record(
  {
    organization: fc.record({ data_retention: fc.constantFrom(...ORG_RETENTION_TYPES) }, { requiredKeys: [] }),
    users: fc.uniqueArray(fc.record({ email: fc.constantFrom(...EMAIL_POOL), role: orgRole }), { selector: (u) => u.email }),
    invites: fc.uniqueArray(
      fc.record(
        {
          email: fc.constantFrom(...EMAIL_POOL),
          role: orgRole,
          projects: fc.uniqueArray(fc.record({ project: fc.constantFrom(...PROJECT_POOL), role: projectRole }), {
            selector: (p) => p.project,
            maxLength: 2,
          }),
        },
        { requiredKeys: ['email', 'role'] },
      ),
      { selector: (i) => i.email, maxLength: 3 },
    ),
    projects: fc.uniqueArray(fc.tuple(fc.constantFrom(...PROJECT_POOL), project), { selector: ([name]) => name }),
  },
  { requiredKeys: ['projects'] },
);

/**
 * Makes a random config coherent: the org keeps an owner, members are listed users when
 * `users:` is present (otherwise the file removes a user it also wants as a member: two applies
 * to settle), and invites go to people who are neither users nor members, into active projects.
 */
const validConfig: fc.Arbitrary<WrittenConfig> = rawConfig.map((r) => {
  const config: WrittenConfig = { version: 1 };
  if (r.organization !== undefined) config.organization = r.organization;
  const users = r.users && [{ email: 'owner@example.com', role: 'owner' as const }, ...r.users.filter((u) => u.email !== 'owner@example.com')];
  if (users) config.users = users;
  const listed = new Set(users?.map((u) => u.email));
  const projects: Record<string, WrittenProject | null> = {};
  const members = new Set<string>();
  for (const [name, p] of r.projects) {
    if (p === null || p.archived === true || p.members === undefined || users === undefined) projects[name] = p;
    else projects[name] = { ...p, members: p.members.filter((m) => listed.has(m.email)) };
    for (const m of projects[name]?.members ?? []) members.add(m.email);
  }
  config.projects = projects;
  if (r.invites !== undefined) {
    const open = new Set(Object.entries(projects).filter(([, p]) => p?.archived !== true).map(([name]) => name));
    config.invites = r.invites
      .filter((i) => !listed.has(i.email) && !members.has(i.email))
      .map((i): WrittenInvite => {
        const into = i.projects?.filter((p) => open.has(p.project));
        return { email: i.email, role: i.role, ...(into === undefined ? {} : { projects: into }) };
      });
  }
  return config;
});

function desiredOf(config: WrittenConfig, file = 'org.yaml'): DesiredOrg {
  const text = stringify(config);
  const result = loadConfigText(text, file);
  if ('errors' in result) {
    throw new Error(`the generator made an invalid config:\n${result.errors.map((e) => `${e.line}:${e.col}: ${e.message}`).join('\n')}\n${text}`);
  }
  return result.config;
}

// ---- Live states ----

/** The live state that is exactly what `desired` asks for, as readLive would return it. */
function liveOf(desired: DesiredOrg): LiveOrg {
  const active = desired.projects.filter((p) => !p.archived);
  const needUsers = desired.users !== undefined || desired.invites !== undefined || active.some((p) => p.members !== undefined);

  const userRoles = new Map<string, string>();
  if (desired.users) for (const u of desired.users) userRoles.set(u.email, u.role);
  else for (const p of active) for (const m of p.members ?? []) userRoles.set(m.email, 'reader');
  const userId = (email: string) => `user-${email}`;
  const users: ApiOrgUser[] = [
    ...[...userRoles].map(([email, role]): ApiOrgUser => ({ id: userId(email), object: 'organization.user', added_at: 1, email, role })),
    // Never managed by users: — must not show up as changes.
    { id: 'user-scim', object: 'organization.user', added_at: 1, email: 'scim@corp.example', role: 'reader', is_scim_managed: true },
    { id: 'svc-user', object: 'organization.user', added_at: 1, email: null, role: 'reader', is_service_account: true },
  ];

  const projects: ApiProject[] = desired.projects.map((p, i) => liveProject(`proj-${i}`, p.name, p.archived));
  // Not in the file: left alone.
  projects.push({ id: 'proj-unlisted', object: 'organization.project', name: 'Unlisted', created_at: 1, archived_at: null, status: 'active' });
  const idOf = new Map(desired.projects.map((p, i) => [p.name, `proj-${i}`]));

  const invites: ApiInvite[] = (desired.invites ?? []).map((inv, i) => ({
    id: `invite-${i}`,
    object: 'organization.invite',
    email: inv.email,
    role: inv.role,
    status: 'pending',
    created_at: 1,
    projects: inv.projects.map((p) => ({ id: idOf.get(p.project) ?? p.project, role: p.role })),
  }));

  const parts: Record<string, LiveProjectParts> = {};
  desired.projects.forEach((p, i) => {
    if (p.archived) return;
    const got: LiveProjectParts = {};
    if (p.model_permissions !== undefined) {
      const mp = p.model_permissions ?? { mode: 'deny_list' as const, model_ids: [] };
      got.model_permissions = { object: 'project.model_permissions', mode: mp.mode, model_ids: [...mp.model_ids].reverse() };
    }
    if (p.data_retention !== undefined) got.data_retention = p.data_retention;
    if (p.spend_alerts !== undefined) {
      got.spend_alerts = p.spend_alerts.map(
        (a, j): ApiSpendAlert => ({
          id: `alert-${i}-${j}`,
          object: 'project.spend_alert',
          currency: 'USD',
          interval: 'month',
          threshold_amount: a.threshold_amount,
          notification_channel: { type: 'email', recipients: [...a.recipients].reverse(), subject_prefix: a.subject_prefix },
        }),
      );
    }
    if (p.spend_limit !== undefined) {
      got.spend_limit = p.spend_limit && {
        object: 'project.spend_limit',
        currency: 'USD',
        interval: 'month',
        threshold_amount: p.spend_limit.threshold_amount,
        enforcement: { status: 'inactive' },
      };
    }
    if (p.members !== undefined) {
      got.members = [
        ...p.members.map((m): ApiProjectUser => ({ id: userId(m.email), object: 'organization.project.user', role: m.role, email: m.email, added_at: 1 })),
        // A service account, listed among project users without an email: not a member.
        { id: 'svc-user', object: 'organization.project.user', role: 'member', email: null, added_at: 1 },
      ];
    }
    if (p.service_accounts !== undefined) {
      got.service_accounts = p.service_accounts.map(
        (s, j): ApiServiceAccount => ({ id: `sa-${i}-${j}`, object: 'organization.project.service_account', name: s.name, role: s.role, created_at: 1 }),
      );
    }
    if (p.rate_limits !== undefined) {
      got.rate_limits = Object.entries(p.rate_limits).map(
        ([model, values]): ApiRateLimit => ({
          id: `rl-${i}-${model}`,
          object: 'project.rate_limit',
          model,
          max_requests_per_1_minute: 1,
          max_tokens_per_1_minute: 1,
          ...values,
        }),
      );
    }
    parts[`proj-${i}`] = got;
  });

  return {
    ...(desired.organization.data_retention === undefined ? {} : { data_retention: desired.organization.data_retention }),
    ...(needUsers ? { users, invites } : {}),
    projects,
    parts,
  };
}

const someString = fc.oneof(fc.constantFrom(...EMAIL_POOL, ...PROJECT_POOL, 'owner', 'member', 'reader', 'none', ''), fc.string({ maxLength: 6 }));
const projectRoleish = fc.constantFrom('owner', 'member', 'none', 'weird');

/** Arbitrary live states: names and emails from the pools (so they meet the config), ids unique. */
const liveOrg: fc.Arbitrary<LiveOrg> = fc
  .record({
    data_retention: fc.option(fc.oneof(fc.constantFrom(...ORG_RETENTION_TYPES), fc.string({ maxLength: 5 })), { nil: undefined }),
    users: fc.option(
      fc.uniqueArray(
        fc.record({
          email: fc.option(fc.constantFrom(...EMAIL_POOL, 'scim@corp.example'), { nil: null }),
          role: fc.option(fc.constantFrom('owner', 'reader', 'weird'), { nil: null }),
          is_scim_managed: fc.boolean(),
          is_service_account: fc.boolean(),
        }),
        { selector: (u) => u.email ?? Symbol(), maxLength: 6 },
      ),
      { nil: undefined },
    ),
    projects: fc.array(
      fc.record({ name: fc.option(fc.constantFrom(...PROJECT_POOL, 'Unlisted'), { nil: null }), archived: fc.boolean() }),
      { maxLength: 7 },
    ),
    invites: fc.option(
      fc.array(
        fc.record({
          email: fc.constantFrom(...EMAIL_POOL, 'NEW.HIRE@example.com'),
          role: fc.constantFrom(...ORG_ROLES),
          status: fc.constantFrom('pending', 'expired', 'accepted'),
          created_at: fc.integer({ min: 0, max: 10 }),
          projects: fc.array(fc.record({ index: fc.nat(8), role: fc.constantFrom(...PROJECT_ROLES) }), { maxLength: 2 }),
        }),
        { maxLength: 5 },
      ),
      { nil: undefined },
    ),
    parts: fc.array(
      fc.record(
        {
          model_permissions: fc.record({ mode: fc.constantFrom(...MODEL_PERMISSION_MODES), model_ids: fc.array(fc.constantFrom(...MODEL_IDS), { maxLength: 3 }) }),
          data_retention: fc.oneof(fc.constantFrom(...PROJECT_RETENTION_TYPES), fc.constant('weird')),
          spend_alerts: fc.array(
            fc.record({
              threshold_amount: fc.constantFrom(1, 100, 5000, 50000),
              recipients: fc.array(fc.constantFrom(...RECIPIENTS), { maxLength: 3 }),
              subject_prefix: fc.option(someString, { nil: null }),
            }),
            { maxLength: 3 },
          ),
          spend_limit: fc.option(fc.integer({ min: 1, max: 1_000_000 }), { nil: null }),
          members: fc.array(fc.record({ userIndex: fc.nat(6), role: projectRoleish }), { maxLength: 4 }),
          service_accounts: fc.array(fc.record({ name: fc.constantFrom(...SA_NAMES), role: fc.constantFrom('owner' as const, 'member' as const, 'none' as const) }), { maxLength: 3 }),
          rate_limits: fc.subarray(Object.keys(RATE_LIMIT_MODELS)),
        },
        { requiredKeys: [] },
      ),
      { maxLength: 7 },
    ),
  })
  .map((r): LiveOrg => {
    const users: ApiOrgUser[] | undefined = r.users?.map((u, i) => ({ id: `user-${i}`, object: 'organization.user', added_at: 1, ...u }));
    const projects: ApiProject[] = r.projects.map((p, i) => liveProject(`proj-${i}`, p.name, p.archived ?? false));
    const invites: ApiInvite[] | undefined = r.invites?.map((inv, i) => ({
      id: `invite-${i}`,
      object: 'organization.invite',
      email: inv.email,
      role: inv.role,
      status: inv.status,
      created_at: inv.created_at,
      projects: inv.projects.map((p) => ({ id: `proj-${p.index}`, role: p.role })),
    }));
    const parts: Record<string, LiveProjectParts> = {};
    r.parts.forEach((raw, i) => {
      if (i >= projects.length) return;
      const got: LiveProjectParts = {};
      if (raw.model_permissions) got.model_permissions = { object: 'project.model_permissions', ...raw.model_permissions } satisfies ApiModelPermissions;
      if (raw.data_retention !== undefined) got.data_retention = raw.data_retention;
      if (raw.spend_alerts) {
        got.spend_alerts = raw.spend_alerts.map((a, j) => ({
          id: `alert-${i}-${j}`,
          object: 'project.spend_alert',
          currency: 'USD',
          interval: 'month',
          threshold_amount: a.threshold_amount,
          notification_channel: { type: 'email', recipients: a.recipients, subject_prefix: a.subject_prefix },
        }));
      }
      if (raw.spend_limit !== undefined) {
        got.spend_limit =
          raw.spend_limit === null
            ? null
            : ({ object: 'project.spend_limit', currency: 'USD', interval: 'month', threshold_amount: raw.spend_limit, enforcement: { status: 'inactive' } } satisfies ApiSpendLimit);
      }
      if (raw.members && users) {
        // One entry per user (the API lists a user once), plus service accounts without an email.
        const seen = new Set<string>();
        got.members = raw.members.flatMap((m): ApiProjectUser[] => {
          const user = users[m.userIndex];
          if (!user || seen.has(user.id)) return [];
          seen.add(user.id);
          return [{ id: user.id, object: 'organization.project.user', role: m.role, email: user.is_service_account ? null : user.email, added_at: 1 }];
        });
      }
      if (raw.service_accounts) {
        got.service_accounts = raw.service_accounts.map((s, j) => ({ id: `sa-${i}-${j}`, object: 'organization.project.service_account', name: s.name, role: s.role, created_at: 1 }));
      }
      if (raw.rate_limits) {
        got.rate_limits = raw.rate_limits.map((model) => ({ id: `rl-${i}-${model}`, object: 'project.rate_limit', model, max_requests_per_1_minute: 7, max_tokens_per_1_minute: 7 }));
      }
      const id = projects[i]?.id;
      if (id !== undefined) parts[id] = got;
    });
    return {
      ...(r.data_retention === undefined ? {} : { data_retention: r.data_retention }),
      ...(users === undefined ? {} : { users }),
      ...(invites === undefined ? {} : { invites }),
      projects,
      parts,
    };
  });

function planOrAllowedError(desired: DesiredOrg, live: LiveOrg): Plan | PlanError | UnsafePlanError {
  try {
    return makePlan(desired, live, BASE_URL);
  } catch (error) {
    if (error instanceof PlanError || error instanceof UnsafePlanError) return error;
    throw error;
  }
}

function describeChanges(plan: Plan): string {
  return plan.changes.map((c) => `${c.id}: ${JSON.stringify(c.before)} → ${JSON.stringify(c.after)}`).join('\n');
}

// ---- (a) ----

const KEYS = ['version', 'projects', 'users', 'invites', 'organization', 'members', 'spend_alerts', 'threshold_amount', 'email', 'role', 'rate_limits', '__proto__', 'constructor'];
const jsonish: fc.Arbitrary<unknown> = fc.letrec<{ node: unknown }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small' },
    fc.jsonValue({ maxDepth: 2 }),
    fc.array(tie('node'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.constantFrom(...KEYS), fc.string({ maxLength: 6 })), tie('node'), { maxKeys: 5 }),
  ),
})).node;

function expectWellFormed(text: string | Uint8Array): void {
  const result = loadConfigText(text, 'p.yaml');
  if ('config' in result) return;
  expect(result.errors.length).toBeGreaterThan(0);
  for (const e of result.errors) {
    expect(e.line).toBeGreaterThanOrEqual(1);
    expect(e.col).toBeGreaterThanOrEqual(1);
    expect(e.message).not.toMatch(/internal error/);
  }
}

/** Replaces the value at a random path of `value` with `replacement`. */
function mutateAt(value: unknown, path: number[], replacement: unknown): unknown {
  if (path.length === 0 || typeof value !== 'object' || value === null) return replacement;
  const [step, ...rest] = path as [number, ...number[]];
  if (Array.isArray(value)) {
    if (value.length === 0) return replacement;
    const i = step % value.length;
    return value.map((v, j) => (j === i ? mutateAt(v, rest, replacement) : v));
  }
  const entries = Object.entries(value);
  if (entries.length === 0) return replacement;
  const i = step % entries.length;
  return Object.fromEntries(entries.map(([k, v], j) => [k, j === i ? mutateAt(v, rest, replacement) : v]));
}


describe('(a) loadConfigText never throws', () => {
  it('on arbitrary strings', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => expectWellFormed(text)), { numRuns: runs(300) });
  });

  it('on arbitrary JSON-ish values serialised to YAML', () => {
    fc.assert(fc.property(jsonish, (value) => expectWellFormed(stringify(value))), { numRuns: runs(300) });
  });

  it('on a valid config with one value anywhere replaced by anything', () => {
    fc.assert(
      fc.property(validConfig, fc.array(fc.nat(), { maxLength: 6 }), jsonish, (config, path, replacement) => {
        expectWellFormed(stringify(mutateAt(config, path, replacement)));
      }),
      { numRuns: runs(300) },
    );
  });

  it('accepts every config the generator makes (the generator is valid)', () => {
    fc.assert(fc.property(validConfig, (config) => void desiredOf(config)), { numRuns: 200 });
  });
});

// ---- (b) ----

describe('(b) makePlan', () => {
  it('returns a plan or a PlanError/UnsafePlanError, deterministically, in dependency order', () => {
    fc.assert(
      fc.property(validConfig, liveOrg, (config, live) => {
        const desired = desiredOf(config);
        const first = planOrAllowedError(desired, live);
        const second = planOrAllowedError(desired, structuredClone(live));
        if (!(first instanceof Error)) {
          expect(JSON.stringify(second)).toBe(JSON.stringify(first));
          const position = new Map(first.changes.map((c, i) => [c.id, i]));
          expect(position.size).toBe(first.changes.length);
          first.changes.forEach((c, i) => {
            for (const d of c.dependsOn) expect(position.get(d) ?? Infinity).toBeLessThan(i);
          });
        } else {
          expect(second).toBeInstanceOf(first.constructor);
          expect((second as Error).message).toBe(first.message);
        }
      }),
      { numRuns: runs(400) },
    );
  });

  it('plans nothing when the live state is exactly the file', () => {
    fc.assert(
      fc.property(validConfig, (config) => {
        const desired = desiredOf(config);
        const plan = makePlan(desired, liveOf(desired), BASE_URL);
        expect(describeChanges(plan)).toBe('');
      }),
      { numRuns: runs(300) },
    );
  });
});

// ---- (c) ----

const KEY = 'sk-admin-properties-owner';

const SEED: EmulatorSeed = {
  organization: { data_retention: 'modified_abuse_monitoring' },
  admin_keys: [{ value: KEY, owner_email: 'owner@example.com' }],
  users: [
    { email: 'owner@example.com', role: 'owner' },
    { email: 'alice@example.com', role: 'owner' },
    { email: 'bob@example.com', role: 'reader' },
    { email: 'dave@example.com', role: 'reader' },
    { email: 'scim.sam@example.com', role: 'reader', is_scim_managed: true },
  ],
  projects: [
    {
      id: 'proj_research',
      name: 'Research',
      model_permissions: { mode: 'deny_list', model_ids: ['gpt-4o-mini'] },
      spend_alerts: [{ id: 'alert_r', threshold_amount: 50000, notification_channel: { recipients: ['billing@example.com'] } }],
      spend_limit: { threshold_amount: 100 },
      members: [
        { email: 'alice@example.com', role: 'owner' },
        { email: 'bob@example.com', role: 'member' },
      ],
      service_accounts: [{ id: 'svc_ci', name: 'ci-bot', role: 'owner' }],
    },
    { id: 'proj_sandbox', name: 'Sandbox', members: [{ email: 'dave@example.com', role: 'owner' }] },
    { id: 'proj_legacy', name: 'Legacy' },
    { id: 'proj_unlisted', name: 'Unlisted', members: [{ email: 'bob@example.com', role: 'owner' }] },
  ],
  invites: [
    { id: 'invite-erin', email: 'erin@example.com', role: 'reader', projects: [] },
    { id: 'invite-frank', email: 'frank@example.com', role: 'reader', projects: [], status: 'expired' },
  ],
};


describe('(c) against the emulator: apply, then plan again, finds nothing to do', () => {
  const env = useEmulatorAndClient(SEED, KEY);

  it('for random configs', async () => {
    await fc.assert(
      fc.asyncProperty(validConfig, async (config) => {
        env.emulator.setState(SEED);
        const desired = desiredOf(config);
        const plan = await env.planOf(desired);
        const report = await applyPlan(plan, { client: env.client });
        const notApplied = report.outcomes.filter((o) => o.status !== 'applied').map((o) => `${o.change.id}: ${o.status}: ${o.error ?? ''}`);
        expect(notApplied).toEqual([]);
        const again = await env.planOf(desired);
        expect(describeChanges(again), stringify(config)).toBe('');
      }),
      { numRuns: runs(25) },
    );
  });

  /** One apply, then the changes a second plan still finds. */
  async function leftAfterOneApply(config: WrittenConfig): Promise<string> {
    env.emulator.setState(SEED);
    const desired = desiredOf(config);
    const report = await applyPlan(await env.planOf(desired), { client: env.client });
    expect(report.outcomes.filter((o) => o.status !== 'applied')).toEqual([]);
    return describeChanges(await env.planOf(desired));
  }

  // Found by the property above: an invite for someone who is an org user now, when the same
  // file's users: leaves them out. An invitee is a wanted user (with the invite's role), so the
  // user is kept and no invite is needed: one apply settles it.
  it('an invite for a user that users: leaves out keeps the user: one apply settles it', async () => {
    const left = await leftAfterOneApply({
      version: 1,
      users: [{ email: 'owner@example.com', role: 'owner' }, { email: 'bob@example.com', role: 'reader' }, { email: 'dave@example.com', role: 'reader' }],
      invites: [{ email: 'alice@example.com', role: 'reader' }],
    });
    expect(left).toBe('');
  });

  // Found by the property above: a project member left out of a present users: list would be
  // removed from the org (and so the project) and then invited back. The plan is refused.
  it('a member left out of a present users: list is refused before any change', async () => {
    env.emulator.setState(SEED);
    const desired = desiredOf({
      version: 1,
      users: [{ email: 'owner@example.com', role: 'owner' }, { email: 'alice@example.com', role: 'owner' }],
      projects: { Research: { members: [{ email: 'bob@example.com', role: 'member' }] } },
    });
    const live = await readLive(env.client, scopeOfConfig(desired));
    expect(() => makePlan(desired, live, env.emulator.url)).toThrow(
      /bob@example.com is a member of project "Research" but not under users: \(or invites:\)/,
    );
  });
});
