// The JSON Schema check: schemas/org.schema.json, compiled at build time to a standalone ajv
// validator (scripts/generate-validators.mjs), and each ajv error turned into one plain-words
// finding at a path (see locate.ts for the path → line:col step).

import type { ErrorObject, ValidateFunction } from 'ajv';
import { packageFile } from '../paths.js';
import generated from './generated/org-schema.js';
import { parsePointer, type Finding, type Path } from './locate.js';
import { describePath, describeValue, closest } from './messages.js';

/** schemas/org.schema.json at the package root: found from `src/config` and `dist/src/config`. */
export function orgSchemaPath(): string {
  return packageFile('schemas', 'org.schema.json');
}

const validate = generated as unknown as ValidateFunction;

/** Every schema violation in `data`, one finding per problem. */
export function checkSchema(data: unknown): Finding[] {
  if (validate(data)) return [];
  return collapseAlternatives(validate.errors ?? []).map((e) => describeError(e, typedPath(e.instancePath, data)));
}

/**
 * An `anyOf`/`oneOf` failure comes with the failure of every branch: keep only the summary.
 * (The schema uses union types instead where it can, so this is a safety net.)
 */
function collapseAlternatives(errors: ErrorObject[]): ErrorObject[] {
  const summaries = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf').map((e) => e.instancePath);
  if (summaries.length === 0) return errors;
  return errors.filter(
    (e) =>
      e.keyword === 'anyOf' ||
      e.keyword === 'oneOf' ||
      !summaries.some((p) => e.instancePath === p || e.instancePath.startsWith(p + '/')),
  );
}

/** Pointer segments, with list indexes as numbers (a project may be named "0"). */
function typedPath(pointer: string, root: unknown): Path {
  const path: Array<string | number> = [];
  let node: unknown = root;
  for (const segment of parsePointer(pointer)) {
    if (Array.isArray(node)) {
      const index = Number(segment);
      path.push(index);
      node = node[index];
    } else {
      path.push(segment);
      node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[segment] : undefined;
    }
  }
  return path;
}

function describeError(e: ErrorObject, path: Path): Finding {
  const label = describePath(path);
  const got = ` (got ${describeValue(e.data)})`;
  const params = e.params as Record<string, unknown>;
  const at = (message: string): Finding => ({ path, part: 'value', message });
  switch (e.keyword) {
    case 'type':
      return at(`${label} must be ${typeWords(params.type)}${got}`);
    case 'const':
      return at(`${label} must be ${JSON.stringify(params.allowedValue)}${got}`);
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map(String);
      const hint = typeof e.data === 'string' ? closest(e.data, allowed) : undefined;
      return at(`${label} must be one of: ${allowed.join(', ')}${got}${hint ? `; did you mean \`${hint}\`?` : ''}`);
    }
    case 'required':
      return { path, part: 'key', message: `${label} is missing the required key \`${String(params.missingProperty)}\`` };
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const known = Object.keys((e.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      const where = path.length === 0 ? '' : ` in ${label}`;
      if (known.includes('archived') && /^(delete|deleted|remove|removed|destroy)$/.test(key)) {
        const message = `unknown key \`${key}\`${where}: the API cannot delete a project; archive it with \`archived: true\` (archiving is final)`;
        return { path: [...path, key], part: 'key', message };
      }
      const hint = closest(key, known);
      const advice = hint ? ` (did you mean \`${hint}\`?)` : known.length ? `; allowed keys: ${known.join(', ')}` : '';
      return { path: [...path, key], part: 'key', message: `unknown key \`${key}\`${where}${advice}` };
    }
    case 'minimum':
      return at(`${label} must be at least ${String(params.limit)}${got}`);
    case 'exclusiveMinimum':
      return at(`${label} must be greater than ${String(params.limit)}${got}`);
    case 'maximum':
      return at(`${label} must be at most ${String(params.limit)}${got}`);
    case 'exclusiveMaximum':
      return at(`${label} must be less than ${String(params.limit)}${got}`);
    case 'minItems':
    case 'minLength':
      return at(params.limit === 1 ? `${label} must not be empty` : `${label} is too short (at least ${String(params.limit)})`);
    case 'minProperties': {
      const known = Object.keys((e.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      return at(`${label} must set at least one of: ${known.join(', ')}`);
    }
    case 'format':
      return at(params.format === 'idn-email' ? `${label} must be an email address${got}` : `${label} must be a ${String(params.format)}${got}`);
    case 'anyOf':
    case 'oneOf':
      return at(`${label} does not match any allowed form${got}`);
    default:
      return at(`${label}: ${e.message ?? e.keyword}`);
  }
}

const TYPE_WORDS: Record<string, string> = {
  object: 'a map',
  array: 'a list',
  string: 'a string',
  integer: 'an integer',
  number: 'a number',
  boolean: 'true or false',
  null: 'null',
};

function typeWords(type: unknown): string {
  const types = Array.isArray(type) ? type.map(String) : String(type).split(',');
  return types.map((t) => TYPE_WORDS[t] ?? t).join(' or ');
}
