// Templates end to end: `plan --explain` says where an inherited value is set (text, JSON, a saved
// plan, apply's preview), and a null clears a default so that nothing of it is applied.

import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { Plan } from '../../src/plan/types.js';
import { validatePlanDocument } from '../../src/render/index.js';
import { runCli, useEmulator } from './harness.js';
import { emptyOrg } from './seeds.js';

// A live project whose members and retention the file must not touch once a null clears the defaults.
const env = useEmulator(() => ({
  ...emptyOrg(),
  users: [
    { email: 'owner@example.com', role: 'owner' },
    { email: 'bob@example.com', role: 'reader' },
  ],
  projects: [
    {
      id: 'proj_kept',
      name: 'Kept',
      data_retention: 'none',
      members: [
        { email: 'owner@example.com', role: 'owner' },
        { email: 'bob@example.com', role: 'member' },
      ],
    },
  ],
}));
const target = () => env.target();

const ORG = `version: 1
defaults:
  data_retention: zero_data_retention
  members: [{ email: owner@example.com, role: owner }]
templates:
  standard:
    spend_limit: { threshold_amount: 100000 }
projects:
  New: { extends: [standard] }
  Kept:
    extends: [standard]
    data_retention: null
    members: null
`;
const lineOf = (text: string, start: string): number => text.split('\n').findIndex((l) => l.startsWith(start)) + 1;

const write = () => env.work.write('org.yaml', ORG);
const inWork = () => ({ cwd: env.work.dir });

describe('plan --explain', () => {
  it('says where each inherited value is set, in text, and nothing without --explain', async () => {
    await write();
    const plain = await runCli(['plan', 'org.yaml'], target(), inWork());
    expect(plain.code).toBe(0);
    expect(plain.stdout).not.toContain('(from ');
    const explained = await runCli(['plan', 'org.yaml', '--explain'], target(), inWork());
    expect(explained.code).toBe(0);
    expect(explained.stdout).toContain(
      `  + project["New"].spend_limit\n      threshold_amount: 100000\n      spend_limit.threshold_amount = 100000   (from template "standard", org.yaml:${lineOf(ORG, '    spend_limit:')})\n`,
    );
    expect(explained.stdout).toContain(`      data_retention = zero_data_retention   (from defaults, org.yaml:${lineOf(ORG, '  data_retention:')})\n`);
    expect(explained.stdout).toContain(`      members   (from defaults, org.yaml:${lineOf(ORG, '  members:')})\n`);
  });

  it('carries the sources in JSON, valid against the plan schema, and through a saved plan to apply', async () => {
    await write();
    const json = await runCli(['plan', 'org.yaml', '--explain', '--format', 'json', '--no-attribution'], target(), inWork());
    expect(json.code).toBe(0);
    const plan = JSON.parse(json.stdout) as Plan;
    expect(validatePlanDocument(plan)).toEqual([]);
    const limit = plan.changes.find((c) => c.address === 'project["New"].spend_limit');
    expect(limit?.sources).toEqual({
      '/projects/New/spend_limit/threshold_amount': {
        from: 'template',
        template: 'standard',
        file: 'org.yaml',
        line: lineOf(ORG, '    spend_limit:'),
        column: ORG.split('\n')[lineOf(ORG, '    spend_limit:') - 1]?.indexOf('threshold_amount') as number + 1,
        value: 100000,
      },
    });
    // A project's own change has sources only for the create-time fields the file gives: none here.
    expect(plan.changes.find((c) => c.address === 'project["New"]')?.sources).toBeUndefined();

    const saved = await runCli(['plan', 'org.yaml', '--explain', '--out', 'plan.json'], target(), inWork());
    expect(saved.code).toBe(0);
    const onDisk = JSON.parse(await readFile(env.work.path('plan.json'), 'utf8')) as Plan;
    expect(onDisk.changes.find((c) => c.address === 'project["New"].spend_limit')?.sources).toEqual(limit?.sources);
    // Sources are commentary: the saved plan is not stale against a fresh plan without them.
    const applied = await runCli(['apply', 'plan.json', '--auto-approve'], target(), inWork());
    expect(applied.stderr).not.toContain('stale');
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain('spend_limit.threshold_amount = 100000   (from template "standard"');
  });

  it('shows the sources in apply FILE --explain', async () => {
    await write();
    const applied = await runCli(['apply', 'org.yaml', '--explain', '--auto-approve'], target(), inWork());
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain('data_retention = zero_data_retention   (from defaults, org.yaml:3)');
  });
});

describe('null clears a default', () => {
  it('applies nothing of the cleared defaults to the project that clears them', async () => {
    await write();
    const json = await runCli(['plan', 'org.yaml', '--format', 'json', '--no-attribution'], target(), inWork());
    expect(json.code).toBe(0);
    const addresses = (JSON.parse(json.stdout) as Plan).changes.map((c) => c.address);
    // New takes the defaults; Kept takes the template's limit and nothing of the cleared defaults.
    expect(addresses).toEqual(
      expect.arrayContaining(['project["New"].data_retention', 'project["New"].member["owner@example.com"]', 'project["Kept"].spend_limit']),
    );
    expect(addresses.filter((a) => a.startsWith('project["Kept"]'))).toEqual(['project["Kept"].spend_limit']);

    const applied = await runCli(['apply', 'org.yaml', '--auto-approve'], target(), inWork());
    expect(applied.code).toBe(0);
    const again = await runCli(['plan', 'org.yaml', '--detailed-exitcode'], target(), inWork());
    expect(again.code).toBe(0);
    // Bob, whom the default members list would have removed, is still in the project.
    const state = env.emulator.getState();
    const kept = state.projects.find((p) => p.name === 'Kept');
    const emailOf = new Map(state.users.map((u) => [u.id, u.email]));
    expect(kept?.data_retention).toBe('none');
    expect(kept?.members.map((m) => emailOf.get(m.user_id)).sort()).toEqual(['bob@example.com', 'owner@example.com']);
  });
});
