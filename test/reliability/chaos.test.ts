// Chaos: the CLI applies a file that uses every kind against an emulator that fails at
// random (5xx, dropped connections, commits whose answer is lost, 429s). Re-running apply must
// converge: no duplicates, a clean plan afterwards, and nothing outside the file touched.
// Then one deterministic lost-answer case per create kind: the object is adopted, not doubled.
//
// The fault rules draw from a PRNG seeded per test, but the CLI sends independent requests in
// parallel, so which request meets which draw can differ between runs of the same seed: a failure
// message carries the rules and the last run's output rather than relying on exact replay.
//
// The CLI runs in-process with a clock that skips its back-off and pacing waits (the logic is the
// same, the waiting is not); one seed also goes through the built CLI as a child process, on the
// real clock.

import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi, type ExpectStatic } from 'vitest';
import { startEmulator, type EmulatorSeed, type EmulatorState, type FaultRule, type RunningEmulator } from '../../src/emulator/index.js';
import { mulberry32 } from '../../src/emulator/prng.js';
import {
  activeProjects,
  duplicateReport,
  pendingInvites,
  runCli as runCliNow,
  runCliProcess,
  skippingClock,
  tail,
  TempDir,
  type CliResult,
  type CliTarget,
} from './support.js';

type Runner = (args: string[], target: CliTarget) => Promise<CliResult>;
/** In-process, its back-off and pacing skipped. */
const runCli: Runner = (args, target) => runCliNow(args, target, { clock: skippingClock() });

const KEY = 'sk-admin-chaos-owner';
/** Ten by default; ORGFORM_CHAOS_SEEDS=N for a longer hunt. */
const SEEDS = Array.from({ length: Number(process.env['ORGFORM_CHAOS_SEEDS'] ?? 10) }, (_, i) => i + 1);
const MAX_RUNS = 8;
/** The seed through a child process waits out its back-off for real: 20-30 s per run at worst. */
const SEED_TIMEOUT_MS = 85_000;
/** The one seed run through the built CLI, on the real clock. */
const PROCESS_SEED = 1;

// Every seed at once: the child-process one waits on back-off timers, not on the CPU.
vi.setConfig({ maxConcurrency: SEEDS.length + 1 });
// Test files share a worker (vitest.config.ts isolate: false): leave the default to the next one.
afterAll(() => vi.resetConfig());

function chaosSeed(): EmulatorSeed {
  return {
    organization: { id: 'org-chaos', name: 'Chaos Inc', data_retention: 'modified_abuse_monitoring' },
    admin_keys: [{ id: 'key_admin_chaos', value: KEY, owner_email: 'owner@example.com' }],
    users: [
      { id: 'user-owner', email: 'owner@example.com', role: 'owner' },
      { id: 'user-alice', email: 'alice@example.com', role: 'owner' },
      { id: 'user-bob', email: 'bob@example.com', role: 'reader' },
      { id: 'user-dave', email: 'dave@example.com', role: 'reader' },
      { id: 'user-sam', email: 'scim.sam@example.com', role: 'reader', is_scim_managed: true },
    ],
    projects: [
      {
        id: 'proj_research',
        name: 'Research',
        model_permissions: { mode: 'deny_list', model_ids: ['gpt-4o-mini'] },
        spend_alerts: [{ id: 'alert_r50k', threshold_amount: 50000, notification_channel: { recipients: ['billing@example.com'] } }],
        members: [
          { email: 'alice@example.com', role: 'owner' },
          { email: 'bob@example.com', role: 'member' },
        ],
        service_accounts: [{ id: 'svc_oldbot', name: 'old-bot', role: 'member' }],
        api_keys: [
          { id: 'key_alice_laptop', name: 'alice-laptop', owner: { type: 'user', email: 'alice@example.com' } },
          { id: 'key_oldbot', name: 'Secret Key', owner: { type: 'service_account', service_account_id: 'svc_oldbot' } },
        ],
      },
      {
        // Renamed by the file to Sandbox; the file manages only its name and data retention.
        id: 'proj_sandbox',
        name: 'Old Sandbox',
        model_permissions: { mode: 'allow_list', model_ids: ['gpt-4.1'] },
        spend_alerts: [{ id: 'alert_sb', threshold_amount: 1234, notification_channel: { recipients: ['sb@example.com'] } }],
        spend_limit: { threshold_amount: 4321 },
        members: [{ email: 'alice@example.com', role: 'owner' }],
        service_accounts: [{ id: 'svc_sandbox', name: 'sandbox-bot', role: 'member' }],
        api_keys: [{ id: 'key_sandbox', name: 'Secret Key', owner: { type: 'service_account', service_account_id: 'svc_sandbox' } }],
      },
      { id: 'proj_legacy', name: 'Legacy', members: [{ email: 'alice@example.com', role: 'owner' }] },
      {
        // Not in the file at all: must come out byte for byte as it went in.
        id: 'proj_untouched',
        name: 'Untouched',
        model_permissions: { mode: 'deny_list', model_ids: ['o3'] },
        data_retention: 'none',
        spend_alerts: [{ id: 'alert_u', threshold_amount: 777, notification_channel: { recipients: ['u@example.com'] } }],
        spend_limit: { threshold_amount: 9999 },
        members: [
          { email: 'bob@example.com', role: 'owner' },
          { email: 'alice@example.com', role: 'member' },
        ],
        service_accounts: [{ id: 'svc_untouched', name: 'old-bot', role: 'owner' }],
        api_keys: [{ id: 'key_untouched', name: 'Secret Key', owner: { type: 'service_account', service_account_id: 'svc_untouched' } }],
      },
    ],
    invites: [
      { id: 'invite-erin', email: 'erin@example.com', role: 'reader', projects: [] },
      { id: 'invite-frank', email: 'frank@example.com', role: 'reader', projects: [], status: 'expired' },
    ],
  };
}

const CHAOS_FILE = `version: 1
organization:
  data_retention: zero_data_retention
users:
  - { email: owner@example.com, role: owner }
  - { email: alice@example.com, role: owner }
  - { email: bob@example.com, role: owner }
invites:
  - email: new.hire@example.com
    role: reader
    projects:
      - { project: Data Platform, role: member }
      - { project: Research, role: member }
  - email: frank@example.com
    role: reader
projects:
  Research:
    model_permissions: { mode: allow_list, model_ids: [gpt-4.1, o3] }
    data_retention: zero_data_retention
    spend_alerts:
      - { threshold_amount: 50000, recipients: [billing@example.com], subject_prefix: "[spend]" }
      - { threshold_amount: 100000, recipients: [cfo@example.com, billing@example.com] }
    spend_limit: { threshold_amount: 200000 }
    members:
      - { email: alice@example.com, role: owner }
      - { email: owner@example.com, role: member }
    service_accounts:
      - { name: ci-bot, role: member }
      - { name: deployer, role: owner }
    rate_limits:
      gpt-4o: { max_requests_per_1_minute: 500, max_tokens_per_1_minute: 150000 }
  Data Platform:
    model_permissions: { mode: deny_list, model_ids: [o1-pro] }
    data_retention: none
    spend_alerts:
      - { threshold_amount: 25000, recipients: [data@example.com] }
      - { threshold_amount: 75000, recipients: [data@example.com], subject_prefix: "[data]" }
    spend_limit: { threshold_amount: 90000 }
    members:
      - { email: bob@example.com, role: owner }
    service_accounts:
      - { name: etl, role: member }
    rate_limits:
      dall-e-3: { max_images_per_1_minute: 5 }
  Sandbox:
    renamed_from: Old Sandbox
    data_retention: modified_abuse_monitoring
  Legacy:
    archived: true
`;

/**
 * Five failure modes on every route, each with its own seeded probability in [0.05, 0.1]: a
 * quarter to two fifths of all requests fail. (Up to 0.15 each, half of them fail, a run spends
 * 20–30 s in back-off and a seed can need seven runs: too slow for this file's budget.)
 */
function randomFaults(seed: number): FaultRule[] {
  const random = mulberry32(seed * 7919);
  const p = () => Math.round((0.05 + random() * 0.05) * 1000) / 1000;
  return [
    { kind: 'status', status: 503, probability: p() },
    { kind: 'status', status: [500, 502][Math.floor(random() * 2)] as 500 | 502, probability: p() },
    { kind: 'drop', probability: p() },
    { kind: 'commit_then_fail', then: (['drop', 500, 502, 503] as const)[Math.floor(random() * 4)], probability: p() },
    { kind: 'status', status: 429, retryAfterMs: 0, probability: p() },
  ];
}

/** What the file does not own, as it should stay: compared before and after. */
function outsideTheFile(state: EmulatorState) {
  const project = (id: string) => state.projects.find((p) => p.id === id);
  const sandbox = project('proj_sandbox');
  return {
    untouched: project('proj_untouched'),
    // Sandbox is in the file for its name and data_retention only: every other part is not managed.
    sandbox: sandbox && {
      model_permissions: sandbox.model_permissions,
      spend_alerts: sandbox.spend_alerts,
      spend_limit: sandbox.spend_limit,
      members: sandbox.members,
      service_accounts: sandbox.service_accounts,
      api_keys: sandbox.api_keys,
      rate_limits: sandbox.rate_limits,
    },
    // Project API keys are a kind orgform does not manage at all.
    researchUserKeys: project('proj_research')?.api_keys.filter((k) => k.owner.type === 'user'),
    scim: state.users.find((u) => u.is_scim_managed),
    admin_keys: state.admin_keys,
    organization: { id: state.organization.id, name: state.organization.name },
  };
}

async function secretValues(dir: string): Promise<string[]> {
  const files = await readdir(dir).catch(() => [] as string[]);
  const values: string[] = [];
  for (const f of files) {
    const parsed = JSON.parse(await readFile(`${dir}/${f}`, 'utf8')) as { value?: unknown };
    if (typeof parsed.value === 'string') values.push(parsed.value);
  }
  return values;
}

describe.concurrent('apply under random faults converges', () => {
  for (const seed of SEEDS) {
    it(`seed ${seed}`, async ({ expect }) => convergeUnderFaults(seed, runCli, expect), SEED_TIMEOUT_MS);
  }
  it(`seed ${PROCESS_SEED}, through the built CLI as a child process`, async ({ expect }) => convergeUnderFaults(PROCESS_SEED, runCliProcess, expect), SEED_TIMEOUT_MS);
});

async function convergeUnderFaults(seed: number, run: Runner, expect: ExpectStatic): Promise<void> {
  const emulator = await startEmulator({ seed: chaosSeed() });
  const work = await TempDir.create(`chaos-${seed}`);
  try {
    const target: CliTarget = { url: emulator.url, adminKey: KEY };
    const file = await work.write('org.yaml', CHAOS_FILE);
    const secrets = work.path('secrets');
    const before = emulator.getState();
    const faults = randomFaults(seed);
    emulator.setFaults(faults, seed);

    const runs: CliResult[] = [];
    while (runs.length < MAX_RUNS) {
      const result = await run(['apply', file, '--auto-approve', '--secrets-dir', secrets, '--no-color'], target);
      runs.push(result);
      // Whatever failed, it failed as a reported failure, never as a crash.
      expect(result.stderr, `run ${runs.length}`).not.toContain('internal error');
      if (result.code === 0) break;
    }
    const last = runs[runs.length - 1];
    expect(last?.code, `no run exited 0 in ${MAX_RUNS}; faults ${JSON.stringify(faults)}; last run:\n${tail(last?.stdout ?? '')}\n${last?.stderr ?? ''}`).toBe(0);

    emulator.setFaults([]);
    const after = emulator.getState();
    expect(duplicateReport(after), `after ${runs.length} runs; faults ${JSON.stringify(faults)}`).toEqual([]);

    const plan = await run(['plan', file, '--detailed-exitcode', '--no-color'], target);
    expect(plan.stdout, `after ${runs.length} runs; faults ${JSON.stringify(faults)}\n${plan.stderr}`).toContain('No changes.');
    expect(plan.code).toBe(0);

    expect(outsideTheFile(after)).toEqual(outsideTheFile(before));
    // The result itself, spot-checked: one of each thing the file asks for.
    expect(activeProjects(after).map((p) => p.name).sort()).toEqual(['Data Platform', 'Research', 'Sandbox', 'Untouched']);
    expect(after.projects.find((p) => p.id === 'proj_legacy')?.status).toBe('archived');
    expect(pendingInvites(after).map((i) => i.email).sort()).toEqual(['frank@example.com', 'new.hire@example.com']);
    expect(after.users.map((u) => u.email).sort()).toEqual([
      'alice@example.com',
      'bob@example.com',
      'owner@example.com',
      'scim.sam@example.com',
    ]);
    // No one-time key ever reaches the output, whatever went wrong on the way.
    const output = runs.map((r) => r.stdout + r.stderr).join('\n') + plan.stdout + plan.stderr;
    for (const value of await secretValues(secrets)) expect(output).not.toContain(value);
    expect(output).not.toMatch(/sk-svcacct-(?!\.\.\.)\w{20}/);
  } finally {
    await emulator.close();
    await work.remove();
  }
}

// ---- A lost answer on each create: the object is made once and adopted ----

const ADOPT_BASE: EmulatorSeed = {
  organization: { data_retention: 'modified_abuse_monitoring' },
  admin_keys: [{ value: KEY, owner_email: 'owner@example.com' }],
  users: [{ email: 'owner@example.com', role: 'owner' }],
  projects: [{ id: 'proj_r', name: 'Research' }],
  invites: [],
};

const ADOPTED = 'the answer was lost, but the server had made it: adopted, not created twice';

describe('a create whose answer is lost is adopted, not doubled', () => {
  let emulator: RunningEmulator;
  let work: TempDir;
  const target = (): CliTarget => ({ url: emulator.url, adminKey: KEY });

  beforeAll(async () => {
    emulator = await startEmulator({ seed: ADOPT_BASE });
    work = await TempDir.create('adopt');
  });
  afterAll(async () => {
    await emulator.close();
    await work.remove();
  });

  async function applyOnce(name: string, yaml: string, rule: FaultRule, secretsDir?: string): Promise<{ stdout: string; file: string }> {
    emulator.setState(ADOPT_BASE);
    emulator.setFaults([{ ...rule, count: 1 }]);
    const file = await work.write(name, yaml);
    const args = ['apply', file, '--auto-approve', '--no-color', ...(secretsDir ? ['--secrets-dir', secretsDir] : [])];
    const applied = await runCli(args, target());
    emulator.setFaults([]);
    // The fault did fire, exactly once.
    expect(emulator.requests().filter((r) => r.fault === 'commit_then_fail')).toHaveLength(1);
    emulator.resetRequests();
    expect(applied.stderr).toBe('');
    expect(applied.code, applied.stdout).toBe(0);
    return { stdout: applied.stdout, file };
  }

  async function expectNoChanges(file: string): Promise<void> {
    const plan = await runCli(['plan', file, '--detailed-exitcode', '--no-color'], target());
    expect(plan.stdout, plan.stderr).toContain('No changes.');
    expect(plan.code).toBe(0);
  }

  it('project', async () => {
    const { stdout, file } = await applyOnce(
      'project.yaml',
      'version: 1\nprojects:\n  Fresh:\n    spend_alerts:\n      - { threshold_amount: 700, recipients: [x@example.com] }\n',
      { method: 'POST', path: '/organization/projects', kind: 'commit_then_fail' },
    );
    expect(stdout).toMatch(new RegExp(`✓ applied\\s+project\\["Fresh"\\]\\n\\s+${escape(ADOPTED)}`));
    const fresh = emulator.getState().projects.filter((p) => p.name === 'Fresh');
    expect(fresh).toHaveLength(1);
    // What depends on the adopted project went into it.
    expect(fresh[0]?.spend_alerts.map((a) => a.threshold_amount)).toEqual([700]);
    await expectNoChanges(file);
  });

  it('spend alert', async () => {
    const { stdout, file } = await applyOnce(
      'alert.yaml',
      'version: 1\nprojects:\n  Research:\n    spend_alerts:\n      - { threshold_amount: 5000, recipients: [x@example.com] }\n',
      { method: 'POST', path: '/organization/projects/*/spend_alerts', kind: 'commit_then_fail', then: 502 },
    );
    expect(stdout).toMatch(new RegExp(`✓ applied\\s+project\\["Research"\\]\\.spend_alert\\[5000\\]\\n\\s+${escape(ADOPTED)}`));
    expect(emulator.getState().projects.find((p) => p.id === 'proj_r')?.spend_alerts).toHaveLength(1);
    await expectNoChanges(file);
  });

  it('invite', async () => {
    const { stdout, file } = await applyOnce(
      'invite.yaml',
      'version: 1\ninvites:\n  - email: new@example.com\n    role: reader\n    projects: [{ project: Research, role: member }]\nprojects:\n  Research: {}\n',
      { method: 'POST', path: '/organization/invites', kind: 'commit_then_fail', then: 503 },
    );
    expect(stdout).toMatch(new RegExp(`✓ applied\\s+invite\\["new@example.com"\\]\\n\\s+${escape(ADOPTED)}`));
    expect(pendingInvites(emulator.getState()).filter((i) => i.email === 'new@example.com')).toHaveLength(1);
    await expectNoChanges(file);
  });

  it('service account', async () => {
    const secrets = work.path('secrets-sa');
    const { stdout, file } = await applyOnce(
      'sa.yaml',
      'version: 1\nprojects:\n  Research:\n    service_accounts:\n      - { name: ci-bot, role: member }\n',
      { method: 'POST', path: '/organization/projects/*/service_accounts', kind: 'commit_then_fail' },
      secrets,
    );
    expect(stdout).toMatch(new RegExp(`✓ applied\\s+project\\["Research"\\]\\.service_account\\["ci-bot"\\]\\n\\s+${escape(ADOPTED)}`));
    expect(emulator.getState().projects.find((p) => p.id === 'proj_r')?.service_accounts.map((a) => a.name)).toEqual(['ci-bot']);
    await expectNoChanges(file);
  });

  // The server makes an account `member` (or `none` without a key): an adopted one still needs
  // the role the file gives it (service-account.ts `completeAdopted`), or the next plan is not empty.
  for (const [role, withKey] of [['owner', true], ['member', false]] as const) {
    it(`an adopted service account also gets its role (${role}, ${withKey ? 'with' : 'without'} a key)`, async () => {
      const secrets = withKey ? work.path(`secrets-${role}`) : undefined;
      const { stdout, file } = await applyOnce(
        `sa-${role}.yaml`,
        `version: 1\nprojects:\n  Research:\n    service_accounts:\n      - { name: deployer, role: ${role} }\n`,
        { method: 'POST', path: '/organization/projects/*/service_accounts', kind: 'commit_then_fail' },
        secrets,
      );
      const accounts = emulator.getState().projects.find((p) => p.id === 'proj_r')?.service_accounts;
      expect(accounts?.map((a) => [a.name, a.role])).toEqual([['deployer', role]]);
      if (secrets) {
        // The first key was in the lost answer: a new one is made, and kept like the first would have been.
        const [name] = await readdir(secrets);
        expect(name).toMatch(/^Research\.deployer\.proj_r\./);
        const keyFile = join(secrets, name ?? '');
        expect(stdout).toContain(`its first key was lost with the answer: one-time API key written to ${keyFile} (mode 0600)`);
        const { value } = JSON.parse(await readFile(keyFile, 'utf8')) as { value: string };
        expect(stdout).not.toContain(value);
      }
      await expectNoChanges(file);
    });
  }
});

describe('a create that keeps failing', () => {
  // Found here: the request id was shown twice (the API error's message already names it).
  it('is reported once per line with its request id, and a re-run converges', async () => {
    const emulator = await startEmulator({ seed: ADOPT_BASE });
    const work = await TempDir.create('fail');
    try {
      const target: CliTarget = { url: emulator.url, adminKey: KEY };
      const file = await work.write('fail.yaml', 'version: 1\nprojects:\n  Fresh: {}\n');
      emulator.setFaults([{ method: 'POST', path: '/organization/projects', kind: 'status', status: 500 }]);
      const failed = await runCli(['apply', file, '--auto-approve', '--no-color'], target);
      expect(failed.code).toBe(1);
      // Never sent blindly again: three tries, each after looking for what the last one made.
      expect(emulator.requests().filter((r) => r.method === 'POST')).toHaveLength(3);
      expect(emulator.getState().projects.filter((p) => p.name === 'Fresh')).toEqual([]);
      emulator.setFaults([]);
      expect((await runCli(['apply', file, '--auto-approve'], target)).code).toBe(0);
      expect(emulator.getState().projects.filter((p) => p.name === 'Fresh')).toHaveLength(1);
      const line = failed.stdout.split('\n').find((l) => l.startsWith('✗ failed')) ?? '';
      expect(line).toMatch(/\(request id req_\w+\)$/);
      expect(line.match(/request id/g)).toHaveLength(1);
    } finally {
      await emulator.close();
      await work.remove();
    }
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
