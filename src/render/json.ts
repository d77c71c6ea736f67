// The plan as JSON: the plan object itself, with keys in one fixed order so the same plan gives
// the same bytes however its objects were built. Structural keys follow the order below;
// free-form objects (`before`, `after`, `fingerprints`, `managed_counts`) have their keys sorted.

import type { Attribution, Change, ChangedSince, Json, JsonObject, Plan, PlanNote, PlanScope, PlanSummary, Refusal, Unmanaged, ValueSource } from '../plan/types.js';
import { sortKeys } from './words.js';

// The key order of each object. Records over every key, so a field added to a type and not
// here fails to compile.
const PLAN_KEYS = keysOf<Plan>({
  format_version: 1,
  orgform_version: 1,
  config: 1,
  api_base_url: 1,
  refusals: 1,
  summary: 1,
  changes: 1,
  notes: 1,
  unmanaged: 1,
  fingerprints: 1,
  managed_counts: 1,
  kinds: 1,
  scope: 1,
});

const CHANGE_KEYS = keysOf<Change>({
  id: 1,
  action: 1,
  kind: 1,
  address: 1,
  project: 1,
  project_refs: 1,
  target_id: 1,
  destructive: 1,
  reason: 1,
  dependsOn: 1,
  attribution: 1,
  before: 1,
  after: 1,
  sources: 1,
});

const REFUSAL_KEYS = keysOf<Refusal>({ rule: 1, address: 1, message: 1 });
const SUMMARY_KEYS = keysOf<PlanSummary>({ create: 1, update: 1, delete: 1, archive: 1 });
const NOTE_KEYS = keysOf<PlanNote>({ level: 1, address: 1, message: 1 });
const UNMANAGED_KEYS = keysOf<Unmanaged>({ kind: 1, project: 1, count: 1, why: 1 });
const ATTRIBUTION_KEYS = keysOf<Attribution>({ event_type: 1, actor: 1, at: 1 });
const SCOPE_KEYS = keysOf<PlanScope>({ target: 1, exclude: 1, changed_since: 1, not_looked_at: 1, dependencies: 1 });
const CHANGED_SINCE_KEYS = keysOf<ChangedSince>({ ref: 1, commit: 1, file: 1 });
const SOURCE_KEYS = keysOf<ValueSource>({ from: 1, template: 1, file: 1, line: 1, column: 1, value: 1 });
const PROJECT_REF_KEYS = ['name', 'id', 'created_by'];

function keysOf<T>(order: Record<keyof T, 1>): string[] {
  return Object.keys(order);
}

export function renderPlanJson(plan: Plan): string {
  return JSON.stringify(canonicalPlan(plan), null, 2) + '\n';
}

/** The plan with its keys in canonical order (a new object; the input is not touched). */
export function canonicalPlan(plan: Plan): JsonObject {
  return ordered(plan, PLAN_KEYS, (key, value) => {
    switch (key) {
      case 'config':
        return ordered(plan.config, ['file', 'digest']);
      case 'summary':
        return ordered(plan.summary, SUMMARY_KEYS);
      case 'refusals':
        return plan.refusals.map((r) => ordered(r, REFUSAL_KEYS));
      case 'kinds':
        return ordered(plan.kinds, [], (_k, words) => ordered(words as object, ['noun', 'group']));
      case 'changes':
        return plan.changes.map(canonicalChange);
      case 'notes':
        return plan.notes.map((n) => ordered(n, NOTE_KEYS));
      case 'unmanaged':
        return plan.unmanaged.map((u) => ordered(u, UNMANAGED_KEYS));
      case 'fingerprints':
      case 'managed_counts':
        return sortKeys(value);
      case 'scope':
        return plan.scope ? ordered(plan.scope, SCOPE_KEYS, (k, v) => (k === 'changed_since' ? ordered(v as object, CHANGED_SINCE_KEYS) : v)) : value;
      default:
        return value;
    }
  });
}

function canonicalChange(change: Change): JsonObject {
  return ordered(change, CHANGE_KEYS, (key, value) => {
    switch (key) {
      case 'project':
        return change.project ? ordered(change.project, PROJECT_REF_KEYS) : value;
      case 'project_refs':
        return change.project_refs ? change.project_refs.map((r) => ordered(r, PROJECT_REF_KEYS)) : value;
      case 'attribution':
        return change.attribution ? ordered(change.attribution, ATTRIBUTION_KEYS) : value;
      case 'before':
      case 'after':
        return value === null || value === undefined ? value : sortKeys(value);
      case 'sources':
        return change.sources ? ordered(change.sources, [], (_path, source) => ordered(source as object, SOURCE_KEYS)) : value;
      default:
        return value;
    }
  });
}

/**
 * A copy of `obj` with `keys` first, in that order, then any other keys sorted (a plan from a
 * newer orgform keeps its extra fields); undefined values are dropped, as JSON would.
 */
function ordered<T extends object>(
  obj: T,
  keys: readonly string[],
  map: (key: string, value: Json) => Json | undefined = (_k, v) => v,
): JsonObject {
  const source = obj as unknown as { [key: string]: Json | undefined };
  const rest = Object.keys(source)
    .filter((k) => !keys.includes(k))
    .sort();
  const out: JsonObject = {};
  for (const key of [...keys, ...rest]) {
    const value = source[key];
    if (value === undefined) continue;
    const mapped = map(key, value);
    if (mapped !== undefined) out[key] = mapped;
  }
  return out;
}
