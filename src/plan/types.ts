// The plan is plain, versioned data: the JSON form (`--format json`, `plan --out`) is this object.
// Renderers and apply consume it; nothing else is a second model of the plan.

export const PLAN_FORMAT_VERSION = 2;

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** The name of a resource kind (`project`, `spend_alert`, …): src/kinds/registry.ts lists them. */
export type Kind = string;

/**
 * create  – a new object (`before` null)
 * update  – change fields of an existing object in place
 * replace – the API cannot update it: delete, then create (invites)
 * delete  – remove it (`after` null)
 * archive – projects only: the API's one-way end state
 */
export const ACTIONS = ['create', 'update', 'replace', 'delete', 'archive'] as const;
export type Action = (typeof ACTIONS)[number];

/** A project an apply step works in: one that exists, or one this plan creates. */
export type ProjectRef =
  | { name: string; id: string }
  | { name: string; created_by: string /* the id of the change that creates it */ };

interface ChangeBase {
  /** Unique in the plan: `${action} ${address}`. */
  id: string;
  kind: Kind;
  /** Readable and stable, e.g. `project["Research"].spend_alert[50000]`. */
  address: string;
  /** Ids of changes that must succeed before this one starts. */
  dependsOn: string[];
  /**
   * Removes something, lifts a control (a spend limit, a model restriction), archives a project,
   * or removes an object on the way to replacing it: marked in every rendering.
   */
  destructive: boolean;
  /** Why, in words, where the action alone does not say it. */
  reason?: string;
  /** For project-scoped kinds. */
  project?: ProjectRef;
  /** Projects the change assigns (invites), so apply can use ids of projects this plan creates. */
  project_refs?: ProjectRef[];
  /** The live id of the object the change acts on (absent for a project's singleton settings). */
  target_id?: string;
  /**
   * Who last changed the live object, from the audit log (drift attribution).
   * Absent: not looked up. null: looked up, and the audit log says nothing.
   */
  attribution?: Attribution | null;
  /**
   * With `plan --explain`: where the file sets the values this change makes, by JSON pointer
   * into the effective config (`/projects/<name>/spend_limit/threshold_amount`). Project changes only.
   */
  sources?: Record<string, ValueSource>;
}

/** Where the file sets one value of the effective config: `defaults:`, a template, or the project. */
export interface ValueSource {
  from: 'defaults' | 'template' | 'project';
  /** The template's name, when `from` is `template`. */
  template?: string;
  file: string;
  line: number;
  column: number;
  /** The effective value, when it is a scalar, null or a list of scalars. */
  value?: Json;
}

/**
 * `before` is the live object as orgform compares it (normalized), null when it does not exist;
 * `after` is what it will be after apply, null when it is removed. The action says which is null.
 */
export type CreateChange = ChangeBase & { action: 'create'; before: null; after: JsonObject };
export type UpdateChange = ChangeBase & { action: 'update'; before: JsonObject; after: JsonObject };
export type ReplaceChange = ChangeBase & { action: 'replace'; before: JsonObject; after: JsonObject; target_id: string };
export type DeleteChange = ChangeBase & { action: 'delete'; before: JsonObject; after: null };
export type ArchiveChange = ChangeBase & { action: 'archive'; before: JsonObject; after: null; target_id: string };
export type Change = CreateChange | UpdateChange | ReplaceChange | DeleteChange | ArchiveChange;

/** The changes that leave an object in place afterwards (what `after` describes). */
export type ChangeWithAfter = CreateChange | UpdateChange | ReplaceChange;

/**
 * A reason the plan must not be applied as it stands. Invariants (`last_owner`, `key_owner`),
 * the file's error-level `policy` rules and `protect` hold whatever the flags; `destroy_limit` gives way to --allow-destroy or higher limits.
 */
export interface Refusal {
  rule: 'last_owner' | 'key_owner' | 'protect' | 'destroy_limit' | 'policy';
  message: string;
  /** The change it is about, when it is about one. */
  address?: string;
}

/** How the plan's kinds read: `noun` for counts; `group` is where org-level changes are shown. */
export interface KindWords {
  noun: [singular: string, plural: string];
  /** `project` for project-scoped kinds; otherwise the heading group (`organization`, `users`, …). */
  group: string;
}

export interface Attribution {
  event_type: string;
  /** The actor's email, or the id of the key or service account when there is no email. */
  actor: string;
  /** Unix seconds. */
  at: number;
}

/** Something the plan wants a reader to know that is not a change. */
export interface PlanNote {
  level: 'info' | 'warning';
  address?: string;
  message: string;
}

/** Live objects of a kind that the file does not manage: counted, never changed. */
export interface Unmanaged {
  kind: Kind;
  /** The project name, or null for org-level kinds. */
  project: string | null;
  count: number;
  why: string;
}

export interface PlanSummary {
  create: number;
  update: number;
  delete: number;
  archive: number;
}

export interface Plan {
  format_version: typeof PLAN_FORMAT_VERSION;
  orgform_version: string;
  config: { file: string; digest: string };
  /** Base URL of the API the plan was made against (never the key). */
  api_base_url: string;
  /** Why the plan must not be applied, shown before the changes. Empty when nothing is refused. */
  refusals: Refusal[];
  /** In apply order: a stable topological order of the dependency edges. */
  changes: Change[];
  summary: PlanSummary;
  notes: PlanNote[];
  unmanaged: Unmanaged[];
  /** address → sha256 of the live object the plan read, to refuse a stale saved plan. */
  fingerprints: Record<string, string>;
  /**
   * How many live objects of each removable kind the file manages (the base of the destroy
   * limits' fraction): user, project_member, invite, spend_alert, service_account, project.
   */
  managed_counts: Record<string, number>;
  /** The words for every kind this plan mentions (renderers need nothing else about kinds). */
  kinds: Record<Kind, KindWords>;
  /** Present when the plan covers only part of the file (--target, --exclude, --changed-since). */
  scope?: PlanScope;
}

// -- Scoped plans (issue 13) ---------------------------------------------------------------------

/**
 * What a scoped plan covers. Apply of a saved scoped plan re-plans within the same selectors to
 * check it is not stale, so it reads and changes nothing outside them.
 */
export interface PlanScope {
  /** The selectors the plan covers (canonical); null: no --target, so everything but `exclude`. */
  target: string[] | null;
  exclude: string[];
  /** Set when --changed-since chose `target`. */
  changed_since?: ChangedSince;
  /** What the file manages that this plan did not look at, in words ("users:", "998 other projects"). */
  not_looked_at: string[];
  /** Ids of changes outside the selectors, planned because a change inside depends on them. */
  dependencies: string[];
}

export interface ChangedSince {
  /** The git ref as given. */
  ref: string;
  /** The commit it named when the plan was made. */
  commit: string;
  /**
   * changed: `target` is what differs; unchanged: nothing differs (target is empty); new: the file
   * is not at the ref; invalid: the file at the ref is not a valid config (new and invalid: everything).
   */
  file: 'changed' | 'unchanged' | 'new' | 'invalid';
}
