// Checks a document against schemas/plan.schema.json (compiled at build time to a standalone ajv
// validator by scripts/generate-validators.mjs): a saved plan read back for apply, and the JSON
// renderer's output in tests.

import type { ErrorObject, ValidateFunction } from 'ajv';
import generated from './generated/plan-schema.js';

const validate = generated as unknown as ValidateFunction;

/** Every way `doc` is not a valid plan, as readable messages; empty when it is one. */
export function validatePlanDocument(doc: unknown): string[] {
  if (validate(doc)) return [];
  return (validate.errors ?? []).map(formatError);
}

function formatError(e: ErrorObject): string {
  const where = e.instancePath === '' ? '(root)' : e.instancePath;
  const extra =
    e.keyword === 'additionalProperties' && 'additionalProperty' in e.params
      ? `: ${String(e.params.additionalProperty)}`
      : e.keyword === 'enum' && 'allowedValues' in e.params
        ? `: ${JSON.stringify(e.params.allowedValues)}`
        : '';
  return `${where} ${e.message ?? 'is invalid'}${extra}`;
}
