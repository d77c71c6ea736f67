// Golden planner cases: each test/cases/plan-*/ holds org.yaml (the file), live.json (a LiveOrg as
// plain JSON, what the reader would have read) and plan.json (what makePlan gives, as the JSON
// renderer writes it); safety.txt holds what the safety step says about that plan with the file's
// limits and no flags ("safe", or the refusal).
// Regenerate them all with one command, then review the diff before committing:
//   UPDATE_GOLDEN=1 npx vitest run test/unit/planner/golden.test.ts

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DesiredOrg } from '../../../src/config/model.js';
import type { Plan } from '../../../src/plan/types.js';
import { assertSafe } from '../../../src/planner/safety.js';
import { renderPlanJson, validatePlanDocument } from '../../../src/render/index.js';
import { PLAN_CASES, planCase } from './cases.js';

const UPDATE = process.env['UPDATE_GOLDEN'] === '1';

function check(file: string, actual: string): void {
  if (UPDATE) writeFileSync(file, actual);
  expect(actual, `${file} differs: UPDATE_GOLDEN=1 rewrites it`).toBe(readFileSync(file, 'utf8'));
}

function safetyOf(plan: Plan, config: DesiredOrg): string {
  try {
    assertSafe(plan, { allowDestroy: false, protect: config.protect, limits: config.limits });
    return 'safe\n';
  } catch (error) {
    return `refused: ${error instanceof Error ? error.message : String(error)}\n`;
  }
}

it('there are golden planner cases', () => {
  expect(PLAN_CASES.length).toBeGreaterThanOrEqual(4);
});

describe.each(PLAN_CASES)('planner golden case %s', (name) => {
  it('plans plan.json from org.yaml and live.json, and the plan is valid', () => {
    const { dir, config, plan } = planCase(name);
    const json = renderPlanJson(plan);
    expect(validatePlanDocument(JSON.parse(json))).toEqual([]);
    check(join(dir, 'plan.json'), json);
    check(join(dir, 'safety.txt'), safetyOf(plan, config));
  });

  it('plans the same bytes twice (deterministic)', () => {
    expect(renderPlanJson(planCase(name).plan)).toBe(renderPlanJson(planCase(name).plan));
  });
});
