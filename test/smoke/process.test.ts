// What only a real process shows: the built bin/orgform.js as a child process against the
// emulator. Exit codes and the stdout/stderr split as a shell sees them, the confirmation prompt
// on a pseudo-terminal, a real SIGINT, and `demo`. Everything else runs the CLI in-process
// (test/e2e/harness.ts runCli).

import { stat } from 'node:fs/promises';
import { afterAll, beforeAll, describe, it, type TestContext } from 'vitest';
import type { EmulatorSeed } from '../../src/emulator/index.js';
import { emulatorForTest, runCliOnTty, runCliProcess, Workdir, type CliTarget } from '../e2e/harness.js';
import { emptyOrg } from '../e2e/seeds.js';

const RETENTION = 'version: 1\norganization:\n  data_retention: zero_data_retention\n';
let work: Workdir;
beforeAll(async () => {
  work = await Workdir.create('smoke');
});
afterAll(() => work.remove());

/** The tests run at once (each waits on its child process), each against an org of its own. */
async function orgFor(context: TestContext, seed: EmulatorSeed = emptyOrg()) {
  const emulator = await emulatorForTest(seed, context);
  return { emulator, target: (): CliTarget => ({ url: emulator.url, adminKey: emulator.adminKey }) };
}

describe.concurrent('exit codes and the two streams', () => {
  it('plan: the document on stdout alone, exit 2 on changes, exit 1 with the error on stderr alone', async (context) => {
    const { expect } = context;
    const { target } = await orgFor(context);
    const file = await work.write('smoke.yaml', RETENTION);
    const json = await runCliProcess(['plan', file, '--format', 'json', '--detailed-exitcode'], target());
    expect(json.code).toBe(2);
    expect(json.stderr).toBe('');
    expect((JSON.parse(json.stdout) as { changes: unknown[] }).changes).toHaveLength(1);

    const bad = await work.write('smoke-bad.yaml', 'version: 1\nprojects:\n  R:\n    data_retention: forever\n');
    const refused = await runCliProcess(['plan', bad], target());
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toContain(`${bad}:4:21:`);
  });

  it('apply --format json: JSON Lines events on stdout (the plan first), the report on stderr, exit 0', async (context) => {
    const { expect } = context;
    const { target } = await orgFor(context);
    const file = await work.write('smoke-apply.yaml', RETENTION);
    const applied = await runCliProcess(['apply', file, '--auto-approve', '--format', 'json'], target());
    expect(applied.code, applied.stderr).toBe(0);
    const events = applied.stdout.trim().split('\n').map((l) => JSON.parse(l) as { type: string; plan?: { changes: unknown[] } });
    expect(events[0]?.plan?.changes).toHaveLength(1);
    expect(events.map((e) => e.type)).toEqual(['apply_started', 'change_started', 'change_applied', 'summary']);
    expect(applied.stderr).toContain('Apply complete: 1 applied, 0 failed, 0 skipped.');
  });
});

describe.concurrent('confirmation on a TTY', () => {
  it('asks, applies on yes, and changes nothing on anything else', async (context) => {
    const { expect } = context;
    const { emulator, target } = await orgFor(context);
    const file = await work.write('ask.yaml', RETENTION);
    const declined = await runCliOnTty(['apply', file], target(), 'no\n');
    expect(declined.stdout).toContain('Apply cancelled. Nothing was changed.');
    expect(declined.code).toBe(1);
    expect(emulator.getState().organization.data_retention).toBe('modified_abuse_monitoring');
    const accepted = await runCliOnTty(['apply', file], target(), 'yes\n');
    expect(accepted.stdout).toContain('Apply complete: 1 applied, 0 failed, 0 skipped.');
    expect(accepted.code).toBe(0);
    expect(emulator.getState().organization.data_retention).toBe('zero_data_retention');
  });
});

describe.concurrent('a real SIGINT', () => {
  it('stops starting changes, lets in-flight ones finish, and reports what was done', async (context) => {
    const { expect } = context;
    const { emulator, target } = await orgFor(context, { ...emptyOrg(), projects: [{ id: 'proj_r', name: 'R' }] });
    const alerts = Array.from({ length: 15 }, (_, i) => `      - { threshold_amount: ${(i + 1) * 100}, recipients: [a@example.com] }`);
    const file = await work.write('slow.yaml', `version: 1\nprojects:\n  R:\n    spend_alerts:\n${alerts.join('\n')}\n`);
    emulator.setLatency(150);
    const result = await runCliProcess(['apply', file, '--auto-approve', '--concurrency', '1'], target(), { signalWhen: '✓ applied' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Received SIGINT');
    const applied = (result.stdout.match(/✓ applied/g) ?? []).length;
    expect(applied).toBeGreaterThan(0);
    expect(applied).toBeLessThan(15);
    expect(emulator.getState().projects.find((p) => p.id === 'proj_r')?.spend_alerts.length).toBe(applied);
  });
});

describe.concurrent('a second SIGINT', () => {
  it('exits at once (130) with a one-line note, not waiting for the change in flight', async (context) => {
    const { expect } = context;
    // An update, whose POST is the change's first request (a create lists before it).
    const alert = { id: 'alert_s', threshold_amount: 100, notification_channel: { recipients: ['old@example.com'] } };
    const { emulator, target } = await orgFor(context, { ...emptyOrg(), projects: [{ id: 'proj_sigint', name: 'S', spend_alerts: [alert] }] });
    // The alert's POST takes 30 s: after the first SIGINT, apply would wait for it.
    emulator.setFaults([{ kind: 'latency', ms: 30_000, method: 'POST', path: '/organization/projects/proj_sigint/spend_alerts/alert_s', count: 1 }]);
    const file = await work.write('sigint.yaml', 'version: 1\nprojects:\n  S:\n    spend_alerts:\n      - { threshold_amount: 100, recipients: [a@example.com] }\n');
    const result = await runCliProcess(['apply', file, '--auto-approve', '--format', 'json'], target(), {
      signalWhen: '"type":"change_started"',
      signalAgainWhen: 'Received SIGINT:',
    });
    expect(result.code).toBe(130);
    const lines = result.stderr.trim().split('\n');
    expect(lines.at(-2)).toMatch(/^Received SIGINT: starting no new changes and cancelling waits and retries \(1 planned\)\. Again to exit at once\.$/);
    expect(lines.at(-1)).toBe('Received SIGINT again: exiting now. Changes in flight may or may not have been made: run plan to see where the organization stands.');
    // It did not wait for the POST in flight (which is still sleeping in the emulator), nor report.
    expect(emulator.getState().projects.find((p) => p.id === 'proj_sigint')?.spend_alerts.map((a) => a.notification_channel.recipients)).toEqual([
      ['old@example.com'],
    ]);
    expect(result.stdout).not.toContain('"type":"summary"');
  });
});

describe.concurrent('npm start', () => {
  it('orgform demo plans, applies and re-plans examples/org.yaml against the built-in emulator, with no key', async ({ expect }) => {
    const demo = await runCliProcess(['demo'], null);
    expect(demo.stderr).toBe('');
    expect(demo.code).toBe(0);
    expect(demo.stdout).toContain('Plan: 11 to create, 6 to update, 5 to delete, 1 to archive.');
    expect(demo.stdout).toContain('Apply complete: 22 applied, 0 failed, 0 skipped.');
    expect(demo.stdout.trimEnd().split('\n').slice(-3).join('\n')).toContain('No changes.');
    // The new service account's one-time key went to its file, and nowhere in the output; the
    // demo's temporary secrets directory is removed at exit (its keys die with the emulator).
    const keyFile = /one-time API key written to (\S+\.json)/.exec(demo.stdout)?.[1] ?? '';
    expect(keyFile).toMatch(/orgform-demo-secrets-/);
    await expect(stat(keyFile)).rejects.toThrow();
    expect(demo.stdout).not.toMatch(/sk-svcacct-[A-Za-z0-9_-]{20,}/);
  });
});
