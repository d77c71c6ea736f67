// Two applies of one file started together (two CI runs, two people) against one organization
// must leave one of each object, and a third plan must find nothing to do (apply/converge.ts).
//
// Each round draws a file from create-heavy fragments, an emulator latency with jitter, and at
// times one create held back on the server (a latency fault on its first POST), so that the other
// run creates, checks and moves on before it lands: the interleavings differ from round to round.
// Both runs are the CLI in-process (`main(argv, io)`), their back-off skipped, one of them with
// --format json. A failing round prints its draw and both runs' output.

import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { applyPlan } from '../../src/apply/apply.js';
import type { Convergence } from '../../src/apply/types.js';
import { loadConfigText } from '../../src/config/index.js';
import { startEmulator, type EmulatorSeed, type FaultRule, type RunningEmulator } from '../../src/emulator/index.js';
import { mulberry32, type Random } from '../../src/emulator/prng.js';
import { survivor, type LiveCopy } from '../../src/kinds/identity.js';
import { eventValidator } from '../e2e/harness.js';
import { activeProjects, duplicateReport, pendingInvites, runCli, skippingClock, tail, TempDir, useEmulatorAndClient, type CliResult, type CliTarget } from './support.js';

describe('the survivor rule: the oldest created_at, then the smallest id', () => {
  it('keeps the oldest, and on a tie the smallest id in code-unit order', () => {
    expect(survivor([{ id: 'b', created_at: 2 }, { id: 'a', created_at: 3 }])?.id).toBe('b');
    expect(survivor([{ id: 'proj_b', created_at: 5 }, { id: 'proj_B', created_at: 5 }, { id: 'proj_a', created_at: 5 }])?.id).toBe('proj_B');
    // Spend alerts carry no created_at: the id alone decides.
    expect(survivor([{ id: 'alert_z' }, { id: 'alert_m' }])?.id).toBe('alert_m');
    expect(survivor([])).toBeUndefined();
  });

  const copy: fc.Arbitrary<LiveCopy> = fc.record({ id: fc.string({ minLength: 1, maxLength: 4 }), created_at: fc.integer({ min: 0, max: 3 }) });
  const copies = fc.uniqueArray(copy, { minLength: 1, maxLength: 8, selector: (c) => c.id });

  it('is the same whatever order the list comes in: two runs that see the same copies keep the same one', () => {
    fc.assert(
      fc.property(copies, fc.nat(), (list, seed) => {
        const shuffled = [...list].sort((a, b) => ((a.id.charCodeAt(0) * 31 + seed) % 7) - ((b.id.charCodeAt(0) * 31 + seed) % 7));
        expect(survivor(shuffled)).toEqual(survivor(list));
      }),
    );
  });

  it('is kept by every run that sees it: of any two views, the larger one keeps what one of the smaller ones kept', () => {
    fc.assert(
      fc.property(copies, fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }), (list, inFirst) => {
        const first = list.filter((_, i) => inFirst[i]);
        const second = list.filter((_, i) => !inFirst[i]);
        const whole = survivor(list) as LiveCopy;
        expect([survivor(first), survivor(second)]).toContainEqual(whole);
        // The survivor of everything beats every copy, so no run that sees it removes it.
        for (const view of [first, second]) if (view.includes(whole)) expect(survivor(view)).toBe(whole);
      }),
    );
  });
});

const KEY = 'sk-admin-concurrent-owner';

const SEED: EmulatorSeed = {
  organization: { id: 'org-concurrent', name: 'Concurrent Inc', data_retention: 'modified_abuse_monitoring' },
  admin_keys: [{ id: 'key_admin_owner', value: KEY, owner_email: 'owner@example.com' }],
  users: [
    { id: 'user-owner', email: 'owner@example.com', role: 'owner' },
    { id: 'user-alice', email: 'alice@example.com', role: 'owner' },
    { id: 'user-bob', email: 'bob@example.com', role: 'reader' },
    { id: 'user-carol', email: 'carol@example.com', role: 'reader' },
  ],
  projects: [{ id: 'proj_research', name: 'Research', members: [{ email: 'alice@example.com', role: 'owner' }] }],
  invites: [],
};

type Config = Record<string, unknown> & { projects: Record<string, Record<string, unknown>> };

/** Pieces of a file, each creating something; a round's file is several of them merged. */
const FRAGMENTS: Record<string, (c: Config) => void> = {
  'new project with its parts': (c) => {
    c.projects['Data Platform'] = {
      data_retention: 'zero_data_retention',
      spend_alerts: [{ threshold_amount: 25000, recipients: ['data@example.com'] }],
      service_accounts: [{ name: 'etl', role: 'member' }],
      members: [{ email: 'bob@example.com', role: 'member' }],
    };
  },
  'a second new project': (c) => {
    c.projects['Sandbox'] = { spend_alerts: [{ threshold_amount: 500, recipients: ['sb@example.com'] }], service_accounts: [{ name: 'ci-bot', role: 'owner' }] };
  },
  'service accounts': (c) => {
    (c.projects['Research'] ??= {})['service_accounts'] = [
      { name: 'ci-bot', role: 'member' },
      { name: 'deployer', role: 'owner' },
    ];
  },
  'project spend alerts': (c) => {
    (c.projects['Research'] ??= {})['spend_alerts'] = [
      { threshold_amount: 50000, recipients: ['billing@example.com'] },
      { threshold_amount: 100000, recipients: ['cfo@example.com'] },
    ];
  },
  'project members': (c) => {
    (c.projects['Research'] ??= {})['members'] = [
      { email: 'alice@example.com', role: 'owner' },
      { email: 'carol@example.com', role: 'member' },
    ];
  },
  'a group with members and project access': (c) => {
    c['groups'] = [{ name: 'Platform', members: ['alice@example.com', 'bob@example.com'] }];
    (c.projects['Research'] ??= {})['groups'] = [{ group: 'Platform', role: 'member' }];
  },
  'a custom role and who holds it': (c) => {
    c['roles'] = [{ name: 'spend-watcher', permissions: ['api.organization.usage.read'] }];
    c['role_assignments'] = { 'spend-watcher': { users: ['carol@example.com'] } };
  },
  'organization spend alerts': (c) => {
    c['organization'] = { spend_alerts: [{ threshold_amount: 900000, recipients: ['cfo@example.com'] }] };
  },
  'an invite': (c) => {
    c.projects['Research'] ??= {};
    const projects = c.projects['Data Platform'] ? [{ project: 'Data Platform', role: 'member' }] : [{ project: 'Research', role: 'member' }];
    c['invites'] = [{ email: 'new.hire@example.com', role: 'reader', projects }];
  },
};

/** Creates that can be held back on the server: the other run's create lands, is checked, and moves on first. */
const LATE_CREATES = ['/organization/projects', '/organization/projects/*/service_accounts', '/organization/projects/*/spend_alerts', '/organization/groups'];

interface Draw {
  round: number;
  fragments: string[];
  latency: { min: number; max: number };
  late: FaultRule[];
}

function draw(round: number, random: Random): Draw {
  const names = Object.keys(FRAGMENTS);
  // Two or three fragments, a different mix each round.
  const fragments = [...names].sort(() => random() - 0.5).slice(0, 2 + Math.floor(random() * 2));
  // 'an invite' reads the file as it ends up: last, so it names Data Platform when the file has it.
  fragments.sort((a, b) => Number(a === 'an invite') - Number(b === 'an invite'));
  const max = Math.floor(random() * 8);
  const late =
    random() < 0.5
      ? [{ method: 'POST', path: LATE_CREATES[Math.floor(random() * LATE_CREATES.length)] as string, kind: 'latency' as const, ms: 20 + Math.floor(random() * 60), count: 1 }]
      : [];
  return { round, fragments, latency: { min: 0, max }, late };
}

function fileOf(d: Draw): string {
  const config: Config = { version: 1, projects: {} };
  for (const name of d.fragments) FRAGMENTS[name]?.(config);
  return stringify(config);
}

const ROUNDS = Number(process.env['ORGFORM_CONCURRENT_ROUNDS'] ?? 12);

describe('two applies started together converge to one of each', () => {
  let emulator: RunningEmulator;
  let work: TempDir;
  const target = (): CliTarget => ({ url: emulator.url, adminKey: KEY });
  beforeAll(async () => {
    emulator = await startEmulator({ seed: SEED });
    work = await TempDir.create('concurrent');
  });
  afterAll(async () => {
    await emulator.close();
    await work.remove();
  });

  it(`in ${ROUNDS} rounds of varied files, latencies and late creates: no duplicate, reported, and a third plan finds nothing`, async () => {
    const validate = await eventValidator();
    const random = mulberry32(20_513);
    const seen = { adopted: 0, removed: 0, superseded: 0 };
    for (let round = 1; round <= ROUNDS; round++) {
      const d = draw(round, random);
      const file = await work.write(`round-${round}.yaml`, fileOf(d));
      emulator.setState(SEED);
      emulator.setLatency(d.latency);
      emulator.setFaults(d.late, round);
      const apply = (n: number, json: boolean) =>
        runCli(['apply', file, '--auto-approve', '--secrets-dir', work.path(`keys-${round}-${n}`), ...(json ? ['--format', 'json'] : [])], target(), {
          clock: skippingClock(),
        });
      const runs = await Promise.all([apply(1, false), apply(2, true)]);
      emulator.setFaults([]);
      emulator.setLatency(0);
      const state = emulator.getState();
      const plan = await runCli(['plan', file, '--detailed-exitcode', '--no-attribution'], target());
      const why = () => `round ${JSON.stringify(d)}\n${fileOf(d)}\n${runs.map((r, i) => `--- run ${i + 1}: exit ${r.code}\n${tail(r.stdout, 60)}\n${r.stderr}`).join('\n')}`;

      for (const r of runs) expect(r.stderr, why()).not.toContain('internal error');
      expect(duplicateReport(state), why()).toEqual([]);
      expect(plan.stdout + plan.stderr, why()).toContain('No changes.');
      expect(plan.code, why()).toBe(0);
      // An invite naming an archived copy of a project could bring no one in.
      const active = new Set(activeProjects(state).map((p) => p.id));
      for (const invite of pendingInvites(state)) expect(invite.projects.filter((p) => !active.has(p.id)), why()).toEqual([]);

      // What was removed is in a report: the text one, and the JSON events, which are valid.
      const text = fromText(runs[0] as CliResult);
      const json = fromEvents(runs[1] as CliResult, validate, why);
      const converged = [...text.converged, ...json.converged];
      const reported = new Set([...converged.flatMap((c) => c.removed.map((r) => r.id)), ...text.superseded, ...json.superseded]);
      const archived = state.projects.filter((p) => p.status === 'archived' && !SEED.projects?.some((s) => s.id === p.id));
      for (const p of archived) expect(reported, `${p.id} archived without a word\n${why()}`).toContain(p.id);
      seen.adopted += converged.filter((c) => c.adopted).length;
      seen.removed += converged.reduce((n, c) => n + c.removed.length, 0);
      seen.superseded += text.superseded.length + json.superseded.length;
    }
    // The rounds did meet: creates were adopted and copies removed, not merely serialised.
    expect(seen.adopted, JSON.stringify(seen)).toBeGreaterThan(ROUNDS);
    expect(seen.removed, JSON.stringify(seen)).toBeGreaterThan(0);
  }, 120_000);
});

interface Reported {
  converged: Convergence[];
  /** The ids of copies this run made that another writer removed after it moved on. */
  superseded: string[];
}

/** The text report's closing sections, as far as a test needs them. */
function fromText(run: CliResult): Reported {
  const section = (title: string) => {
    const at = run.stdout.indexOf(title);
    if (at < 0) return [];
    const lines = run.stdout.slice(at).split('\n').slice(1);
    const end = lines.findIndex((l) => !l.startsWith('  '));
    return lines.slice(0, end < 0 ? undefined : end);
  };
  const converged = section('Another writer made the same objects at the same time').map((l) => ({
    kept: /(?:adopted|kept) (\S+?),? /.exec(l)?.[1] ?? '',
    adopted: / adopted /.test(l),
    removed: [...l.matchAll(/(archived|deleted) (\S+) \(made by ([^)]+)\)/g)].map((m) => ({
      id: m[2] as string,
      made_by: m[3] === 'this apply' ? ('this_apply' as const) : ('another_writer' as const),
      removal: m[1] as 'archived' | 'deleted',
    })),
  }));
  const superseded = section('Removed by another writer after this apply made it').map((l) => /: (\S+) was (?:archived|deleted)/.exec(l)?.[1] ?? l);
  return { converged, superseded };
}

interface Event {
  type: string;
  converged?: Convergence;
  made?: string;
  adopted?: number;
  duplicates_removed?: number;
  superseded?: number;
}

function fromEvents(run: CliResult, validate: Awaited<ReturnType<typeof eventValidator>>, why: () => string): Reported {
  const events = run.stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((line) => {
      const event = JSON.parse(line) as Event;
      expect(validate(event), `${line}\n${JSON.stringify(validate.errors)}\n${why()}`).toBe(true);
      return event;
    });
  const converged = events.flatMap((e) => (e.type === 'change_applied' && e.converged ? [e.converged] : []));
  const superseded = events.flatMap((e) => (e.type === 'change_superseded' && e.made ? [e.made] : []));
  const summary = events.find((e) => e.type === 'summary');
  expect(summary?.adopted, why()).toBe(converged.filter((c) => c.adopted).length);
  expect(summary?.duplicates_removed, why()).toBe(converged.reduce((n, c) => n + c.removed.length, 0));
  expect(summary?.superseded, why()).toBe(superseded.length);
  return { converged, superseded };
}

// Every kind that creates, met by a writer that got there first: the same plan applied twice, as
// by a run that planned before another run applied and applies after it. Where the API lets two
// exist, the re-check before the create adopts; where it refuses a second one (roles, members,
// group members, project groups, role assignments, pending invites in the emulator), the refusal
// is taken as adoption. Nothing is made twice.
const EVERY_KIND = `version: 1
organization:
  spend_alerts: [{ threshold_amount: 900000, recipients: [cfo@example.com] }]
groups:
  - { name: Platform, members: [alice@example.com, bob@example.com] }
roles:
  - { name: spend-watcher, permissions: [api.organization.usage.read] }
role_assignments:
  spend-watcher: { users: [carol@example.com], groups: [Platform] }
invites:
  - { email: new.hire@example.com, role: reader, projects: [{ project: Data Platform, role: member }] }
projects:
  Research:
    members:
      - { email: alice@example.com, role: owner }
      - { email: carol@example.com, role: member }
    service_accounts: [{ name: ci-bot, role: owner }]
    spend_alerts: [{ threshold_amount: 50000, recipients: [billing@example.com] }]
    groups: [{ group: Platform, role: member }]
    roles: [{ name: deployer, permissions: [api.project.write] }]
    role_assignments:
      deployer: { users: [carol@example.com], groups: [Platform] }
  Data Platform:
    spend_alerts: [{ threshold_amount: 25000, recipients: [data@example.com] }]
    service_accounts: [{ name: etl, role: member }]
`;

describe('a create that another writer already made', () => {
  const env = useEmulatorAndClient(SEED, KEY);

  const desired = () => {
    const loaded = loadConfigText(EVERY_KIND, 'every-kind.yaml');
    if ('errors' in loaded) throw new Error(JSON.stringify(loaded.errors));
    return loaded.config;
  };
  const planNow = () => env.planOf(desired());

  it('is adopted, kind by kind, whether the API lets two exist or refuses the second', async () => {
    env.emulator.setState(SEED);
    const plan = await planNow();
    const creates = plan.changes.filter((c) => c.action === 'create');
    expect(new Set(creates.map((c) => c.kind))).toEqual(
      new Set([
        'organization_spend_alert',
        'group',
        'group_member',
        'role',
        'role_assignment',
        'invite',
        'project',
        'project_member',
        'service_account',
        'spend_alert',
        'project_group',
        'project_role',
        'project_role_assignment',
      ]),
    );
    const first = await applyPlan(plan, { client: env.client });
    expect(first.outcomes.filter((o) => o.status !== 'applied')).toEqual([]);
    const once = env.emulator.getState();

    const second = await applyPlan(plan, { client: env.client });
    expect(second.outcomes.filter((o) => o.status !== 'applied')).toEqual([]);
    for (const o of second.outcomes.filter((x) => x.change.action === 'create')) {
      expect(o.converged, o.change.address).toEqual({ kept: expect.any(String), adopted: true, removed: [] });
      expect(o.message, o.change.address).toMatch(/^another writer made it (after the plan was made|first \(the API refused a second one\)): adopted \S+, not created/);
    }
    // The service account adopted from another writer keeps its key there: none is made here.
    const state = env.emulator.getState();
    expect(duplicateReport(state)).toEqual([]);
    expect(state.projects.map((p) => [p.name, p.service_accounts.length, p.spend_alerts.length, p.api_keys.length])).toEqual(
      once.projects.map((p) => [p.name, p.service_accounts.length, p.spend_alerts.length, p.api_keys.length]),
    );
    expect((await planNow()).changes).toEqual([]);
  });

  it('refused for another reason (nothing there to adopt): the API\'s refusal stands', async () => {
    env.emulator.setState(SEED);
    const plan = await planNow();
    // Carol leaves the organization after the plan: adding her to Research is refused, not adopted.
    env.emulator.setState({ ...SEED, users: SEED.users?.filter((u) => u.email !== 'carol@example.com') });
    const report = await applyPlan(plan, { client: env.client });
    const member = report.outcomes.find((o) => o.change.address === 'project["Research"].member["carol@example.com"]');
    expect(member?.status).toBe('failed');
    expect(member?.error).toMatch(/POST \/organization\/projects\/proj_research\/users → 400: .*not a member of this organization/);
    expect(member?.converged).toBeUndefined();
  });
});
