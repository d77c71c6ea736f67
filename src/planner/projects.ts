// Matches the file's projects to live ones, by name, or by an explicit renamed_from (never
// guessed), and plans their creation, rename and archive.

import type { DesiredProject } from '../config/model.js';
import type { ApiProject } from '../kinds/live-state.js';
import type { DiffContext, ProjectScope } from '../kinds/kind.js';
import type { ProjectRefs } from '../kinds/invite.js';
import { isArchived } from '../kinds/project.js';
import { projectAddress, type PlanBuilder } from '../plan/builder.js';
import { lookAlike } from '../util/lookalike.js';
import type { JsonObject } from '../plan/types.js';
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

/** `counts`: whether a project is counted as managed (a scoped plan counts only those it covers). */
export function planProjects(
  out: PlanBuilder,
  ctx: DiffContext,
  counts: (name: string) => boolean = () => true,
): { scopes: ProjectScope[]; refs: ProjectRefs } {
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
    const plan = () => planProject(desired, byName, out, ctx);
    const scope = counts(desired.name) ? plan() : out.withoutCounts(plan);
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
  if (live) {
    const seen: JsonObject = { id: live.id, name: live.name ?? null, archived: isArchived(live) };
    if (desired.external_key_id !== undefined) seen['external_key_id'] = live.external_key_id ?? null;
    out.fingerprint(address, seen);
  }

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
      after: createFields(desired),
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
  if (!desired.archived) checkResidency(desired, live, out);
  const { before, after } = updatedFields(desired, live, renameFrom);
  if (Object.keys(after).length > 0) {
    out.add({
      action: 'update',
      kind: 'project',
      address,
      before,
      after,
      target_id: live.id,
      ...(renameFrom ? { reason: `renamed_from: ${JSON.stringify(desired.renamed_from)}` } : {}),
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

/** What a create sends: the name and the create-time fields the file gives. */
function createFields(desired: DesiredProject): JsonObject {
  return {
    name: desired.name,
    ...(desired.residency !== undefined && { residency: desired.residency }),
    ...(typeof desired.external_key_id === 'string' && { external_key_id: desired.external_key_id }),
  };
}

/** The fields an existing project's update changes: its name (an explicit rename), its external key. */
function updatedFields(desired: DesiredProject, live: ApiProject, renameFrom: ApiProject | undefined): { before: JsonObject; after: JsonObject } {
  const before: JsonObject = {};
  const after: JsonObject = {};
  if (renameFrom) {
    before['name'] = renameFrom.name ?? '';
    after['name'] = desired.name;
  }
  const key = desired.external_key_id;
  if (!desired.archived && key !== undefined && (live.external_key_id ?? null) !== key) {
    before['external_key_id'] = live.external_key_id ?? null;
    after['external_key_id'] = key;
  }
  return { before, after };
}

/** Residency is set at create and never changes: a difference is the file's error, never a replace. */
function checkResidency(desired: DesiredProject, live: ApiProject, out: PlanBuilder): void {
  const liveResidency = live.residency ?? null;
  if (desired.residency === undefined || liveResidency === desired.residency) return;
  out.problems.push({
    ...(desired.pos ?? {}),
    message:
      `project ${JSON.stringify(desired.name)} (${live.id}) has residency ${liveResidency === null ? 'none' : JSON.stringify(liveResidency)}, ` +
      `and the file asks for ${JSON.stringify(desired.residency)}: residency is set when a project is created and cannot change. ` +
      'Remove residency from the file to leave it alone, or create a new project under another name (projects can only be archived, never recreated).',
  });
}
