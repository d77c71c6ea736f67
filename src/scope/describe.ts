// What a scoped plan says about itself: its selectors, and what of the file it did not look at.

import type { DesiredOrg } from '../config/model.js';
import type { ChangedSince, PlanScope } from '../plan/types.js';
import { narrowConfig } from './narrow.js';
import { projectParts } from './selectors.js';
import { formatSelection, type Scope, type Selection } from './scope.js';

/** A scoped plan's inputs: the config cut to the scope, and what the planner needs besides. */
export interface ScopedPlanning {
  scope: Scope;
  /** The whole file (the planner compares `narrowConfig(whole, scope)`). */
  whole: DesiredOrg;
  /** The plan's `scope`, but for the dependencies, which only planning finds. */
  record: Omit<PlanScope, 'dependencies'>;
}

export function scopedPlanning(whole: DesiredOrg, selection: Selection, scope: Scope, changedSince?: ChangedSince): { desired: DesiredOrg; scoped: ScopedPlanning } {
  const record = {
    ...formatSelection(selection),
    ...(changedSince === undefined ? {} : { changed_since: changedSince }),
    not_looked_at: notLookedAt(whole, scope),
  };
  return { desired: narrowConfig(whole, scope), scoped: { scope, whole, record } };
}

/** What the file manages outside the scope, in words, in the file's order. */
function notLookedAt(whole: DesiredOrg, scope: Scope): string[] {
  const out: string[] = [];
  if (!scope.organization) {
    const keys = [
      ...(Object.keys(whole.organization).length > 0 ? ['organization:'] : []),
      ...(whole.groups !== undefined ? ['groups:'] : []),
      ...(whole.roles !== undefined ? ['roles:'] : []),
      ...(whole.role_assignments !== undefined ? ['role_assignments:'] : []),
    ];
    if (keys.length > 0) out.push(`organization settings (${keys.join(', ')})`);
  }
  if (!scope.users && whole.users !== undefined) out.push('users:');
  if (!scope.invites && whole.invites !== undefined) out.push('invites:');
  let others = 0;
  for (const project of whole.projects) {
    const selection = scope.projects.get(project.name);
    if (!selection) {
      others++;
      continue;
    }
    const left: string[] = [...(selection.own ? [] : ['its own entry (rename, archive, external key)'])];
    for (const part of projectParts()) if (project[part] !== undefined && !selection.parts.has(part)) left.push(`${part}:`);
    if (left.length > 0) out.push(`in project ${JSON.stringify(project.name)}: ${left.join(', ')}`);
  }
  const total = whole.projects.length;
  if (others > 0) out.push(others === total ? `the ${plural(total, 'project')} of the file` : `${plural(others, 'other project')} of the file`);
  return out;
}

const plural = (n: number, noun: string): string => `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;
