// Order is part of the plan: dependencies are explicit edges, and the order is a stable
// topological sort by phase, then address, so the same inputs give the same plan byte for byte.

import { InternalError } from '../errors.js';
import type { Change } from '../plan/types.js';

/**
 * Org settings, then projects (create, rename), then each project's settings and alerts, then
 * members and service accounts, then invites (which may name a project this plan creates), then
 * org role changes, then every removal (after the additions and role changes it could depend
 * on), archives last.
 */
export function phaseOf(change: Change): number {
  if (change.action === 'archive') return 7;
  // Removals of things (not the lifting of a singleton setting such as a spend limit).
  if (change.action === 'delete' && change.destructive) return 6;
  switch (change.kind) {
    case 'organization_data_retention':
      return 0;
    case 'project':
      return 1;
    case 'model_permissions':
    case 'project_data_retention':
    case 'spend_limit':
    case 'rate_limit':
    case 'spend_alert':
      return 2;
    case 'project_member':
    case 'service_account':
      return 3;
    case 'invite':
      return 4;
    case 'user':
      return 5;
  }
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
