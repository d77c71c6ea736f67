// Order is part of the plan: dependencies are explicit edges, and the order is a stable
// topological sort by phase, then address, so the same inputs give the same plan byte for byte.
// A cycle or an edge to a change that is not in the plan is a bug in orgform, never a plan.

import { InternalError } from '../errors.js';
import { kindSpec } from '../kinds/registry.js';
import type { Change } from '../plan/types.js';

/** Removals come after every addition they could depend on, archives last. */
const REMOVALS = 1000;
const ARCHIVES = 1001;

/**
 * The printed order: each kind's phase for creates and updates (org settings, projects, their
 * settings, members and accounts, invites, org roles), then every removal, archives last. Apply
 * follows only the dependency edges; this order is how a plan reads, and it is a valid apply order.
 */
export function phaseOf(change: Change): number {
  if (change.action === 'archive') return ARCHIVES;
  if (change.action === 'delete') return REMOVALS;
  return kindSpec(change.kind).phase;
}

function compare(a: Change, b: Change): number {
  return phaseOf(a) - phaseOf(b) || (a.address < b.address ? -1 : a.address > b.address ? 1 : 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export function orderChanges(changes: Change[]): Change[] {
  const byId = new Map(changes.map((c) => [c.id, c]));
  if (byId.size !== changes.length) throw new InternalError('two changes share one id');
  const waitingOn = new Map(changes.map((c) => [c.id, c.dependsOn.filter((d) => byId.has(d)).length]));
  const dependents = new Map<string, Change[]>();
  for (const c of changes) {
    for (const d of c.dependsOn) {
      if (!byId.has(d)) throw new InternalError(`${c.id} depends on unknown change ${d}`);
      dependents.set(d, [...(dependents.get(d) ?? []), c]);
    }
  }
  const ready = changes.filter((c) => waitingOn.get(c.id) === 0).sort(compare);
  const ordered: Change[] = [];
  while (ready.length > 0) {
    const next = ready.shift() as Change;
    ordered.push(next);
    for (const dependent of dependents.get(next.id) ?? []) {
      const left = (waitingOn.get(dependent.id) ?? 0) - 1;
      waitingOn.set(dependent.id, left);
      if (left === 0) insertSorted(ready, dependent);
    }
  }
  if (ordered.length !== changes.length) throw new InternalError('the plan has a dependency cycle');
  return ordered;
}

function insertSorted(list: Change[], item: Change): void {
  let i = 0;
  while (i < list.length && compare(list[i] as Change, item) <= 0) i++;
  list.splice(i, 0, item);
}
