// Whether a scope covers a change, a note or a count: by the unit of the config it belongs to.

import { kindSpec, PROJECT_KINDS } from '../kinds/registry.js';
import type { Change, Kind, PlanNote, Unmanaged } from '../plan/types.js';
import { coversPart, type Scope } from './scope.js';

type Unit = { type: 'organization' | 'users' | 'invites' } | { type: 'project'; name: string; part: string | null };

/** The unit of the config a change of `kind` belongs to (a project's own entry has part null). */
function unitOf(kind: Kind, project: string | undefined): Unit | null {
  const spec = kindSpec(kind);
  if (spec.scope === 'project') return project === undefined ? null : { type: 'project', name: project, part: spec.part };
  if (kind === 'project') return project === undefined ? null : { type: 'project', name: project, part: null };
  if (kind === 'user') return { type: 'users' };
  if (kind === 'invite') return { type: 'invites' };
  return { type: 'organization' };
}

function covers(scope: Scope, unit: Unit | null): boolean {
  if (unit === null) return false;
  if (unit.type !== 'project') return scope[unit.type];
  const selection = scope.projects.get(unit.name);
  if (!selection) return false;
  return unit.part === null ? selection.own : selection.parts.has(unit.part as never);
}

/** Whether the scope covers the objects of `kind` (in `project`, for a project's own kinds). */
export function coversKind(scope: Scope, kind: Kind, project?: string): boolean {
  return covers(scope, unitOf(kind, project));
}

/** The project a `project["NAME"]…` address is about. */
export function projectOfAddress(address: string): string | undefined {
  const match = /^project(\[".*?(?<!\\)"\])/.exec(address);
  if (!match?.[1]) return undefined;
  try {
    return JSON.parse(match[1].slice(1, -1)) as string;
  } catch {
    return undefined;
  }
}

/**
 * Whether the scope covers a change. An invite is covered by `invites`, or when something in
 * scope needs it (`neededInScope`: a member not in the organization yet, a `users:` entry).
 */
export function coversChange(scope: Scope, change: Change, neededInScope: (email: string) => boolean): boolean {
  if (change.kind === 'invite' && !scope.invites) {
    const email = (change.after ?? change.before)['email'];
    return typeof email === 'string' && neededInScope(email);
  }
  const project = change.kind === 'project' ? projectOfAddress(change.address) : change.project?.name;
  return covers(scope, unitOf(change.kind, project));
}

/**
 * Whether a note stays: one about no object, about a change the plan keeps, or about something
 * the scope covers. A project part's addresses are `project["NAME"].<kind without project_>…`.
 */
export function coversNote(scope: Scope, note: PlanNote, kept: ReadonlySet<string>): boolean {
  const address = note.address;
  if (address === undefined || kept.has(address)) return true;
  if (address.startsWith('user[')) return scope.users;
  if (address.startsWith('invite[')) return scope.invites;
  const project = projectOfAddress(address);
  if (project === undefined) return scope.organization;
  const selection = scope.projects.get(project);
  if (!selection) return false;
  const rest = address.slice(`project[${JSON.stringify(project)}]`.length);
  if (rest === '') return selection.own;
  const segment = /^\.([a-z_]+)/.exec(rest)?.[1];
  const kind = PROJECT_KINDS.find((k) => k.kind.replace(/^project_/, '') === segment);
  return kind ? coversPart(scope, project, kind.part) : selection.own;
}

/**
 * Whether a count of what was left alone stays. Projects outside the file are not counted in a
 * scoped plan: its header says which projects it did not look at.
 */
export function coversUnmanaged(scope: Scope, u: Unmanaged): boolean {
  if (u.kind === 'project' && u.project === null) return false;
  return covers(scope, unitOf(u.kind, u.project ?? undefined));
}
