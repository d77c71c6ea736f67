// Apply runs on the dependency graph, not by phase: a change starts only after everything it
// depends on was applied, whatever the concurrency, and a failure skips exactly its dependents.
// Real kinds against the in-process emulator over loopback.

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { applyPlan } from '../../../src/apply/apply.js';
import type { Outcome } from '../../../src/apply/types.js';
import { startEmulator, type EmulatorSeed, type RunningEmulator } from '../../../src/emulator/index.js';
import { InternalError } from '../../../src/errors.js';
import { PlanBuilder } from '../../../src/plan/builder.js';
import type { Change } from '../../../src/plan/types.js';
import { orderChanges } from '../../../src/planner/order.js';
import { AdminClient } from '../../../src/providers/openai/client.js';
import { plan } from '../render/build.js';

const KEY = 'sk-admin-graph-test';
const SEED: EmulatorSeed = {
  organization: { id: 'org-graph', name: 'Graph' },
  admin_keys: [{ id: 'key_1', name: 'k', value: KEY, owner_email: 'owner@example.com' }],
  users: [{ id: 'user_owner', email: 'owner@example.com', name: 'Owner', role: 'owner' }],
  projects: [{ id: 'proj_old', name: 'Old' }],
};

/** Three project changes of one phase: "B" (a rename) depends on "A"; "C" on nothing. */
function threeChanges(failA: boolean): Change[] {
  const out = new PlanBuilder();
  const a = failA
    ? out.add({ action: 'update', kind: 'project', address: 'project["A"]', before: { name: 'Gone' }, after: { name: 'A' }, target_id: 'proj_missing' })
    : out.add({ action: 'create', kind: 'project', address: 'project["A"]', before: null, after: { name: 'A' } });
  out.add({ action: 'update', kind: 'project', address: 'project["B"]', before: { name: 'Old' }, after: { name: 'B' }, target_id: 'proj_old', dependsOn: [a.id] });
  out.add({ action: 'create', kind: 'project', address: 'project["C"]', before: null, after: { name: 'C' } });
  return orderChanges(out.changes);
}

describe('applyPlan schedules on the dependency graph', () => {
  let emulator: RunningEmulator;
  let client: AdminClient;
  beforeAll(async () => {
    emulator = await startEmulator({ seed: SEED, latencyMs: 25 });
    client = new AdminClient({ baseUrl: emulator.url, adminKey: KEY });
  });
  afterAll(async () => {
    await client.close();
    await emulator.close();
  });
  beforeEach(() => {
    emulator.setState(SEED);
    emulator.resetRequests();
  });

  it.each([1, 16])('starts a same-phase dependent only after its dependency applied (concurrency %i)', async (concurrency) => {
    const changes = threeChanges(false);
    let requestsWhenAWasApplied = -1;
    const report = await applyPlan(plan(changes), {
      client,
      concurrency,
      onOutcome: (o: Outcome) => {
        if (o.change.address === 'project["A"]') requestsWhenAWasApplied = emulator.requests().length;
      },
    });
    expect(report.outcomes.map((o) => [o.change.address, o.status])).toEqual([
      ['project["A"]', 'applied'],
      ['project["B"]', 'applied'],
      ['project["C"]', 'applied'],
    ]);
    const rename = emulator.requests().findIndex((r) => r.path.endsWith('/organization/projects/proj_old'));
    expect(requestsWhenAWasApplied).toBeGreaterThan(0);
    expect(rename).toBeGreaterThanOrEqual(requestsWhenAWasApplied);
    const names = emulator.getState().projects.map((p) => p.name).sort();
    expect(names).toEqual(['A', 'B', 'C']);
  });

  it.each([1, 16])('skips the dependents of a failure, naming it, and nothing else (concurrency %i)', async (concurrency) => {
    const report = await applyPlan(plan(threeChanges(true)), { client, concurrency });
    const byAddress = new Map(report.outcomes.map((o) => [o.change.address, o]));
    expect(byAddress.get('project["A"]')?.status).toBe('failed');
    expect(byAddress.get('project["B"]')).toMatchObject({ status: 'skipped', error: 'depends on update project["A"], which failed' });
    expect(byAddress.get('project["C"]')?.status).toBe('applied');
    expect(emulator.requests().some((r) => r.path.endsWith('/proj_old'))).toBe(false);
  });
});

describe('orderChanges', () => {
  it('rejects a dependency cycle as an internal error', () => {
    const out = new PlanBuilder();
    out.add({ action: 'create', kind: 'project', address: 'project["A"]', before: null, after: { name: 'A' }, dependsOn: ['create project["B"]'] });
    out.add({ action: 'create', kind: 'project', address: 'project["B"]', before: null, after: { name: 'B' }, dependsOn: ['create project["A"]'] });
    expect(() => orderChanges(out.changes)).toThrow(InternalError);
    expect(() => orderChanges(out.changes)).toThrow(/cycle/);
  });

  it('prints removals after every addition and archives last, in a stable order', () => {
    const out = new PlanBuilder();
    out.add({ action: 'archive', kind: 'project', address: 'project["Z"]', before: { name: 'Z' }, after: null, target_id: 'p1' });
    out.add({ action: 'delete', kind: 'user', address: 'user["a@x"]', before: { email: 'a@x' }, after: null, target_id: 'u1' });
    out.add({ action: 'update', kind: 'user', address: 'user["b@x"]', before: { role: 'reader' }, after: { role: 'owner' }, target_id: 'u2' });
    out.add({ action: 'create', kind: 'project', address: 'project["N"]', before: null, after: { name: 'N' } });
    expect(orderChanges(out.changes).map((c) => c.id)).toEqual([
      'create project["N"]',
      'update user["b@x"]',
      'delete user["a@x"]',
      'archive project["Z"]',
    ]);
  });
});
