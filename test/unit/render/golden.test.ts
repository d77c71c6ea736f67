// Golden cases: test/cases/render-*/plan.json rendered as text and Markdown must equal the
// committed plan.txt and plan.md. `UPDATE_GOLDEN=1 npx vitest run test/unit/render` rewrites them
// (and plan.json in canonical form); review the diff before committing.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Plan } from '../../../src/plan/types.js';
import { renderPlanJson, renderPlanMarkdown, renderPlanText, validatePlanDocument } from '../../../src/render/index.js';

const CASES_DIR = fileURLToPath(new URL('../../cases/', import.meta.url));
const CASES = [
  'render-create-from-empty',
  'render-updates-list-diffs-attribution',
  'render-destructive-notes-unmanaged',
  'render-no-changes',
  'render-refused',
];
const UPDATE = process.env['UPDATE_GOLDEN'] === '1';
const PART_BREAK = '\n<!-- orgform: next part -->\n\n';

function readPlan(dir: string): { plan: Plan } {
  const doc: unknown = JSON.parse(readFileSync(join(dir, 'plan.json'), 'utf8'));
  const errors = validatePlanDocument(doc);
  if (errors.length > 0) throw new Error(`${dir}/plan.json is not a valid plan:\n${errors.join('\n')}`);
  return { plan: doc as Plan };
}

function check(file: string, actual: string): void {
  if (UPDATE) writeFileSync(file, actual);
  expect(existsSync(file), `${file} is missing: run with UPDATE_GOLDEN=1 to write it`).toBe(true);
  expect(actual).toBe(readFileSync(file, 'utf8'));
}

describe.each(CASES)('golden case %s', (name) => {
  const dir = join(CASES_DIR, name);

  it('plan.json is a valid plan in canonical form', () => {
    check(join(dir, 'plan.json'), renderPlanJson(readPlan(dir).plan));
  });

  it('renders plan.txt', () => {
    check(join(dir, 'plan.txt'), renderPlanText(readPlan(dir).plan, { color: false }));
  });

  it('renders plan.md', () => {
    check(join(dir, 'plan.md'), renderPlanMarkdown(readPlan(dir).plan).join(PART_BREAK));
  });
});
