// --target, --exclude and --changed-since: plan, apply and export cover only part of the org.
// Every selector is checked before anything is read.

import { loadConfigText } from '../config/index.js';
import type { DesiredOrg } from '../config/model.js';
import { UsageError } from '../errors.js';
import type { ChangedSince, Plan } from '../plan/types.js';
import { changedSelectors } from '../scope/changed.js';
import { scopedPlanning, type ScopedPlanning } from '../scope/describe.js';
import { parseSelection, resolveScope, type Selection } from '../scope/scope.js';
import { fileAtRef } from './git-ref.js';
import type { FlagValues } from './args.js';
import type { Io } from './io.js';

export const SCOPE_OPTIONS = {
  target: { type: 'string', multiple: true },
  exclude: { type: 'string', multiple: true },
} as const;

export const CHANGED_SINCE_OPTION = { 'changed-since': { type: 'string' } } as const;

/** What a scoped plan is given: the config cut to the scope, and the rest the planner needs. */
export interface Scoping {
  desired: DesiredOrg;
  scoped: ScopedPlanning;
}

const strings = (value: FlagValues[string]): string[] | undefined =>
  value === undefined ? undefined : (Array.isArray(value) ? value : [value]).map(String);

/** Whether any of the scope flags is given. */
export function isScoped(values: FlagValues): boolean {
  return values['target'] !== undefined || values['exclude'] !== undefined || values['changed-since'] !== undefined;
}

/** The selectors given, parsed (a bad one is an error now, before anything is read); undefined when none was. */
export function selectionOf(values: FlagValues): Selection | undefined {
  const target = strings(values['target']);
  const exclude = strings(values['exclude']);
  if (target === undefined && exclude === undefined) return undefined;
  return parseSelection(target ?? null, exclude ?? []);
}

/** The scope of a plan of `config` from the flags, or undefined for a plan of the whole file. */
export async function scopingFromFlags(config: DesiredOrg, values: FlagValues, io: Pick<Io, 'cwd' | 'env'>): Promise<Scoping | undefined> {
  const given = selectionOf(values);
  const ref = strings(values['changed-since'])?.[0];
  if (ref === undefined) return given && scopingOf(config, given);
  if (given?.target) throw new UsageError('--changed-since chooses the targets itself: give --exclude to leave something out, not --target');
  const at = await fileAtRef(config.file, ref, io);
  const exclude = given?.exclude ?? [];
  if (at.bytes === undefined) return scopingOf(config, { target: null, exclude }, { ref, commit: at.commit, file: 'new' });
  const before = loadConfigText(at.bytes, `${config.file} at ${ref}`, io.cwd);
  if ('errors' in before) return scopingOf(config, { target: null, exclude }, { ref, commit: at.commit, file: 'invalid' });
  const target = changedSelectors(before.config, config);
  return scopingOf(config, { target, exclude }, { ref, commit: at.commit, file: target.length > 0 ? 'changed' : 'unchanged' });
}

/** The scope a saved plan was made with, for re-planning it (its staleness check). */
export function scopingOfSaved(plan: Plan, config: DesiredOrg): Scoping | undefined {
  if (!plan.scope) return undefined;
  const selection = parseSelection(plan.scope.target, plan.scope.exclude);
  return scopingOf(config, selection, plan.scope.changed_since);
}

function scopingOf(config: DesiredOrg, selection: Selection, changedSince?: ChangedSince): Scoping {
  const names = new Map(config.projects.map((p) => [p.name, p.renamed_from === undefined ? [] : [p.renamed_from]]));
  const scope = resolveScope(selection, names, config.file);
  return scopedPlanning(config, selection, scope, changedSince);
}
