// What a change does to each field, as data both the text and the Markdown renderer format.
// Fields are listed in sorted key order (the JSON plan sorts object keys too, so a plan read back
// from `plan --out` renders exactly like the one made in memory).

import { diffArrays, diffLines } from 'diff';
import equal from 'fast-deep-equal';
import type { Change, Json, JsonObject } from '../plan/types.js';
import { formatKey, formatValue, prettyJson, sanitize } from './words.js';

export type DiffLine = { op: '+' | '-' | ' '; text: string } | { op: 'skip'; count: number };

export type FieldLine =
  /** One value (create fields, delete identity). */
  | { type: 'value'; field: string; value: string }
  /** A scalar that changed: `field: before → after`. */
  | { type: 'scalar'; field: string; before: string; after: string }
  /** An array or object that changed: a line diff. */
  | { type: 'lines'; field: string; lines: DiffLine[] };

/** Unchanged lines kept around each change in a line diff; longer unchanged runs collapse. */
const CONTEXT = 3;

/** The field lines of a change: after-fields for create, the identity for delete/archive. */
export function fieldLines(change: Change): FieldLine[] {
  switch (change.action) {
    case 'create':
      return valueLines(change.after);
    case 'update':
    case 'replace':
      return changedFields(change.before, change.after);
    case 'delete':
    case 'archive':
      return identityLines(change);
    default: {
      const never: never = change;
      throw new Error(`unknown action in ${JSON.stringify(never)}`);
    }
  }
}

function valueLines(obj: JsonObject | null): FieldLine[] {
  if (!obj) return [];
  return Object.keys(obj)
    .sort()
    .map((k) => ({ type: 'value', field: formatKey(k), value: formatValue(obj[k]) }));
}

// Fields that name an object rather than describe it, shown for what a delete removes. An object
// without one (a project's model permissions) is named by its address: its fields are shown.
const IDENTITY_KEYS = ['name', 'email', 'model', 'threshold_amount'];

function identityLines(change: Change): FieldLine[] {
  const before = change.before ?? {};
  const id = change.target_id ?? before['id'];
  const out: FieldLine[] = typeof id === 'string' ? [{ type: 'value', field: 'id', value: formatValue(id) }] : [];
  const named = IDENTITY_KEYS.filter((k) => isScalar(before[k]) && before[k] !== undefined);
  if (named.length === 0) {
    const { id: _id, ...fields } = before;
    return [...out, ...valueLines(fields)];
  }
  return [...out, ...named.map((k): FieldLine => ({ type: 'value', field: k, value: formatValue(before[k]) }))];
}

function changedFields(before: JsonObject | null, after: JsonObject | null): FieldLine[] {
  const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])].sort();
  const out: FieldLine[] = [];
  for (const k of keys) {
    const b = before?.[k];
    const a = after?.[k];
    if (equal(b, a)) continue;
    if (isScalar(b) && isScalar(a)) {
      out.push({ type: 'scalar', field: formatKey(k), before: formatValue(b), after: formatValue(a) });
    } else {
      out.push({ type: 'lines', field: formatKey(k), lines: collapse(lineDiff(b, a)) });
    }
  }
  return out;
}

function isScalar(v: Json | undefined): boolean {
  return v === undefined || v === null || typeof v !== 'object';
}

type Op = '+' | '-' | ' ';

/** Two arrays: item by item (`+ o3`, `- gpt-4o`). Anything else: their pretty JSON, line by line. */
function lineDiff(b: Json | undefined, a: Json | undefined): { op: Op; text: string }[] {
  if (Array.isArray(b) && Array.isArray(a)) {
    return diffArrays<Json>(b, a, { comparator: equal }).flatMap((part) =>
      part.value.map((item) => ({ op: opOf(part), text: formatValue(item) })),
    );
  }
  const text = (v: Json | undefined): string => (v === undefined ? '' : prettyJson(v) + '\n');
  return diffLines(text(b), text(a)).flatMap((part) =>
    part.value
      .replace(/\n$/, '')
      .split('\n')
      .map((line) => ({ op: opOf(part), text: sanitize(line) })),
  );
}

function opOf(part: { added: boolean; removed: boolean }): Op {
  return part.added ? '+' : part.removed ? '-' : ' ';
}

/** Keep CONTEXT unchanged lines either side of a change; replace longer runs with a count. */
function collapse(lines: { op: Op; text: string }[]): DiffLine[] {
  const out: DiffLine[] = [];
  let i = 0;
  while (i < lines.length) {
    if (lines[i]?.op !== ' ') {
      out.push(lines[i] as DiffLine);
      i++;
      continue;
    }
    let j = i;
    while (j < lines.length && lines[j]?.op === ' ') j++;
    const run = lines.slice(i, j);
    const keepHead = i === 0 ? 0 : CONTEXT;
    const keepTail = j === lines.length ? 0 : CONTEXT;
    if (run.length > keepHead + keepTail + 1) {
      out.push(...run.slice(0, keepHead));
      out.push({ op: 'skip', count: run.length - keepHead - keepTail });
      out.push(...run.slice(run.length - keepTail));
    } else {
      out.push(...run);
    }
    i = j;
  }
  return out;
}
