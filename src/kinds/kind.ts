// The seam every resource kind plugs into: read its live state, compare it with the file
// (pure, into a PlanBuilder), and carry out one change.

import type { DesiredOrg, DesiredProject } from '../config/model.js';
import type { PlanBuilder } from '../plan/builder.js';
import type { Change, JsonObject, Kind, ProjectRef } from '../plan/types.js';
import { ApiError } from '../errors.js';
import type { ApiPath } from '../providers/openai/api-path.js';
import type { ApiOrgUser } from '../providers/openai/api-types.js';
import type { AdminClient } from '../providers/openai/client.js';
import type { LiveOrg, LiveProjectParts, ProjectPart } from './live-state.js';

export interface ApplyContext {
  client: AdminClient;
  /** The id of an existing project, or of the one an earlier change of this apply created. */
  projectId(ref: ProjectRef): string;
  secretsDir?: string;
}

export interface ApplyResult {
  /** The id of the object a create made (projects: later changes in them need it). */
  createdId?: string;
  /** Something the user must know, e.g. where a one-time key was written. */
  message?: string;
}

export interface DiffContext {
  desired: DesiredOrg;
  live: LiveOrg;
  /** Org users by lower-cased email; present when anything the file manages needs it. */
  usersByEmail?: Map<string, ApiOrgUser>;
}

/** A project the file names, matched (or not yet) to a live one. */
export interface ProjectScope {
  desired: DesiredProject;
  address: string;
  ref: ProjectRef;
  /** The change that creates the project, when this plan creates it. */
  createdBy?: string;
  /** What was read of the live project; undefined when the project does not exist yet. */
  live?: LiveProjectParts;
}

export interface ProjectKind<P extends ProjectPart = ProjectPart> {
  kind: Kind;
  /** The config key and the live part this kind manages. */
  part: P;
  read(client: AdminClient, projectId: string): Promise<LiveProjectParts[P]>;
  diff(scope: ProjectScope, out: PlanBuilder, ctx: DiffContext): void;
  apply(change: Change, ctx: ApplyContext): Promise<ApplyResult>;
  /** For a create whose outcome is unknown: the id of the object if the server made it. */
  findCreated?(change: Change, ctx: ApplyContext): Promise<string | null>;
  /**
   * Finishes an adopted object the way apply would have (a service account's role and key);
   * returns what the user must know about it, if anything.
   */
  completeAdopted?(change: Change, ctx: ApplyContext, id: string): Promise<string | undefined>;
}

export interface OrgKind {
  kind: Kind;
  apply(change: Change, ctx: ApplyContext): Promise<ApplyResult>;
  findCreated?(change: Change, ctx: ApplyContext): Promise<string | null>;
}

/** Reads a plan change's normalized payload back as the kind's own shape. */
export function payload<T>(value: JsonObject | null, change: Change): T {
  if (value === null) throw new Error(`${change.id}: the change has no payload to apply`);
  return value as unknown as T;
}

/** Dependencies on the project's own creation, when this plan creates it. */
export function onProject(scope: ProjectScope): string[] {
  return scope.createdBy ? [scope.createdBy] : [];
}

export function requireTarget(change: Change): string {
  if (!change.target_id) throw new Error(`${change.id}: the change names no live object`);
  return change.target_id;
}

export function requireProject(change: Change, ctx: ApplyContext): string {
  if (!change.project) throw new Error(`${change.id}: the change names no project`);
  return ctx.projectId(change.project);
}

/** DELETE where "already gone" (404, e.g. a retry after a lost response) counts as done. */
export async function deleteIfPresent(client: AdminClient, path: ApiPath): Promise<void> {
  try {
    await client.delete(path);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return;
    throw error;
  }
}
