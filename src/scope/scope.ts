// A scope, resolved: which units of a config a plan covers. Built from the --target and --exclude
// selectors against the project names that exist (the file's for plan and apply, the live
// organization's for export): a selector naming no project is an error before anything is read,
// since a typo would otherwise plan nothing and look like "No changes.".

import { UsageError } from '../errors.js';
import type { ProjectPart } from '../kinds/live-state.js';
import { formatSelector, parseSelector, projectParts, unknownProjectHint, type Selector } from './selectors.js';

/** What a scope covers of one project: its own entry (create, rename, archive) and which parts. */
export interface ProjectSelection {
  own: boolean;
  parts: ReadonlySet<ProjectPart>;
}

export interface Scope {
  /** The organization's own settings and access: `organization:`, `groups:`, `roles:`, `role_assignments:`. */
  organization: boolean;
  users: boolean;
  invites: boolean;
  /** Project name (as the file or the org writes it) → what is covered; a project not here is outside the scope. */
  projects: ReadonlyMap<string, ProjectSelection>;
}

/** The selectors as given: `target` null when no --target was given (everything, less `exclude`). */
export interface Selection {
  target: Selector[] | null;
  exclude: Selector[];
}

export function parseSelection(target: readonly string[] | null, exclude: readonly string[]): Selection {
  return {
    target: target === null ? null : target.map((t) => parseSelector(t, '--target')),
    exclude: exclude.map((e) => parseSelector(e, '--exclude')),
  };
}

/** The selection as orgform records it in a plan: canonical, sorted, without repeats. */
export function formatSelection(selection: Selection): { target: string[] | null; exclude: string[] } {
  const canon = (list: Selector[]) => [...new Set(list.map(formatSelector))].sort();
  return { target: selection.target === null ? null : canon(selection.target), exclude: canon(selection.exclude) };
}

/**
 * The scope over `projects` (name → the names that also mean it, e.g. a renamed_from): each
 * project selector must name one of them.
 */
export function resolveScope(selection: Selection, projects: ReadonlyMap<string, readonly string[]>, where: string): Scope {
  const byAlias = new Map<string, string>();
  for (const [name, aliases] of projects) for (const alias of [name, ...aliases]) byAlias.set(alias.normalize('NFC'), name);
  const projectOf = (s: Extract<Selector, { type: 'project' }>, flag: string): string => {
    const name = byAlias.get(s.name);
    if (name !== undefined) return name;
    throw new UsageError(
      `${flag} ${formatSelector(s)}: ${where} has no project named ${JSON.stringify(s.name)}${unknownProjectHint(s.name, [...projects.keys()])}`,
    );
  };
  const all = projectParts();
  const scope = { ...orgUnitsOf(selection), projects: new Map<string, { own: boolean; parts: Set<ProjectPart> }>() };
  const select = (s: Selector, on: boolean, flag: string) => {
    if (s.type !== 'project') return;
    const name = projectOf(s, flag);
    const entry = scope.projects.get(name) ?? { own: false, parts: new Set<ProjectPart>() };
    if (s.part === undefined) entry.own = on;
    for (const part of s.part === undefined ? all : [s.part]) {
      if (on) entry.parts.add(part);
      else entry.parts.delete(part);
    }
    scope.projects.set(name, entry);
  };
  if (selection.target === null) {
    for (const name of projects.keys()) select({ type: 'project', name }, true, '--target');
  } else {
    for (const s of selection.target) select(s, true, '--target');
  }
  for (const s of selection.exclude) select(s, false, '--exclude');
  for (const [name, entry] of scope.projects) if (!entry.own && entry.parts.size === 0) scope.projects.delete(name);
  return scope;
}

/** What a selection covers of the organization's own units: known before any project is. */
export function orgUnitsOf(selection: Selection): Pick<Scope, 'organization' | 'users' | 'invites'> {
  const units = { organization: false, users: false, invites: false };
  for (const key of Object.keys(units) as (keyof typeof units)[]) {
    const named = (list: Selector[]) => list.some((s) => s.type === key);
    units[key] = (selection.target === null || named(selection.target)) && !named(selection.exclude);
  }
  return units;
}

/** Whether a selection may cover `part` of some project (before the projects are known). */
export function mayCoverPart(selection: Selection, part: ProjectPart): boolean {
  const covers = (s: Selector) => s.type === 'project' && (s.part === undefined || s.part === part);
  return selection.target === null || selection.target.some(covers);
}

/** Whether a scope covers `part` of project `name`. */
export function coversPart(scope: Scope, name: string, part: ProjectPart): boolean {
  return scope.projects.get(name)?.parts.has(part) ?? false;
}
