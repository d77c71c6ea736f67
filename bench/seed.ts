// The generated organization the benchmark runs against: deterministic, so every run (and every
// machine) plans against the same data.
import type { EmulatorSeed, SeedProject, SeedUser } from '../src/emulator/index.js';

export interface OrgShape {
  projects: number;
  users: number;
  invites: number;
}

export const ALERT_THRESHOLDS = [100, 500, 1000] as const;
export const MEMBERS_PER_PROJECT = 10;
const ADMIN_KEY = 'sk-admin-bench-0000000000';
/** The emulator's default per-model rate-limit rows per project (rate-limit-catalog.ts). */
export const RATE_LIMIT_ROWS = 26;

const T0 = 1_714_521_600;
const RETENTIONS = ['organization_default', 'zero_data_retention', 'none'] as const;

export const userEmail = (i: number): string => `u${i}@bench.example.com`;
export const userId = (i: number): string => `user-bench${i}`;
export const projectName = (p: number): string => `project-${String(p).padStart(5, '0')}`;
export const projectId = (p: number): string => `proj_bench${p}`;
/** The org user who is member k of project p: ten consecutive users, wrapping around. */
export const memberIndex = (p: number, k: number, users: number): number => (p * MEMBERS_PER_PROJECT + k) % users;

export function makeSeed(shape: OrgShape): EmulatorSeed {
  if (shape.users < MEMBERS_PER_PROJECT + 1) throw new Error(`--users must be at least ${MEMBERS_PER_PROJECT + 1}`);
  const users: SeedUser[] = [];
  for (let i = 0; i < shape.users; i++) {
    users.push({ id: userId(i), email: userEmail(i), name: `User ${i}`, role: i < 3 ? 'owner' : 'reader', added_at: T0 });
  }
  const projects: SeedProject[] = [];
  for (let p = 0; p < shape.projects; p++) {
    const members = [];
    for (let k = 0; k < MEMBERS_PER_PROJECT; k++) {
      members.push({ user_id: userId(memberIndex(p, k, shape.users)), role: k === 0 ? ('owner' as const) : ('member' as const), added_at: T0 });
    }
    projects.push({
      id: projectId(p),
      name: projectName(p),
      created_at: T0,
      is_default: p === 0,
      model_permissions:
        p % 3 === 0
          ? null
          : p % 3 === 1
            ? { mode: 'allow_list', model_ids: ['gpt-4o', 'gpt-4o-mini', 'o3'] }
            : { mode: 'deny_list', model_ids: ['dall-e-2'] },
      data_retention: RETENTIONS[p % RETENTIONS.length],
      spend_alerts: ALERT_THRESHOLDS.map((threshold, t) => ({
        id: `alert_bench${p}_${t}`,
        threshold_amount: threshold,
        notification_channel: {
          recipients: [userEmail(memberIndex(p, 0, shape.users)), ...(t > 0 ? [userEmail(memberIndex(p, t, shape.users))] : [])],
          subject_prefix: t === 2 ? '[budget]' : null,
        },
      })),
      members,
      // rate_limits left out: the emulator gives every project its default rows.
    });
  }
  const invites = [];
  for (let i = 0; i < shape.invites; i++) {
    invites.push({
      id: `invite-bench${i}`,
      email: `invitee${i}@bench.example.com`,
      role: 'reader' as const,
      projects: shape.projects > 0 ? [{ id: projectId(i % shape.projects), role: 'member' as const }] : [],
    });
  }
  return {
    version: 1,
    organization: { id: 'org-bench', name: 'Bench', data_retention: 'modified_abuse_monitoring' },
    admin_keys: [{ id: 'key_admin_bench', name: 'Bench admin key', value: ADMIN_KEY, owner_id: userId(0), created_at: T0 }],
    users,
    projects,
    invites,
  };
}

/** Pages of a cursor list of `n` items at limit 100: an empty list still costs one request. */
const pages = (n: number): number => Math.max(1, Math.ceil(n / 100));

/**
 * The fewest requests that read what the benchmark config manages: every list page at limit 100,
 * plus one call per singleton. Org: data retention, admin keys, users, invites, projects (include_archived).
 * Per project: model permissions, data retention (singletons), rate limits, spend alerts,
 * members (lists).
 */
export function minimumRequests(shape: OrgShape, manages = { rateLimits: true }): { total: number; perEndpoint: Record<string, number> } {
  const P = shape.projects;
  const perEndpoint: Record<string, number> = {
    'GET /organization/data_retention': 1,
    // The config manages users: orgform reads the admin keys so as never to remove or demote the
    // owner of the key in use.
    'GET /organization/admin_api_keys': 1,
    'GET /organization/users': pages(shape.users),
    'GET /organization/invites': pages(shape.invites),
    'GET /organization/projects': pages(P),
    'GET /organization/projects/{project_id}/model_permissions': P,
    'GET /organization/projects/{project_id}/data_retention': P,
    'GET /organization/projects/{project_id}/rate_limits': manages.rateLimits ? P * pages(RATE_LIMIT_ROWS) : 0,
    'GET /organization/projects/{project_id}/spend_alerts': P * pages(ALERT_THRESHOLDS.length),
    'GET /organization/projects/{project_id}/users': P * pages(MEMBERS_PER_PROJECT),
  };
  for (const [k, v] of Object.entries(perEndpoint)) if (v === 0) delete perEndpoint[k];
  return { total: Object.values(perEndpoint).reduce((a, b) => a + b, 0), perEndpoint };
}

/** Emails per request of orgform's filtered org-user list (src/kinds/user.ts listUsersByEmail). */
const EMAILS_PER_REQUEST = 50;

/**
 * The fewest requests of a plan scoped to one project (`--target project:NAME`) of the benchmark
 * config: the org-level pages it depends on (the project list to find the project's id, the org
 * users its members are, by email, the pending invites, whether a member still needs one, and the
 * org's groups, which the project's `groups:` may name), plus that project's own reads. Export
 * writes every project's (empty) `roles:` and `groups:` too (issue 14), so those are read as well.
 */
export function scopedMinimum(shape: OrgShape, manages = { rateLimits: true }): { total: number; perEndpoint: Record<string, number> } {
  const one = minimumRequests({ ...shape, projects: 1 }, manages).perEndpoint;
  const perEndpoint: Record<string, number> = {
    'GET /organization/projects': pages(shape.projects),
    'GET /organization/users': Math.ceil(MEMBERS_PER_PROJECT / EMAILS_PER_REQUEST),
    'GET /organization/invites': pages(shape.invites),
    'GET /organization/groups': 1, // none: no per-group reads
    ...Object.fromEntries(Object.entries(one).filter(([k]) => k.includes('{project_id}'))),
    'GET /projects/{project_id}/roles': 1,
    'GET /organization/projects/{project_id}/groups': 1,
  };
  return { total: Object.values(perEndpoint).reduce((a, b) => a + b, 0), perEndpoint };
}
