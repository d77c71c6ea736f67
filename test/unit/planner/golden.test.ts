// Golden planner cases: each test/cases/plan-*/ holds org.yaml (the file), live.json (a LiveOrg as
// plain JSON, what the reader would have read) and plan.json (what makePlan gives, as the JSON
// renderer writes it); safety.txt holds what the safety step says about that plan with the file's
// limits and no flags ("safe", or the refusal).
// Regenerate them all with one command, then review the diff before committing:
//   UPDATE_GOLDEN=1 npx vitest run test/unit/planner/golden.test.ts

import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfigText } from '../../../src/config/index.js';
import type { DesiredOrg } from '../../../src/config/model.js';
import type { LiveOrg } from '../../../src/kinds/live-state.js';
import { makePlan } from '../../../src/planner/plan.js';
import { assertSafe } from '../../../src/planner/safety.js';
import { renderPlanJson, validatePlanDocument } from '../../../src/render/index.js';

const CASES_DIR = fileURLToPath(new URL('../../cases/', import.meta.url));
const CASES = readdirSync(CASES_DIR).filter((name) => name.startsWith('plan-')).sort();
const UPDATE = process.env['UPDATE_GOLDEN'] === '1';
const API = 'https://api.openai.example/v1';

function load(dir: string): DesiredOrg {
  // Named as in the plan document: the plan records the file it was made from.
  const result = loadConfigText(readFileSync(join(dir, 'org.yaml')), 'org.yaml');
  if ('errors' in result) throw new Error(result.errors.map((e) => `${e.line}:${e.col}: ${e.message}`).join('\n'));
  return result.config;
}

function check(file: string, actual: string): void {
  if (UPDATE) writeFileSync(file, actual);
  expect(actual, `${file} differs: UPDATE_GOLDEN=1 rewrites it`).toBe(readFileSync(file, 'utf8'));
}

function safetyOf(plan: ReturnType<typeof makePlan>, config: DesiredOrg): string {
  try {
    assertSafe(plan, { allowDestroy: false, protect: config.protect, limits: config.limits });
    return 'safe\n';
  } catch (error) {
    return `refused: ${error instanceof Error ? error.message : String(error)}\n`;
  }
}

it('there are golden planner cases', () => {
  expect(CASES.length).toBeGreaterThanOrEqual(4);
});

describe.each(CASES)('planner golden case %s', (name) => {
  const dir = join(CASES_DIR, name);

  it('plans plan.json from org.yaml and live.json, and the plan is valid', () => {
    const config = load(dir);
    const live = JSON.parse(readFileSync(join(dir, 'live.json'), 'utf8')) as LiveOrg;
    const plan = makePlan(config, live, API);
    const json = renderPlanJson(plan);
    expect(validatePlanDocument(JSON.parse(json))).toEqual([]);
    check(join(dir, 'plan.json'), json);
    check(join(dir, 'safety.txt'), safetyOf(plan, config));
  });

  it('plans the same bytes twice (deterministic)', () => {
    const live = () => JSON.parse(readFileSync(join(dir, 'live.json'), 'utf8')) as LiveOrg;
    expect(renderPlanJson(makePlan(load(dir), live(), API))).toBe(renderPlanJson(makePlan(load(dir), live(), API)));
  });
});
