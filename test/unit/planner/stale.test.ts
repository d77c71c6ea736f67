// staleAddresses: a saved plan is applied only when the live state it read and the plan the file
// and the org give now are what they were. Plans from the golden drift case, edited as plain data.

import { describe, expect, it } from 'vitest';
import type { Plan } from '../../../src/plan/types.js';
import { staleAddresses } from '../../../src/planner/stale.js';
import { planCase } from './cases.js';

const saved = (): Plan => planCase('plan-drift-update').plan;

describe('staleAddresses', () => {
  it('finds nothing when the fresh plan is the saved one', () => {
    expect(staleAddresses(saved(), saved())).toEqual([]);
  });

  it('names each live object whose fingerprint changed, appeared or went, in order', () => {
    const plan = saved();
    const [first, second] = Object.keys(plan.fingerprints);
    expect(first && second).toBeTruthy();
    const fingerprints = { ...plan.fingerprints, [first as string]: 'changed', 'project["New"]': 'x' };
    delete fingerprints[second as string];
    expect(staleAddresses(plan, { ...plan, fingerprints })).toEqual(
      [first, second, 'project["New"]'].sort().map((a) => `${a} changed since the plan was made`),
    );
  });

  it('takes where the file sets a value (plan --explain) as commentary, not as a difference', () => {
    const plan = saved();
    const sources = { '/projects/Research/data_retention': { from: 'defaults' as const, file: 'org.yaml', line: 3, column: 3 } };
    const explained = { ...plan, changes: plan.changes.map((c) => ({ ...c, sources })) };
    expect(staleAddresses(explained, plan)).toEqual([]);
  });

  it('refuses a plan with another number of changes (edited by hand, or another orgform)', () => {
    const plan = saved();
    expect(staleAddresses({ ...plan, changes: plan.changes.slice(1) }, plan)).toEqual([
      'the saved plan has another number of changes than the file and the org give now',
    ]);
  });

  it('names a change that differs from what the file and the org give now', () => {
    const plan = saved();
    const [edited, ...rest] = plan.changes;
    if (!edited) throw new Error('the drift case has changes');
    const tampered = { ...plan, changes: [{ ...edited, dependsOn: ['tampered'] }, ...rest] };
    expect(staleAddresses(tampered, plan)).toEqual([`${edited.id} differs from what the file and the org give now`]);
  });

  it('ignores attribution: who changed what is looked up after planning, and may differ', () => {
    const plan = saved();
    const attributed = { ...plan, changes: plan.changes.map((c) => ({ ...c, attribution: { event_type: 'project.updated', actor: 'x@example.com', at: 1 } })) };
    expect(staleAddresses(attributed, plan)).toEqual([]);
  });
});
