// An update whose answer is lost every time (the server makes it, then answers 503) is read back
// and reported as what is live, not as a failure of a change the server made.

import { describe, expect, it } from 'vitest';
import { runCli, skippingClock, useEmulator } from '../e2e/harness.js';
import { busyOrg } from '../e2e/seeds.js';

const env = useEmulator(busyOrg);

describe('an update whose answer is lost', () => {
  it('is read back: applied when the server made it, and the next plan is empty', async () => {
    const file = await env.work.write(
      'lost-update.yaml',
      'version: 1\nusers:\n  - { email: owner@example.com, role: owner }\n  - { email: carol@example.com, role: owner }\n  - { email: bob@example.com, role: owner }\n',
    );
    env.emulator.setFaults([{ method: 'POST', path: '/organization/users/*', kind: 'commit_then_fail', count: 100 }]);
    const applied = await runCli(['apply', file, '--auto-approve'], env.target(), { clock: skippingClock() });
    env.emulator.setFaults([]);
    expect(env.emulator.requests().some((r) => r.fault === 'commit_then_fail')).toBe(true);
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    expect(applied.stdout).toMatch(/✓ applied\s+user\["bob@example.com"\]\n\s+the answer was lost, but a re-read shows the change was made/);
    expect(env.emulator.getState().users.find((u) => u.email === 'bob@example.com')?.role).toBe('owner');
    const again = await runCli(['plan', file, '--detailed-exitcode'], env.target());
    expect(again.stdout).toContain('No changes.');
  });

  it('covers settings too: a project\'s model permissions and data retention', async () => {
    const file = await env.work.write(
      'lost-settings.yaml',
      'version: 1\nprojects:\n  Research:\n    data_retention: zero_data_retention\n    model_permissions: { mode: allow_list, model_ids: [o3] }\n',
    );
    env.emulator.setFaults([
      { method: 'POST', path: '/organization/projects/*/data_retention', kind: 'commit_then_fail', count: 100 },
      { method: 'POST', path: '/organization/projects/*/model_permissions', kind: 'commit_then_fail', count: 100 },
    ]);
    const applied = await runCli(['apply', file, '--auto-approve'], env.target(), { clock: skippingClock() });
    env.emulator.setFaults([]);
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    expect(applied.stdout.match(/a re-read shows the change was made/g)).toHaveLength(2);
    const again = await runCli(['plan', file, '--detailed-exitcode'], env.target());
    expect(again.stdout).toContain('No changes.');
  });

  it('is reported failed, with what is live, when the server did not make it', async () => {
    const file = await env.work.write('lost-update-2.yaml', 'version: 1\nprojects:\n  Research:\n    members:\n      - { email: owner@example.com, role: member }\n');
    // Every answer is a 503 and nothing is made.
    env.emulator.setFaults([{ method: 'POST', path: '/organization/projects/*/users/*', kind: 'status', status: 503, count: 100 }]);
    const applied = await runCli(['apply', file, '--auto-approve'], env.target(), { clock: skippingClock() });
    env.emulator.setFaults([]);
    expect(applied.code).toBe(1);
    expect(applied.stdout).toContain('the answer was lost, and a re-read shows it is {"email":"owner@example.com","role":"owner"}: not changed');
  });
});
