// The round trip under every behaviour profile: export → plan (no changes) → drift in the live
// org → apply → plan (no changes). Where the contract is silent, each plausible answer must give
// the same plans. (The list_page profiles cannot converge by design: lists-fail-closed.test.ts.)
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { BehaviourSettings, EmulatorSeed, EmulatorState } from '../../src/emulator/index.js';
import { runCli, useEmulator } from './harness.js';
import { busyOrg } from './seeds.js';

function seed(): EmulatorSeed {
  const org = busyOrg();
  const [research, old] = org.projects ?? [];
  return {
    ...org,
    projects: [
      { ...research!, service_accounts: [{ name: 'ci-bot', role: 'member' }] },
      old!,
      { id: 'proj_plain', name: 'Plain' },
    ],
  };
}

const env = useEmulator(seed);

/** Someone changed the org by hand: settings, a member, a service account, a whole project. */
function drift(state: EmulatorState): EmulatorState {
  const next = structuredClone(state);
  const project = (name: string) => next.projects.find((p) => p.name === name)!;
  const research = project('Research');
  research.model_permissions = null;
  research.spend_limit = { currency: 'USD', interval: 'month', threshold_amount: 9999, enforcement_status: 'inactive' };
  research.data_retention = 'zero_data_retention';
  research.service_accounts = [];
  research.api_keys = research.api_keys.filter((k) => k.owner.type !== 'service_account');
  research.members = [];
  project('Plain').model_permissions = { mode: 'allow_list', model_ids: ['o3'] };
  // An org role: the one drift here the audit log has an event type for (user.updated).
  next.users = next.users.map((u) => (u.email === 'bob@example.com' ? { ...u, role: 'owner' } : u));
  next.projects = next.projects.filter((p) => p.name !== 'Old');
  return next;
}

const PROFILES: [string, Partial<BehaviourSettings>][] = [
  ['the default answers', {}],
  ['unset model permissions as 404', { model_permissions_unset: '404' }],
  ['unset spend limit as 200 inactive', { spend_limit_unset: 'inactive' }],
  ['admin-key audit events on the default project', { audit_admin_key_project: 'default' }],
  ['audit logs forbidden', { audit_logs: 'forbidden' }],
  ['re-archive answering 400', { rearchive: '400' }],
  ['read-after-create 404 for 500 ms', { read_after_create_404_ms: 500 }],
  ['throttle 429s with only a body hint', { throttle_hint: 'body' }],
  ['creates answering 201', { create_status: '201' }],
  ['admin key redactions orgform cannot match', { admin_key_redaction: 'masked' }],
  [
    'all of them at once',
    {
      model_permissions_unset: '404',
      spend_limit_unset: 'inactive',
      audit_admin_key_project: 'default',
      audit_logs: 'forbidden',
      rearchive: '400',
      read_after_create_404_ms: 500,
      throttle_hint: 'body',
      create_status: '201',
      admin_key_redaction: 'masked',
    },
  ],
];

describe('export → plan → drift → apply → plan under each behaviour profile', () => {
  for (const [name, profile] of PROFILES) {
    it(name, async () => {
      env.emulator.setBehaviour(profile);
      env.emulator.setThrottle(profile.throttle_hint === 'body' ? { requestsPerMinute: 30 } : null);
      try {
        const file = env.work.path('exported.yaml');
        const exported = await runCli(['export', '--out', file, '--force'], env.target());
        expect(exported.code, exported.stderr).toBe(0);

        const first = await runCli(['plan', file, '--detailed-exitcode'], env.target());
        expect(first.stdout).toContain('No changes.');
        expect(first.code, first.stderr).toBe(0);

        env.emulator.setState(drift(env.emulator.getState()));
        const drifted = await runCli(['plan', file, '--detailed-exitcode'], env.target());
        expect(drifted.code, drifted.stderr).toBe(2);
        expect(drifted.stdout).toMatch(/Plan: 3 to create, 3 to update, 2 to delete, 0 to archive\./);
        if (profile.audit_logs === 'forbidden') expect(drifted.stdout).toContain('no attribution: the audit log could not be read');
        if (profile.admin_key_redaction === 'masked') expect(drifted.stdout).toContain('the key-owner guard is off');

        const applied = await runCli(['apply', file, '--auto-approve'], env.target());
        expect(applied.code, `${applied.stdout}\n${applied.stderr}`).toBe(0);
        if (profile.read_after_create_404_ms) {
          // The new project's retention was read back through its 404s, not given up on.
          expect(applied.stdout).not.toContain('could not be read back');
          const reads = env.emulator.requests().filter((r) => r.endpoint === 'GET /organization/projects/{project_id}/data_retention');
          expect(reads.map((r) => r.status)).toContain(404);
          await sleep(profile.read_after_create_404_ms);
        }

        const last = await runCli(['plan', file, '--detailed-exitcode'], env.target());
        expect(last.stdout).toContain('No changes.');
        expect(last.code, last.stdout).toBe(0);
        expect(env.emulator.getState().projects.filter((p) => p.name === 'Old' && p.status === 'active')).toHaveLength(1);
      } finally {
        env.emulator.setBehaviour({});
        env.emulator.setThrottle(null);
      }
    });
  }
});

describe('re-archive answering 400', () => {
  it('an archive whose answer was lost, retried into "already archived", is done', async () => {
    env.emulator.setBehaviour({ rearchive: '400' });
    env.emulator.setFaults([{ kind: 'commit_then_fail', method: 'POST', path: '/v1/organization/projects/*/archive', count: 1 }]);
    try {
      const file = await env.work.write('archive.yaml', 'version: 1\nprojects:\n  Old: { archived: true }\n');
      const applied = await runCli(['apply', file, '--auto-approve', '--allow-destroy'], env.target());
      expect(applied.code, `${applied.stdout}\n${applied.stderr}`).toBe(0);
      const archives = env.emulator.requests().filter((r) => r.endpoint === 'POST /organization/projects/{project_id}/archive');
      expect(archives.map((r) => r.status)).toEqual([0, 400]);
      expect(env.emulator.getState().projects.find((p) => p.name === 'Old')?.status).toBe('archived');
      const again = await runCli(['plan', file, '--detailed-exitcode'], env.target());
      expect(again.code, again.stdout).toBe(0);
    } finally {
      env.emulator.setBehaviour({});
      env.emulator.setFaults([]);
    }
  });
});
