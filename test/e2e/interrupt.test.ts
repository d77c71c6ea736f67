// An interrupt during apply reaches the HTTP client: a change waiting out a throttle stops
// waiting, nothing new starts, and the report says what was done and what was not.

import { describe, expect, it } from 'vitest';
import { runCli, useEmulator } from './harness.js';
import { emptyOrg } from './seeds.js';

const t = useEmulator(emptyOrg);

// Updates, not creates: a create also lists before and after it (apply/converge.ts), which under
// one request a minute would wait before the first change is done.
function oldAlert(threshold: number) {
  return { id: `alert_${threshold}`, threshold_amount: threshold, notification_channel: { recipients: ['old@example.com'] } };
}

const OPS = {
  ...emptyOrg(),
  projects: [
    {
      id: 'proj_ops',
      name: 'Ops',
      spend_alerts: [100, 200].map(oldAlert),
    },
  ],
};

describe('apply interrupted while a change waits out a throttle', () => {
  it('cancels the wait instead of sitting it out, and reports applied and not applied', async () => {
    t.emulator.setState(OPS);
    // One request a minute per endpoint: the second spend alert's POST is told to wait ~60 s.
    t.emulator.setThrottle({ requestsPerMinute: 1, burst: 1, hint: true });
    const file = await t.work.write(
      'alerts.yaml',
      'version: 1\nprojects:\n  Ops:\n    spend_alerts:\n      - { threshold_amount: 100, recipients: [a@example.com] }\n      - { threshold_amount: 200, recipients: [a@example.com] }\n',
    );
    const started = Date.now();
    // Two at once: the first alert takes the minute's token, the second is told to wait.
    const result = await runCli(['apply', file, '--auto-approve', '--concurrency', '2'], t.target(), {
      signalWhen: 'applied  project["Ops"].spend_alert[100]',
    });
    t.emulator.setThrottle(null);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/Received SIGINT: starting no new changes and cancelling waits and retries/);
    expect(result.stdout).toMatch(/applied {2}project\["Ops"\]\.spend_alert\[100\]/);
    // The second alert met a 429 saying "try again after 60 s": the interrupt ended that wait.
    expect(result.stdout).toMatch(/failed +project\["Ops"\]\.spend_alert\[200\]: .*interrupted while waiting to retry/);
    // The second alert was never changed.
    const alerts = t.emulator.getState().projects.find((p) => p.name === 'Ops')?.spend_alerts ?? [];
    expect(alerts.map((a) => [a.threshold_amount, a.notification_channel.recipients])).toEqual([
      [100, ['a@example.com']],
      [200, ['old@example.com']],
    ]);
  }, 60_000);

  it('the report lists what was done, what failed and what was not started', async () => {
    t.emulator.setState({ ...OPS, projects: [{ id: 'proj_ops', name: 'Ops', spend_alerts: [100, 200, 300].map(oldAlert) }] });
    t.emulator.setThrottle({ requestsPerMinute: 1, burst: 1, hint: true });
    const alerts = [100, 200, 300].map((n) => `      - { threshold_amount: ${n}, recipients: [a@example.com] }`);
    const file = await t.work.write('three.yaml', `version: 1\nprojects:\n  Ops:\n    spend_alerts:\n${alerts.join('\n')}\n`);
    // One at a time: alert 100 is applied; 200 goes out as 100 is reported, meets the throttle
    // and waits; the interrupt comes then, so 200 fails and 300 never starts.
    const result = await runCli(['apply', file, '--auto-approve', '--concurrency', '1'], t.target(), {
      signalWhen: 'applied  project["Ops"].spend_alert[100]',
    });
    t.emulator.setThrottle(null);
    expect(result.code).toBe(1);
    const report = result.stdout.slice(result.stdout.indexOf('Apply interrupted'));
    expect(report).toMatch(/^Apply interrupted: 1 applied, 1 failed, 1 skipped\. Changes not started were left alone; run plan to see what remains\.\n/);
    expect(report).toMatch(/\nFailed:\n {2}project\["Ops"\]\.spend_alert\[200\]: .*interrupted while waiting to retry/);
    expect(report).toMatch(/\nSkipped:\n {2}project\["Ops"\]\.spend_alert\[300\]: apply was interrupted before this change started\n/);
    const live = t.emulator.getState().projects.find((p) => p.name === 'Ops')?.spend_alerts ?? [];
    expect(live.map((a) => [a.threshold_amount, a.notification_channel.recipients])).toEqual([
      [100, ['a@example.com']],
      [200, ['old@example.com']],
      [300, ['old@example.com']],
    ]);
  });
});
