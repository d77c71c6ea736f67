// The golden planner cases (test/cases/plan-*), loaded as plain data: for the golden test and for
// unit tests that want a real plan to start from.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfigText } from '../../../src/config/index.js';
import type { DesiredOrg } from '../../../src/config/model.js';
import type { LiveOrg } from '../../../src/kinds/live-state.js';
import type { Plan } from '../../../src/plan/types.js';
import { makePlan } from '../../../src/planner/plan.js';

const CASES_DIR = fileURLToPath(new URL('../../cases/', import.meta.url));
export const PLAN_CASES = readdirSync(CASES_DIR).filter((name) => name.startsWith('plan-')).sort();
const CASE_API = 'https://api.openai.example/v1';

export interface PlanCase {
  dir: string;
  config: DesiredOrg;
  live: LiveOrg;
  plan: Plan;
}

export function planCase(name: string): PlanCase {
  const dir = join(CASES_DIR, name);
  // Named as in the plan document: the plan records the file it was made from.
  const result = loadConfigText(readFileSync(join(dir, 'org.yaml')), 'org.yaml');
  if ('errors' in result) throw new Error(result.errors.map((e) => `${e.line}:${e.col}: ${e.message}`).join('\n'));
  const live = JSON.parse(readFileSync(join(dir, 'live.json'), 'utf8')) as LiveOrg;
  return { dir, config: result.config, live, plan: makePlan(result.config, live, CASE_API) };
}
