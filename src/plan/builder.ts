// Collects what the per-kind diffs find. Local to one planning call, so the diff stays pure.

import { createHash } from 'node:crypto';
import type { DestroyKind, OrgRole, ProjectRole } from '../config/model.js';
import type { Action, Change, Json, JsonObject, Kind, PlanNote, ProjectRef, Unmanaged } from './types.js';

export interface ChangeInit {
  action: Action;
  kind: Kind;
  address: string;
  before: JsonObject | null;
  after: JsonObject | null;
  dependsOn?: string[];
  destructive?: boolean;
  reason?: string;
  project?: ProjectRef;
  project_refs?: ProjectRef[];
  target_id?: string;
}

/** An invite that project membership or the `users:` list needs, merged per email. */
export interface InviteNeed {
  role?: OrgRole;
  projects: Map<string, ProjectRole>;
  why: string[];
}

/** A problem with the file that only the live state reveals (a rate limit for an unknown model). */
export interface LateProblem {
  file?: string;
  line?: number;
  col?: number;
  message: string;
}

export class PlanBuilder {
  readonly changes: Change[] = [];
  readonly notes: PlanNote[] = [];
  readonly unmanaged: Unmanaged[] = [];
  readonly problems: LateProblem[] = [];
  /** Invariants the plan would break (the last owner): refused, whatever the flags. */
  readonly unsafe: string[] = [];
  readonly fingerprints: Record<string, string> = {};
  readonly inviteNeeds = new Map<string, InviteNeed>();
  readonly managedCounts: Record<string, number> = {};

  add(init: ChangeInit): Change {
    const change: Change = {
      id: `${init.action} ${init.address}`,
      action: init.action,
      kind: init.kind,
      address: init.address,
      before: init.before,
      after: init.after,
      dependsOn: [...(init.dependsOn ?? [])].sort(),
      destructive: init.destructive ?? (init.action === 'delete' || init.action === 'archive' || init.action === 'replace'),
      ...(init.reason === undefined ? {} : { reason: init.reason }),
      ...(init.project === undefined ? {} : { project: init.project }),
      ...(init.project_refs === undefined ? {} : { project_refs: init.project_refs }),
      ...(init.target_id === undefined ? {} : { target_id: init.target_id }),
    };
    this.changes.push(change);
    return change;
  }

  /** Live objects of a removable kind that the file manages, for the destroy limits. */
  countManaged(kind: DestroyKind, count: number): void {
    this.managedCounts[kind] = (this.managedCounts[kind] ?? 0) + count;
  }

  note(message: string, address?: string, level: PlanNote['level'] = 'info'): void {
    this.notes.push({ level, message, ...(address === undefined ? {} : { address }) });
  }

  leftAlone(kind: Kind, project: string | null, count: number, why: string): void {
    if (count > 0) this.unmanaged.push({ kind, project, count, why });
  }

  /** Records the live value a decision was made on, so a stale saved plan can be detected. */
  fingerprint(address: string, live: Json): void {
    this.fingerprints[address] = createHash('sha256').update(JSON.stringify(live)).digest('hex');
  }

  needInvite(email: string, need: { role?: OrgRole; project?: string; projectRole?: ProjectRole; why: string }): void {
    const entry = this.inviteNeeds.get(email) ?? { projects: new Map<string, ProjectRole>(), why: [] };
    if (need.role) entry.role = need.role;
    if (need.project && need.projectRole) entry.projects.set(need.project, need.projectRole);
    entry.why.push(need.why);
    this.inviteNeeds.set(email, entry);
  }
}

/** `project["Research"]`: names are quoted JSON strings, so any name stays unambiguous. */
export function projectAddress(name: string): string {
  return `project[${JSON.stringify(name)}]`;
}

/** Keyed collection diff: which desired keys are new, changed or gone. */
export function matchByKey<D, L>(
  desired: D[],
  live: L[],
  desiredKey: (d: D) => string,
  liveKey: (l: L) => string | null,
): { both: [D, L][]; onlyDesired: D[]; onlyLive: L[] } {
  const byKey = new Map<string, L>();
  const onlyLive: L[] = [];
  for (const item of live) {
    const key = liveKey(item);
    if (key === null) continue;
    // Two live objects with one key (the API allows it): the first is matched, the rest are extra.
    if (byKey.has(key)) onlyLive.push(item);
    else byKey.set(key, item);
  }
  const both: [D, L][] = [];
  const onlyDesired: D[] = [];
  const matched = new Set<string>();
  for (const d of desired) {
    const key = desiredKey(d);
    const l = byKey.get(key);
    if (l === undefined) onlyDesired.push(d);
    else {
      both.push([d, l]);
      matched.add(key);
    }
  }
  for (const [key, l] of byKey) if (!matched.has(key)) onlyLive.push(l);
  return { both, onlyDesired, onlyLive };
}
