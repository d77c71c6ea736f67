// `orgform apply --format json`: one JSON object per line as things happen, like Terraform's
// `apply -json`. The shape is schemas/apply-events.schema.json; a key is never in any event.

import type { ApplyReport, Convergence, Outcome, Superseded } from '../apply/types.js';
import type { Change, JsonObject, Plan } from '../plan/types.js';
import type { StoredKey } from '../secrets/key-sink.js';
import { canonicalPlan } from './json.js';

const APPLY_EVENTS_VERSION = 1;

interface ChangeRef {
  id: string;
  kind: string;
  action: string;
  address: string;
}

export type ApplyEvent =
  | { type: 'apply_started'; format_version: number; plan: JsonObject }
  | { type: 'change_started'; change: ChangeRef }
  | { type: 'change_applied'; change: ChangeRef; message?: string; converged?: Convergence }
  | { type: 'change_failed'; change: ChangeRef; error: string; request_id: string | null }
  | { type: 'change_skipped'; change: ChangeRef; reason: string }
  | ({ type: 'key_stored'; change: ChangeRef } & StoredKey)
  | { type: 'change_superseded'; change: ChangeRef; made: string; kept: string; removal: Superseded['removal'] }
  | {
      type: 'summary';
      applied: number;
      failed: number;
      skipped: number;
      adopted: number;
      duplicates_removed: number;
      superseded: number;
      interrupted: boolean;
    };

/** One line of JSON Lines, stamped with the time it was written. */
export function renderEventLine(event: ApplyEvent, now: Date = new Date()): string {
  return JSON.stringify({ ...event, timestamp: now.toISOString() }) + '\n';
}

export function startedEvent(plan: Plan): ApplyEvent {
  return { type: 'apply_started', format_version: APPLY_EVENTS_VERSION, plan: canonicalPlan(plan) };
}

export function changeStartedEvent(change: Change): ApplyEvent {
  return { type: 'change_started', change: changeRef(change) };
}

export function keyStoredEvent(change: Change, key: StoredKey): ApplyEvent {
  return { type: 'key_stored', change: changeRef(change), ...key };
}

export function outcomeEvent(o: Outcome): ApplyEvent {
  const change = changeRef(o.change);
  switch (o.status) {
    case 'applied':
      return {
        type: 'change_applied',
        change,
        ...(o.message === undefined ? {} : { message: o.message }),
        ...(o.converged === undefined ? {} : { converged: o.converged }),
      };
    case 'failed':
      return { type: 'change_failed', change, error: o.error ?? 'failed', request_id: o.requestId ?? null };
    case 'skipped':
      return { type: 'change_skipped', change, reason: o.error ?? 'a change it depends on did not succeed' };
  }
}

/** After the last change: a copy this apply made, removed since by another writer (apply/types.ts Superseded). */
export function supersededEvent(s: Superseded): ApplyEvent {
  return { type: 'change_superseded', change: changeRef(s.change), made: s.made, kept: s.kept, removal: s.removal };
}

export function summaryEvent(report: ApplyReport | null): ApplyEvent {
  const outcomes = report?.outcomes ?? [];
  const count = (status: Outcome['status']): number => outcomes.filter((o) => o.status === status).length;
  return {
    type: 'summary',
    applied: count('applied'),
    failed: count('failed'),
    skipped: count('skipped'),
    adopted: outcomes.filter((o) => o.converged?.adopted).length,
    duplicates_removed: outcomes.reduce((n, o) => n + (o.converged?.removed.length ?? 0), 0),
    superseded: report?.superseded.length ?? 0,
    interrupted: report?.interrupted ?? false,
  };
}

function changeRef(c: Change): ChangeRef {
  return { id: c.id, kind: c.kind, action: c.action, address: c.address };
}
