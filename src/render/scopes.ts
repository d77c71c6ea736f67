// Which part of the organization a change belongs to, for grouping it on screen.
// Groups: the organization, then each project in the order the plan first touches it, then
// invites, then users. Inside a group changes keep plan (apply) order.

import type { Change, Kind } from '../plan/types.js';

export type Scope =
  | { type: 'organization' }
  | { type: 'project'; name: string }
  | { type: 'invites' }
  | { type: 'users' };

export interface ScopeGroup {
  scope: Scope;
  changes: Change[];
}

const RANK: Record<Scope['type'], number> = { organization: 0, project: 1, invites: 2, users: 3 };

export function groupByScope(changes: readonly Change[]): ScopeGroup[] {
  const groups = new Map<string, ScopeGroup>();
  for (const change of changes) {
    const scope = scopeOf(change);
    const key = scope.type === 'project' ? `project:${scope.name}` : scope.type;
    const group = groups.get(key);
    if (group) group.changes.push(change);
    else groups.set(key, { scope, changes: [change] });
  }
  // Map keeps first-appearance order; a stable sort by rank keeps it among projects.
  return [...groups.values()].sort((a, b) => RANK[a.scope.type] - RANK[b.scope.type]);
}

export function scopeOf(change: Change): Scope {
  const kind: Kind = change.kind;
  switch (kind) {
    case 'organization_data_retention':
      return { type: 'organization' };
    case 'invite':
      return { type: 'invites' };
    case 'user':
      return { type: 'users' };
    case 'project':
      return { type: 'project', name: change.project?.name ?? nameField(change) ?? projectFromAddress(change) };
    case 'model_permissions':
    case 'project_data_retention':
    case 'spend_limit':
    case 'rate_limit':
    case 'spend_alert':
    case 'project_member':
    case 'service_account':
      return { type: 'project', name: change.project?.name ?? projectFromAddress(change) };
    default: {
      const never: never = kind;
      throw new Error(`unknown kind ${String(never)}`);
    }
  }
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
