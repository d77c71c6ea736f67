// Collects what the per-kind diffs find. Local to one planning call, so the diff stays pure.

import { createHash } from 'node:crypto';
import type { OrgRole, ProjectRole } from '../api/enums.js';
import type { Change, Json, Kind, PlanNote, Refusal, Unmanaged } from './types.js';

type Optional = 'id' | 'dependsOn' | 'destructive';
type Init<C> = C extends Change ? Omit<C, Optional> & { dependsOn?: string[]; destructive?: boolean } : never;
/** What a diff says about one change; the builder derives its id and defaults. */
export type ChangeInit = Init<Change>;

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
  readonly refusals: Refusal[] = [];
  readonly fingerprints: Record<string, string> = {};
  readonly inviteNeeds = new Map<string, InviteNeed>();
  readonly managedCounts: Record<string, number> = {};

  add(init: ChangeInit): Change {
    const change = {
      ...init,
      id: `${init.action} ${init.address}`,
      dependsOn: [...(init.dependsOn ?? [])].sort(),
      destructive: init.destructive ?? (init.action !== 'create' && init.action !== 'update'),
    } as Change;
    this.changes.push(change);
    return change;
  }

  /** Live objects of a removable kind that the file manages, for the destroy limits. */
  countManaged(kind: Kind, count: number): void {
    this.managedCounts[kind] = (this.managedCounts[kind] ?? 0) + count;
  }

  /** Runs `diff` keeping none of the managed counts it adds: a scoped plan's context is no base of the destroy limits. */
  withoutCounts<T>(diff: () => T): T {
    const before = { ...this.managedCounts };
    const result = diff();
    for (const kind of Object.keys(this.managedCounts)) {
      const was = before[kind];
      if (was === undefined) delete this.managedCounts[kind];
      else this.managedCounts[kind] = was;
    }
    return result;
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
