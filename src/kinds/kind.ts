// The seam every resource kind plugs into: how it reads, how it is named and ordered, how it is
// compared with the file (pure, into a PlanBuilder), how one change is carried out, and how the
// audit log tells who last changed it. The planner, apply, attribution and the renderers know a
// kind only through this interface and the registry.

import type { Path } from '../config/locate.js';
import type { DesiredOrg, DesiredProject } from '../config/model.js';
import type { PlanBuilder } from '../plan/builder.js';
import type { Change, JsonObject, Kind, KindWords, ProjectRef } from '../plan/types.js';
import { ApiError, InternalError } from '../errors.js';
import type { ApiPath } from '../providers/openai/api-path.js';
import type { ApiOrgUser } from '../providers/openai/api-types.js';
import type { AdminClient } from '../providers/openai/client.js';
import type { KeySink, StoredKey } from '../secrets/key-sink.js';
import type { CreateIdentity } from './identity.js';
import type { LiveOrg, LiveProjectParts, OrgPart, ProjectPart } from './live-state.js';

export interface ApplyContext {
  client: AdminClient;
  /** The id of an existing project, or of the one an earlier change of this apply created. */
  projectId(ref: ProjectRef): string;
  /** Where new service accounts' one-time keys go; without one, no key is made. */
  keySink?: KeySink;
  /** Told about each one-time key kept for this change (never given the key itself). */
  onKeyStored?: (key: StoredKey) => void;
  /** The config file the plan was made from, for the commands a message suggests. */
  configFile: string;
}

export interface ApplyResult {
  /** The id of the object a create made (projects: later changes in them need it). */
  createdId?: string;
  /** When the object a create made was made (its `created_at`), where the answer says. */
  createdAt?: number;
  /** Something the user must know, e.g. where a one-time key was written. */
  message?: string;
  /**
   * The last step of a create, run only once apply keeps the object it made: a new service
   * account's one-time key is stored then, never for a copy removed as a duplicate. Its answer is
   * the message.
   */
  keep?: () => Promise<string>;
}

/** Why apply adopts a live object instead of the one a create would have made. */
export type AdoptedBecause = 'lost_answer' | 'another_writer';

export interface DiffContext {
  desired: DesiredOrg;
  live: LiveOrg;
  /** Org users by lower-cased email; present when anything the file manages needs it. */
  usersByEmail?: Map<string, ApiOrgUser>;
  /**
   * A scoped plan's whole file (`desired` is then cut down to the scope): an invite is one object,
   * planned as the whole file wants it, with every project the file gives the person.
   */
  whole?: DesiredOrg;
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

/** One key of an exported config file: its value, and a comment to write beside it. */
export interface Exported {
  /** What the file says; undefined: the key is left out (then `comment` goes on the parent). */
  value?: unknown;
  comment?: string;
}

export interface ExportContext {
  /** Everything export read: a kind that exports relative to the rest (rate limits) looks here. */
  live: LiveOrg;
  /** Every rate-limit row, not only those that differ from what most projects have. */
  allRateLimits: boolean;
  /** Only part of the org was read (a scoped export): what most projects have is unknown, so nothing is left out as usual. */
  scoped?: boolean;
}

/** An audit-log query for the last change to one live object. */
export interface AuditQuery {
  event_types: string[];
  resource_ids?: string[];
  project_ids?: string[];
}

interface KindSpecBase {
  kind: Kind;
  words: KindWords;
  /**
   * Where this kind's creates and updates stand in a printed plan (lower first). Removals and
   * archives come after every addition; apply itself follows only the dependency edges.
   */
  phase: number;
  apply(change: Change, ctx: ApplyContext): Promise<ApplyResult>;
  /**
   * How a create finds the object by its identity (name, threshold, user): before the create
   * (another writer may have made it since the plan), after it (verify it is the only one), and
   * when its answer was lost or the API refused a second one. See apply/converge.ts.
   */
  identity?: CreateIdentity;
  /**
   * Finishes an adopted object the way apply would have (a service account's role; its key when
   * the answer was lost); returns what the user must know about it, if anything.
   */
  completeAdopted?(change: Change, ctx: ApplyContext, id: string, because: AdoptedBecause): Promise<string | undefined>;
  /**
   * Where the audit log records the last change to the object a change acts on, by event types the
   * SDK documents (matched on the payload's `id`); absent when no event covers the kind.
   */
  audit?(change: Change): AuditQuery | null;
  /** For an update whose outcome is unknown: the object as it is now, in the change's shape. */
  readBack?(change: Change, ctx: ApplyContext): Promise<JsonObject | null>;
  /**
   * Where, under `projects.<name>` of the file, the values a project change makes are set (what
   * `plan --explain` reports); absent: the kind's part.
   */
  sourcePaths?(change: Change): Path[];
}

/** A kind that lives inside a project: read and diffed once per project the file names. */
export interface ProjectKind<P extends ProjectPart = ProjectPart> extends KindSpecBase {
  scope: 'project';
  /** The config key and the live part this kind manages. */
  part: P;
  /**
   * The project's other parts this kind's diff looks at (their live state, or their changes to
   * depend on). A scoped plan of this part alone reads and compares them too, and keeps their
   * changes only where this part's changes depend on them.
   */
  consults?: readonly ProjectPart[];
  read(client: AdminClient, projectId: string): Promise<LiveProjectParts[P]>;
  /** How many objects of this kind a read holds, when not every row is one (default: the rows). */
  count?(value: NonNullable<LiveProjectParts[P]>): number;
  diff(scope: ProjectScope, out: PlanBuilder, ctx: DiffContext): void;
  /** The live part as the file says it (export): the value of `projects.<name>.<part>`. */
  toConfig(live: Exclude<LiveProjectParts[P], undefined>, ctx: ExportContext): Exported;
}

/** What an organization-level kind reads: one part of LiveOrg. */
export interface OrgRead<P extends OrgPart = OrgPart> {
  part: P;
  /** Whether a file needs this part read (it manages the kind, or another kind resolves through it). */
  neededBy(desired: DesiredOrg): boolean;
  fetch(client: AdminClient): Promise<Exclude<LiveOrg[P], undefined>>;
  /** Only the objects with these keys (users by email), for a scoped plan that needs no others. */
  fetchOnly?(client: AdminClient, keys: readonly string[]): Promise<Exclude<LiveOrg[P], undefined>>;
}

/** A kind of the organization itself. Projects and invites are planned by the planner's own steps. */
export interface OrgKind extends KindSpecBase {
  scope: 'organization';
  /** Compares the file with the live organization; absent where a planner step does it. */
  diff?(out: PlanBuilder, ctx: DiffContext): void;
  /** Absent for projects: the reader always lists them. */
  read?: OrgRead;
  /** Where the kind stands in a config file (`['organization', 'data_retention']`, `['users']`). */
  configPath?: string[];
  /** The live state as the file says it (export); undefined when the part was not read. */
  toConfig?(live: LiveOrg, ctx: ExportContext): Exported | undefined;
}

export type KindSpec = ProjectKind | OrgKind;

/** Reads a plan change's normalized payload back as the kind's own shape. */
export function payload<T>(value: JsonObject | null, change: Change): T {
  if (value === null) throw new InternalError(`${change.id}: the change has no payload to apply`);
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
