// The 200-project example with one template and two policies: it validates, plans, applies,
// round-trips through export, and a violating edit is refused with the rule, object and line.
// Library calls against the in-process emulator over loopback.

import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/apply/apply.js';
import { loadConfigText, loadEffectiveText, type Origins } from '../../src/config/index.js';
import type { DesiredOrg } from '../../src/config/model.js';
import { startEmulator, type EmulatorSeed, type RunningEmulator } from '../../src/emulator/index.js';
import { readAll } from '../../src/export/read-all.js';
import { liveToConfig } from '../../src/export/to-config.js';
import { readLive, scopeOfConfig } from '../../src/live/read.js';
import { explainPlan } from '../../src/planner/explain.js';
import { makePlan } from '../../src/planner/plan.js';
import { AdminClient } from '../../src/providers/openai/client.js';

const FILE = 'examples/templates/org.yaml';
const TEXT = readFileSync(new URL(`../../${FILE}`, import.meta.url), 'utf8');
const KEY = 'sk-admin-templates-test';
const SEED: EmulatorSeed = {
  organization: { id: 'org-tpl', name: 'Templates' },
  admin_keys: [{ id: 'key_1', name: 'k', value: KEY, owner_email: 'owner@example.com' }],
  users: [{ id: 'user_owner', email: 'owner@example.com', name: 'Owner', role: 'owner' }],
  projects: [],
};

/** Where each effective value of `text` is written (what plan --explain reads). */
function origins(text: string): Origins {
  const result = loadEffectiveText(text, FILE);
  if ('errors' in result) throw new Error(result.errors.map((e) => e.message).join('\n'));
  return result.origins;
}

function load(text: string): DesiredOrg {
  const result = loadConfigText(text, FILE);
  if ('errors' in result) throw new Error(result.errors.map((e) => `${e.line}:${e.col} ${e.message}`).join('\n'));
  return result.config;
}

describe('templates and policies at 200 projects', () => {
  let emulator: RunningEmulator;
  let client: AdminClient;
  beforeAll(async () => {
    emulator = await startEmulator({ seed: SEED });
    client = new AdminClient({ baseUrl: emulator.url, adminKey: KEY, concurrency: 16 });
  });
  afterAll(async () => {
    await client.close();
    await emulator.close();
  });

  const planOf = async (desired: DesiredOrg) => makePlan(desired, await readLive(client, scopeOfConfig(desired)), emulator.url);

  it('validates, applies, plans nothing more, and round-trips through export', async () => {
    const desired = load(TEXT);
    expect(desired.projects).toHaveLength(200);
    expect(desired.policy_violations).toEqual([]);
    const plan = await planOf(desired);
    expect(plan.refusals).toEqual([]);
    // Each project: created, its retention, model allow list and spend limit set.
    expect(plan.summary).toEqual({ create: 600, update: 200, delete: 0, archive: 0 });
    // --explain: each of the 600 settings changes says where its values are written.
    const explained = explainPlan(plan, desired, origins(TEXT));
    const settings = explained.changes.filter((c) => c.kind !== 'project');
    expect(settings).toHaveLength(600);
    expect(settings.filter((c) => !c.sources)).toEqual([]);
    const lineOf = (start: string) => TEXT.split('\n').findIndex((l) => l.startsWith(start)) + 1;
    const byAddress = new Map(settings.map((c) => [c.address, c.sources]));
    expect(byAddress.get('project["team-001"].spend_limit')).toEqual({
      '/projects/team-001/spend_limit/threshold_amount': expect.objectContaining({ from: 'template', template: 'standard', line: lineOf('    spend_limit:'), value: 100000 }),
    });
    expect(byAddress.get('project["team-001"].data_retention')).toEqual({
      '/projects/team-001/data_retention': expect.objectContaining({ from: 'defaults', line: lineOf('  data_retention:') }),
    });
    expect(byAddress.get('project["team-050"].model_permissions')?.['/projects/team-050/model_permissions/model_ids']).toEqual(
      expect.objectContaining({ from: 'project', line: lineOf('    model_permissions: { mode: allow_list, model_ids: [gpt-4o, o3] }'), value: ['gpt-4o', 'o3'] }),
    );
    const report = await applyPlan(plan, { client, concurrency: 16 });
    expect(report.outcomes.filter((o) => o.status !== 'applied')).toEqual([]);
    expect((await planOf(desired)).changes).toEqual([]);

    const live = await readAll(client, { rateLimits: false });
    const exported = liveToConfig(live, { source: emulator.url });
    const again = load(exported);
    expect(again.projects.find((p) => p.name === 'team-050')?.model_permissions).toEqual({ mode: 'allow_list', model_ids: ['gpt-4o', 'o3'] });
    expect((await planOf(again)).changes).toEqual([]);

    // --factor: what most projects share is written once, and the file still means the same.
    const factored = liveToConfig(live, { source: emulator.url, factor: true });
    expect(factored).toMatch(/^defaults:\n {2}model_permissions:/m);
    expect(factored).toMatch(/^ {2}team-001: \{\}$/m);
    expect(factored.length).toBeLessThan(exported.length / 3);
    expect((await planOf(load(factored))).changes).toEqual([]);
  });

  it('refuses a violating edit, naming the rule, the object and the line', async () => {
    const edited = TEXT.replace('  team-007: { extends: [standard] }', '  team-007: { extends: [standard], spend_limit: { threshold_amount: 900000 } }');
    const line = edited.split('\n').findIndex((l) => l.startsWith('  team-007:')) + 1;
    const plan = await planOf(load(edited));
    expect(plan.refusals).toEqual([
      {
        rule: 'policy',
        message: expect.stringMatching(
          new RegExp(`^${FILE.replace(/\./g, '\\.')}:${line}:\\d+: policy spend_limit: project "team-007" has a spend limit of 9000\\.00 USD, over 5000\\.00 USD$`),
        ),
      },
    ]);
    // A change the template makes (every project) points at the template's line.
    const stricter = load(TEXT.replace('    spend_limit: { threshold_amount: 100000 }', '    spend_limit: { threshold_amount: 600000 }'));
    const templateLine = TEXT.split('\n').findIndex((l) => l === '    spend_limit: { threshold_amount: 100000 }') + 1;
    expect(stricter.policy_violations).toHaveLength(200);
    expect(new Set(stricter.policy_violations?.map((v) => v.pos.line))).toEqual(new Set([templateLine]));
  });
});
