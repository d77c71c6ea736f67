// Golden planner cases: each test/cases/plan-*/ holds org.yaml (the file), live.json (a LiveOrg as
// plain JSON, what the reader would have read) and plan.json (what makePlan gives, as the JSON
// renderer writes it, refusals included: the safety step with the file's limits and no flags).
// Regenerate them all with one command, then review the diff before committing:
//   UPDATE_GOLDEN=1 npx vitest run test/unit/planner/golden.test.ts

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderPlanJson, validatePlanDocument } from '../../../src/render/index.js';
import { PLAN_CASES, planCase } from './cases.js';

const UPDATE = process.env['UPDATE_GOLDEN'] === '1';

function check(file: string, actual: string): void {
  if (UPDATE) writeFileSync(file, actual);
  expect(actual, `${file} differs: UPDATE_GOLDEN=1 rewrites it`).toBe(readFileSync(file, 'utf8'));
}

it('there are golden planner cases', () => {
  expect(PLAN_CASES.length).toBeGreaterThanOrEqual(4);
});

describe.each(PLAN_CASES)('planner golden case %s', (name) => {
  it('plans plan.json from org.yaml and live.json, and the plan is valid', () => {
    const { dir, plan } = planCase(name);
    const json = renderPlanJson(plan);
    expect(validatePlanDocument(JSON.parse(json))).toEqual([]);
    check(join(dir, 'plan.json'), json);
  });

  it('plans the same bytes twice (deterministic)', () => {
    expect(renderPlanJson(planCase(name).plan)).toBe(renderPlanJson(planCase(name).plan));
  });
});
