// A scoped plan keeps the changes its scope covers and what they depend on, nothing else. It runs
// after the diff and before the invariants, so the last-owner and key-owner checks, the safety
// step and the destroy limits see exactly the changes apply would make.

import { PlanError } from '../errors.js';
import type { PlanBuilder } from '../plan/builder.js';
import { coversChange, coversNote, coversUnmanaged } from '../scope/covers.js';
import { coversPart, type Scope } from '../scope/scope.js';

/**
 * Drops what the scope does not cover from `out`; returns the ids of the changes kept only because
 * a covered change depends on them (a project's creation for one of its parts, a group it names).
 */
export function limitToScope(out: PlanBuilder, scope: Scope): string[] {
  const byId = new Map(out.changes.map((c) => [c.id, c]));
  // An invite is in scope where a covered part needs it: a `users:` entry, or a member of a covered project.
  const neededInScope = (email: string): boolean => {
    const need = out.inviteNeeds.get(email);
    if (!need) return false;
    return (need.role !== undefined && scope.users) || [...need.projects.keys()].some((p) => coversPart(scope, p, 'members'));
  };
  const kept = new Set(out.changes.filter((c) => coversChange(scope, c, neededInScope)).map((c) => c.id));
  const dependencies: string[] = [];
  const pending = [...kept];
  for (let id = pending.pop(); id !== undefined; id = pending.pop()) {
    for (const dep of byId.get(id)?.dependsOn ?? []) {
      if (kept.has(dep)) continue;
      const change = byId.get(dep);
      // What a scope pulls in is what must exist first; it never removes what the scope left alone.
      if (!change || change.destructive) {
        throw new PlanError(`${id} depends on ${dep}, which this scope does not ${change ? 'cover' : 'plan'}: widen --target to cover it`);
      }
      kept.add(dep);
      dependencies.push(dep);
      pending.push(dep);
    }
  }
  const changes = out.changes.filter((c) => kept.has(c.id));
  const addresses = new Set(changes.map((c) => c.address));
  replace(out.changes, changes);
  replace(out.notes, out.notes.filter((n) => coversNote(scope, n, addresses)));
  replace(out.unmanaged, out.unmanaged.filter((u) => coversUnmanaged(scope, u)));
  return changes.filter((c) => dependencies.includes(c.id)).map((c) => c.id);
}

function replace<T>(list: T[], items: T[]): void {
  list.length = 0;
  for (const item of items) list.push(item);
}
