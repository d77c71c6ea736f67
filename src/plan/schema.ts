// Checks a document against schemas/plan.schema.json: a saved plan read back for apply, and the
// JSON renderer's output in tests. The schema is found from this file's location by walking up
// to the package root, so it works from src/ (vitest) and from dist/src/ (the built CLI).

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

let validate: ValidateFunction | undefined;

/** Every way `doc` is not a valid plan, as readable messages; empty when it is one. */
export function validatePlanDocument(doc: unknown): string[] {
  validate ??= compile();
  if (validate(doc)) return [];
  return (validate.errors ?? []).map(formatError);
}

function compile(): ValidateFunction {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  addFormats.default(ajv);
  const schema: unknown = JSON.parse(readFileSync(join(packageRoot(), 'schemas', 'plan.schema.json'), 'utf8'));
  if (typeof schema !== 'object' || schema === null) throw new Error('schemas/plan.schema.json is not an object');
  return ajv.compile(schema);
}

function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
  return dir;
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
