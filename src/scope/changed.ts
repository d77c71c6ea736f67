// --changed-since: which units of the file differ between two versions of it. The effective
// configs are compared (defaults and templates applied, lists in their canonical order, source
// positions left out), so a template change targets every project that extends it and moving a
// block within the file targets nothing.
//
// A unit is targeted when its own config differs or when what it depends on in the file does:
// `users:` counts everyone under `invites:` as wanted, so a change to invites targets users too.
// What a targeted object needs from outside it (a project to invite someone to, a group a project
// names) is planned with it where it does not exist yet (scope/narrow.ts). A project removed from
// the file targets nothing: the file no longer manages it, and orgform leaves it alone.

import equal from 'fast-deep-equal';
import type { DesiredOrg, DesiredProject } from '../config/model.js';
import { PROJECT_KINDS } from '../kinds/registry.js';
import type { Selector } from './selectors.js';

/** The selectors for what differs between `before` (the file at the ref) and `after` (the working file). */
export function changedSelectors(before: DesiredOrg, after: DesiredOrg): Selector[] {
  const out: Selector[] = [];
  const differs = (a: unknown, b: unknown) => !equal(withoutPositions(a), withoutPositions(b));
  const orgOf = (d: DesiredOrg) => ({ organization: d.organization, groups: d.groups, roles: d.roles, role_assignments: d.role_assignments });
  if (differs(orgOf(before), orgOf(after))) out.push({ type: 'organization' });
  const invitesDiffer = differs(before.invites, after.invites);
  if (differs(before.users, after.users) || (invitesDiffer && after.users !== undefined)) out.push({ type: 'users' });
  if (invitesDiffer) out.push({ type: 'invites' });
  const old = new Map(before.projects.map((p) => [p.name, p]));
  for (const project of after.projects) {
    const was = old.get(project.name);
    if (!was || differs(ownEntry(was), ownEntry(project))) {
      out.push({ type: 'project', name: project.name });
      continue;
    }
    for (const kind of PROJECT_KINDS) {
      if (differs(was[kind.part], project[kind.part])) out.push({ type: 'project', name: project.name, part: kind.part });
    }
  }
  return out;
}

/** A project's entry without its parts: name, renamed_from, archived, create-time fields. */
function ownEntry(project: DesiredProject): Partial<DesiredProject> {
  const own: Partial<DesiredProject> = { ...project };
  for (const kind of PROJECT_KINDS) delete own[kind.part];
  delete own.rate_limit_pos;
  return own;
}

/** The value without `pos` keys: where a thing is written is not what it says. */
function withoutPositions(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutPositions);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key, v]) => key !== 'pos' && key !== 'rate_limit_pos' && v !== undefined)
      .map(([key, v]) => [key, withoutPositions(v)]),
  );
}
