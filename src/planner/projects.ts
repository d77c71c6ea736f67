// Matches the file's projects to live ones, by name, or by an explicit renamed_from (never
// guessed), and plans their creation, rename and archive.

import type { DesiredProject } from '../config/model.js';
import type { ApiProject } from '../kinds/live-state.js';
import type { DiffContext, ProjectScope } from '../kinds/kind.js';
import type { ProjectRefs } from '../kinds/invite.js';
import { isArchived } from '../kinds/project.js';
import { projectAddress, type PlanBuilder } from '../plan/builder.js';
import { lookAlike } from '../util/lookalike.js';
import { suggest } from '../util/suggest.js';

/** The live project a name means: the active one; an archived one only if no active one exists. */
function findLive(name: string, byName: Map<string, ApiProject[]>, out: PlanBuilder, at: string): ApiProject | undefined {
  const all = byName.get(name.normalize('NFC')) ?? [];
  const active = all.filter((p) => !isArchived(p));
  if (active.length > 1) {
    out.problems.push({
      message: `${at}: ${active.length} active live projects are named ${JSON.stringify(name)} (${active
        .map((p) => p.id)
        .join(', ')}); orgform cannot tell them apart. Rename one in the dashboard first.`,
    });
    return undefined;
  }
  return active[0] ?? all[0];
}

export function planProjects(out: PlanBuilder, ctx: DiffContext): { scopes: ProjectScope[]; refs: ProjectRefs } {
  const byName = new Map<string, ApiProject[]>();
  for (const p of ctx.live.projects) {
    // Names are compared after NFC: a composed and a decomposed é are one name.
    const name = (p.name ?? '').normalize('NFC');
    byName.set(name, [...(byName.get(name) ?? []), p]);
  }
  const scopes: ProjectScope[] = [];
  const refs: ProjectRefs = new Map();
  // Names the file claims, new or old (renamed_from): the live projects not among them are left alone.
  const claimed = new Set(
    ctx.desired.projects.flatMap((p) => [p.name, ...(p.renamed_from === undefined ? [] : [p.renamed_from])]).map((n) => n.normalize('NFC')),
  );
  out.leftAlone(
    'project',
    null,
    ctx.live.projects.filter((p) => !isArchived(p) && !claimed.has((p.name ?? '').normalize('NFC'))).length,
    'projects that are not in the file are never touched',
  );
  for (const desired of ctx.desired.projects) {
    const scope = planProject(desired, byName, out, ctx);
    if (!scope) continue;
    refs.set(desired.name, { ref: scope.ref, ...(scope.createdBy ? { createdBy: scope.createdBy } : {}) });
    if (!desired.archived) scopes.push(scope);
  }
  return { scopes, refs };
}

function planProject(
  desired: DesiredProject,
  byName: Map<string, ApiProject[]>,
  out: PlanBuilder,
  ctx: DiffContext,
): ProjectScope | undefined {
  const address = projectAddress(desired.name);
  // After a rename has been applied, the new name is what exists: renamed_from is then a no-op.
  let live = findLive(desired.name, byName, out, address);
  let renameFrom: ApiProject | undefined;
  const oldStillThere = (byName.get((desired.renamed_from ?? '').normalize('NFC')) ?? []).filter((p) => !isArchived(p));
  if (live && desired.renamed_from !== undefined && oldStillThere.length > 0) {
    // Both names live: the rename cannot happen, and ignoring renamed_from would hide that.
    out.problems.push({
      ...(desired.pos ?? {}),
      message:
        `project ${JSON.stringify(desired.name)} (${live.id}) is renamed_from ${JSON.stringify(desired.renamed_from)}, but both exist live ` +
        `(${JSON.stringify(desired.renamed_from)} is ${oldStillThere.map((p) => p.id).join(', ')}): remove renamed_from to leave ` +
        `${JSON.stringify(desired.renamed_from)} alone, or archive or rename one of them in the organization`,
    });
    return undefined;
  }
  if (!live && desired.renamed_from !== undefined) {
    renameFrom = findLive(desired.renamed_from, byName, out, address);
    live = renameFrom;
  }
  if (live && !isArchived(live)) out.countManaged('project', 1);
  if (live) out.fingerprint(address, { id: live.id, name: live.name ?? null, archived: isArchived(live) });

  if (!live && desired.renamed_from !== undefined) {
    // A typo in renamed_from must not quietly create a second project.
    const near = suggest(desired.renamed_from, [...byName.keys()]);
    out.problems.push({
      ...(desired.pos ?? {}),
      message:
        `project ${JSON.stringify(desired.name)}: renamed_from names no live project ${JSON.stringify(desired.renamed_from)}` +
        (near.length ? ` (did you mean ${near.map((n) => JSON.stringify(n)).join(', ')}?)` : '') +
        '; remove renamed_from to create a new project',
    });
    return undefined;
  }
  if (!live) {
    if (desired.archived) {
      out.note(`no live project is named ${JSON.stringify(desired.name)}: nothing to archive`, address);
      return undefined;
    }
    warnLookAlike(desired.name, byName, out, address);
    const create = out.add({
      action: 'create',
      kind: 'project',
      address,
      before: null,
      after: { name: desired.name },
    });
    return { desired, address, ref: { name: desired.name, created_by: create.id }, createdBy: create.id };
  }

  const ref = { name: desired.name, id: live.id };
  if (isArchived(live)) {
    if (!desired.archived) {
      out.problems.push({
        ...(desired.pos ?? {}),
        message: `project ${JSON.stringify(desired.name)} (${live.id}) is archived, and the API cannot un-archive a project; mark it archived: true, or give the new project another name`,
      });
    }
    return { desired, address, ref, live: {} };
  }
  if (renameFrom) {
    out.add({
      action: 'update',
      kind: 'project',
      address,
      before: { name: renameFrom.name ?? '' },
      after: { name: desired.name },
      target_id: live.id,
      reason: `renamed_from: ${JSON.stringify(desired.renamed_from)}`,
    });
  }
  if (desired.archived) {
    out.add({
      action: 'archive',
      kind: 'project',
      address,
      before: { name: live.name ?? '' },
      after: null,
      target_id: live.id,
      reason: 'archiving is final: the API cannot un-archive or delete a project',
    });
  }
  return { desired, address, ref, live: ctx.live.parts[live.id] ?? {} };
}

/** A new project a person could take for a live one: said before it exists for good. */
function warnLookAlike(name: string, byName: Map<string, ApiProject[]>, out: PlanBuilder, address: string): void {
  for (const [liveName, projects] of byName) {
    const why = lookAlike(name, liveName);
    const active = projects.filter((p) => !isArchived(p));
    if (why === undefined || active.length === 0) continue;
    out.note(
      `new project ${JSON.stringify(name)} looks like live project ${JSON.stringify(liveName)} (${active.map((p) => p.id).join(', ')}): ` +
        `${why}. A project can never be deleted, only archived: check the name, or use renamed_from to rename the live one`,
      address,
      'warning',
    );
  }
}
