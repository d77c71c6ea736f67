// The plan is plain, versioned data: the JSON form (`--format json`, `plan --out`) is this object.
// Renderers and apply consume it; nothing else is a second model of the plan.

export const PLAN_FORMAT_VERSION = 1;

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** Every resource kind orgform manages. Adding one is one new module under providers/openai/kinds. */
export const KINDS = [
  'organization_data_retention',
  'project',
  'model_permissions',
  'project_data_retention',
  'spend_limit',
  'rate_limit',
  'spend_alert',
  'project_member',
  'service_account',
  'invite',
  'user',
] as const;
export type Kind = (typeof KINDS)[number];

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

export interface Change {
  /** Unique in the plan: `${action} ${address}`. */
  id: string;
  action: Action;
  kind: Kind;
  /** Readable and stable, e.g. `project["Research"].spend_alert[50000]`. */
  address: string;
  /** The live object as orgform compares it (normalized), or null when it does not exist. */
  before: JsonObject | null;
  /** What it will be after apply (normalized), or null when it is removed. */
  after: JsonObject | null;
  /** Ids of changes that must succeed before this one starts. */
  dependsOn: string[];
  /** Removes or archives something (or removes it on the way to replacing it). */
  destructive: boolean;
  /** Why, in words, where the action alone does not say it. */
  reason?: string;
  /** For project-scoped kinds. */
  project?: ProjectRef;
  /** Projects the change assigns (invites), so apply can use ids of projects this plan creates. */
  project_refs?: ProjectRef[];
  /** The live id of the object the change acts on (update, replace, delete, archive). */
  target_id?: string;
  /**
   * Who last changed the live object, from the audit log (drift attribution).
   * Absent: not looked up. null: looked up, and the audit log says nothing.
   */
  attribution?: Attribution | null;
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
  /** In apply order. */
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
}
