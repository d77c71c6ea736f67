// A `protect:` entry that names nothing protects nothing: a typo there (`dvae@example.com`,
// `Legasy`) would leave the object it meant to guard unguarded, so it is a problem, with the
// nearest names. The file alone cannot tell (a protected user is usually not in the file), so
// this runs against what was read.

import type { DesiredOrg } from '../config/model.js';
import type { DiffContext } from '../kinds/kind.js';
import type { PlanBuilder } from '../plan/builder.js';
import { suggest } from '../util/suggest.js';

export function checkProtectNamesSomething(out: PlanBuilder, ctx: DiffContext): void {
  const { desired, live } = ctx;
  const projects = [
    ...desired.projects.flatMap((p) => [p.name, ...(p.renamed_from === undefined ? [] : [p.renamed_from])]),
    ...live.projects.flatMap((p) => (p.name === null || p.name === undefined ? [] : [p.name])),
  ];
  report(out, desired, 'projects', 'project', desired.protect.projects, projects, (n) => n.normalize('NFC'));
  const users = [
    ...(desired.users ?? []).map((u) => u.email),
    ...(desired.invites ?? []).map((i) => i.email),
    ...desired.projects.flatMap((p) => (p.members ?? []).map((m) => m.email)),
    ...(live.users ?? []).flatMap((u) => (u.email ? [u.email] : [])),
    ...(live.invites ?? []).map((i) => i.email),
  ];
  report(out, desired, 'users', 'user', desired.protect.users, users, (e) => e.toLowerCase());
}

function report(
  out: PlanBuilder,
  desired: DesiredOrg,
  list: 'projects' | 'users',
  noun: string,
  entries: string[],
  known: string[],
  canon: (v: string) => string,
): void {
  const names = new Set(known.map(canon));
  for (const entry of entries) {
    if (names.has(canon(entry))) continue;
    const near = suggest(entry, [...new Set(known)]);
    out.problems.push({
      ...(desired.protect_pos?.[list][entry] ?? {}),
      message:
        `protect.${list}: ${JSON.stringify(entry)} names no ${noun} in the file or the live organization, so it protects nothing` +
        (near.length ? ` (did you mean ${near.map((n) => JSON.stringify(n)).join(', ')}?)` : ''),
    });
  }
}
