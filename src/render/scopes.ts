// Which part of the organization a change belongs to, for grouping it on screen.
// Groups: the organization, then each project in the order the plan first touches it, then the
// other groups of org-level kinds (invites, users, …) by name. Inside a group changes keep plan
// order. Where a kind belongs comes from the plan (`plan.kinds`).

import type { Change, Kind, KindWords } from '../plan/types.js';
import { compareText } from '../util/compare.js';

export type Scope = { type: 'organization' } | { type: 'project'; name: string } | { type: 'group'; name: string };

export interface ScopeGroup {
  scope: Scope;
  changes: Change[];
}

export function groupByScope(changes: readonly Change[], kinds: Record<Kind, KindWords>): ScopeGroup[] {
  const rank = (scope: Scope): number => (scope.type === 'organization' ? 0 : scope.type === 'project' ? 1 : 2);
  const groups = new Map<string, ScopeGroup>();
  for (const change of changes) {
    const scope = scopeOf(change, kinds[change.kind]?.group ?? 'organization');
    const key = scope.type === 'organization' ? scope.type : `${scope.type}:${scope.name}`;
    const group = groups.get(key);
    if (group) group.changes.push(change);
    else groups.set(key, { scope, changes: [change] });
  }
  // Map keeps first-appearance order; a stable sort by rank keeps it among projects.
  return [...groups.values()].sort(
    (a, b) => rank(a.scope) - rank(b.scope) || (a.scope.type === 'group' && b.scope.type === 'group' ? compareText(a.scope.name, b.scope.name) : 0),
  );
}


function scopeOf(change: Change, group: string): Scope {
  if (group === 'organization') return { type: 'organization' };
  if (group !== 'project') return { type: 'group', name: group };
  return { type: 'project', name: change.project?.name ?? nameField(change) ?? projectFromAddress(change) };
}

/** `invites` → `Invites`, `role_assignments` → `Role assignments`. */
export function groupTitle(name: string): string {
  const words = name.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function nameField(change: Change): string | undefined {
  const name = change.after?.['name'] ?? change.before?.['name'];
  return typeof name === 'string' ? name : undefined;
}

/** `project["Research"]…` → `Research`; the whole address when it is not of that form. */
function projectFromAddress(change: Change): string {
  const m = /^project\[("(?:[^"\\]|\\.)*")\]/.exec(change.address);
  if (m?.[1]) {
    try {
      const name: unknown = JSON.parse(m[1]);
      if (typeof name === 'string') return name;
    } catch {
      // not a JSON string literal: fall through to the address itself
    }
  }
  return change.address;
}
