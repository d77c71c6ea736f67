// `plan --explain`: where the file sets what each project change makes. A step after planning, on
// the plan and a lookup into the effective config: the diff never sees where a value came from.

import type { Path } from '../config/locate.js';
import type { DesiredOrg } from '../config/model.js';
import type { Origins } from '../config/origins.js';
import { kindSpec } from '../kinds/registry.js';
import { projectAddress } from '../plan/builder.js';
import type { Change, Json, Plan, ValueSource } from '../plan/types.js';

/** The plan with `sources` on every project change whose values the file sets. */
export function explainPlan(plan: Plan, desired: DesiredOrg, origins: Origins): Plan {
  // A project's own change carries no project ref: it is found by its address.
  const byAddress = new Map(desired.projects.map((p) => [projectAddress(p.name), p.name]));
  const changes = plan.changes.map((change) => {
    const name = change.project?.name ?? (change.kind === 'project' ? byAddress.get(change.address) : undefined);
    if (name === undefined) return change;
    const sources = sourcesOf(change, ['projects', name], origins);
    return Object.keys(sources).length > 0 ? { ...change, sources } : change;
  });
  return { ...plan, changes };
}

function sourcesOf(change: Change, project: Path, origins: Origins): Record<string, ValueSource> {
  const spec = kindSpec(change.kind);
  const paths = spec.sourcePaths?.(change) ?? ('part' in spec ? [[spec.part]] : []);
  const sources: Record<string, ValueSource> = {};
  for (const path of paths) {
    const full = [...project, ...path];
    const value = origins.valueAt(full);
    if (value === undefined) continue;
    for (const [leaf, leafValue] of leaves(full, value)) {
      sources[pointer(leaf)] = { ...origins.originOf(leaf), ...(isShown(leafValue) ? { value: leafValue } : {}) };
    }
  }
  return sources;
}

/** Maps are walked (they merge key by key, so each key may come from another layer); anything else is one value. */
function leaves(path: Path, value: unknown): Array<[Path, unknown]> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [[path, value]];
  return Object.entries(value).flatMap(([key, v]) => leaves([...path, key], v));
}

/** A value short enough to print beside its source: a scalar, null, or a list of scalars. */
function isShown(value: unknown): value is Json {
  const scalar = (v: unknown) => v === null || ['string', 'number', 'boolean'].includes(typeof v);
  return scalar(value) || (Array.isArray(value) && value.every(scalar));
}

/** RFC 6901. */
function pointer(path: Path): string {
  return path.map((s) => '/' + String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}
