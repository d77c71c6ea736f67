// The validators the CLI uses are compiled at build time from schemas/*.json: they must be the
// current schemas' (run `npm run build` after changing a schema), and must judge as ajv would.

import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SCHEMA_SHA256 as ORG_SHA } from '../../../src/config/generated/org-schema.js';
import { SCHEMA_SHA256 as PLAN_SHA } from '../../../src/plan/generated/plan-schema.js';
import { checkSchema } from '../../../src/config/schema.js';
import { validatePlanDocument } from '../../../src/plan/schema.js';

const sha = (path: string) => createHash('sha256').update(readFileSync(new URL(`../../../${path}`, import.meta.url), 'utf8')).digest('hex');

describe('generated validators', () => {
  it('were generated from the current schemas (else: npm run build)', () => {
    expect(ORG_SHA).toBe(sha('schemas/org.schema.json'));
    expect(PLAN_SHA).toBe(sha('schemas/plan.schema.json'));
  });

  it('use the formats the schemas name (email in the config, uri in a plan)', () => {
    expect(checkSchema({ version: 1, users: [{ email: 'not-an-email', role: 'reader' }] }).map((f) => f.message)).toEqual([
      'email must be an email address (got "not-an-email")',
    ]);
    expect(checkSchema({ version: 1, users: [{ email: 'a@example.com', role: 'reader' }] })).toEqual([]);
    expect(validatePlanDocument({}).length).toBeGreaterThan(0);
  });
});
