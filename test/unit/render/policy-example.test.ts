// examples/policy/input.json is a plan orgform wrote (examples/org.yaml against the demo org): it
// must stay a valid plan of the current format, or the Rego example teaches a shape orgform no
// longer writes. Regenerate: `orgform emulator` and `orgform plan examples/org.yaml --format json
// --no-attribution > examples/policy/input.json`.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Plan } from '../../../src/plan/types.js';
import { validatePlanDocument } from '../../../src/render/index.js';

const input: unknown = JSON.parse(readFileSync(new URL('../../../examples/policy/input.json', import.meta.url), 'utf8'));
const rego = readFileSync(new URL('../../../examples/policy/plan.rego', import.meta.url), 'utf8');

describe('the Rego example over the plan', () => {
  it('has a current, valid plan as its input', () => {
    expect(validatePlanDocument(input)).toEqual([]);
  });

  it('reads only fields the plan has, and its input has what it denies', () => {
    const plan = input as Plan;
    for (const field of ['input.changes', 'input.refusals', 'input.kinds', 'change.action', 'change.kind', 'change.address', 'change.destructive']) {
      expect(rego).toContain(field);
    }
    expect(plan.changes.some((c) => c.action === 'archive')).toBe(true);
    expect(plan.changes.every((c) => plan.kinds[c.kind] !== undefined)).toBe(true);
  });
});
