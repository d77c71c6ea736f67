// Drift attribution: for each live object a plan changes, who last changed it and when, from the
// audit log. True, cheap and never fatal:
// - only event types the SDK documents, matched on the payload's documented `id`; settings no
//   event covers (retention, spend limits and alerts, model permissions) are said once, not
//   guessed from payload keys the SDK does not have;
// - actions taken with an admin key are associated with the default project (the SDK's note), so
//   a project member's events are not filtered by project;
// - orgform's own key's actions mean the file changed, not the org: no "changed by" for those;
// - a fixed budget of audit-log requests per plan, batched by event type;
// - an audit log that cannot be read leaves the plan as made, with a warning.

import { ApiError, UnexpectedAnswerError } from '../errors.js';
import type { AuditQuery } from '../kinds/kind.js';
import { kindSpec } from '../kinds/registry.js';
import type { Attribution, Change, Kind, Plan, PlanNote } from '../plan/types.js';
import { apiPath } from '../providers/openai/api-path.js';
import type { ApiAdminKey, ApiAuditLog } from '../providers/openai/api-types.js';
import type { AdminClient } from '../providers/openai/client.js';

/** Audit-log requests one plan may spend on attribution. */
export const AUDIT_REQUEST_BUDGET = 10;
const PAGE_SIZE = 100;
/** resource_ids per request: keeps the query string short. */
const IDS_PER_REQUEST = 40;
/** The actor of an event made with the admin key orgform is using. */
const ORGFORM_ACTOR = 'orgform';

export function actorOf(event: ApiAuditLog): string {
  const actor = event.actor;
  return (
    actor?.api_key?.user?.email ??
    actor?.session?.user?.email ??
    actor?.api_key?.service_account?.id ??
    actor?.api_key?.id ??
    'an unknown actor'
  );
}

export async function attributeDrift(client: AdminClient, plan: Plan, budget = AUDIT_REQUEST_BUDGET): Promise<Plan> {
  const wanted: { change: Change; query: AuditQuery }[] = [];
  const uncovered = new Set<Kind>();
  for (const change of plan.changes) {
    if (change.before === null || change.action === 'archive') continue;
    const spec = kindSpec(change.kind);
    if (!spec.audit) uncovered.add(change.kind);
    const query = spec.audit?.(change) ?? null;
    if (query && change.target_id) wanted.push({ change, query });
  }
  const notes: PlanNote[] = [];
  if (uncovered.size > 0) {
    const nouns = [...uncovered].map((k) => kindSpec(k).words.noun[1]).sort();
    notes.push({ level: 'info', message: `the audit log has no event for ${nouns.join(', ')}: who changed them cannot be told` });
  }
  if (wanted.length === 0) return notes.length ? { ...plan, notes: [...plan.notes, ...notes] } : plan;
  const budgeted = { left: budget, used: 0 };
  let found: Map<string, Attribution>;
  try {
    const own = await ownKeyIds(client, budgeted);
    found = await search(client, wanted, own, budgeted);
  } catch (error) {
    if (!(error instanceof ApiError || error instanceof UnexpectedAnswerError)) throw error;
    const message = `no attribution: the audit log could not be read (${error.message}); the changes below are as planned`;
    return { ...plan, notes: [...plan.notes, ...notes, { level: 'warning', message }] };
  }
  const unfinished = budgeted.left <= 0 && found.size < wanted.length;
  const looked = new Set(wanted.map((w) => w.change.id));
  const changes = plan.changes.map((c) => {
    if (!looked.has(c.id)) return c;
    const attribution = found.get(c.id);
    if (attribution) return { ...c, attribution };
    return unfinished ? c : { ...c, attribution: null };
  });
  notes.push({
    level: 'info',
    message:
      `attribution: ${budgeted.used} audit-log request(s) of a budget of ${budget}` +
      (unfinished ? `; the budget ran out before ${wanted.length - found.size} change(s) were found, and they carry no attribution` : ''),
  });
  return { ...plan, changes, notes: [...plan.notes, ...notes] };
}

/** The ids of the admin keys that could be the key in use (no request left: none). */
async function ownKeyIds(client: AdminClient, budget: { left: number; used: number }): Promise<Set<string>> {
  if (budget.left <= 0) return new Set();
  budget.left--;
  budget.used++;
  try {
    const page = await client.get<{ data?: ApiAdminKey[] }>(apiPath`/organization/admin_api_keys`, { limit: PAGE_SIZE });
    return new Set((page.data ?? []).filter((k) => typeof k.redacted_value === 'string' && client.isKeyInUse(k.redacted_value)).map((k) => k.id));
  } catch (error) {
    if (error instanceof ApiError && error.status >= 400 && error.status < 500) return new Set();
    throw error;
  }
}

/** Newest first, one query per batch of changes with the same event types, within the budget. */
async function search(
  client: AdminClient,
  wanted: { change: Change; query: AuditQuery }[],
  own: Set<string>,
  budget: { left: number; used: number },
): Promise<Map<string, Attribution>> {
  const found = new Map<string, Attribution>();
  for (const batch of batches(wanted)) {
    let after: string | undefined;
    while (budget.left > 0 && batch.pending.length > 0) {
      budget.left--;
      budget.used++;
      const page = await client.get<{ data?: ApiAuditLog[]; has_more?: boolean; last_id?: string }>(apiPath`/organization/audit_logs`, {
        limit: PAGE_SIZE,
        after,
        event_types: batch.eventTypes,
        resource_ids: [...new Set(batch.pending.map((w) => w.change.target_id as string))],
      });
      for (const event of page.data ?? []) {
        const index = batch.pending.findIndex((w) => matches(event, w.change));
        if (index < 0) continue;
        const [hit] = batch.pending.splice(index, 1);
        if (hit) found.set(hit.change.id, attributionOf(event, own));
      }
      if (!page.has_more || !page.last_id) break;
      after = page.last_id;
    }
  }
  return found;
}

function batches(wanted: { change: Change; query: AuditQuery }[]) {
  const byTypes = new Map<string, { eventTypes: string[]; pending: { change: Change; query: AuditQuery }[] }[]>();
  for (const w of wanted) {
    const types = [...w.query.event_types].sort();
    const key = types.join(',');
    const list = byTypes.get(key) ?? [];
    let last = list.at(-1);
    if (!last || last.pending.length >= IDS_PER_REQUEST) list.push((last = { eventTypes: types, pending: [] }));
    last.pending.push(w);
    byTypes.set(key, list);
  }
  return [...byTypes.values()].flat();
}

/** The event is about the change's object: its documented payload `id`; for members, the project too. */
function matches(event: ApiAuditLog, change: Change): boolean {
  const payload = (event as unknown as Record<string, { id?: unknown } | undefined>)[event.type];
  if (payload?.id !== change.target_id) return false;
  if (change.kind !== 'project_member') return true;
  const projectId = change.project && 'id' in change.project ? change.project.id : undefined;
  // Admin-key actions are recorded on the default project, whatever project they touched.
  return event.project?.id === projectId || event.actor?.type === 'api_key';
}

function attributionOf(event: ApiAuditLog, own: Set<string>): Attribution {
  const keyId = event.actor?.api_key?.id;
  const actor = keyId !== undefined && own.has(keyId) ? ORGFORM_ACTOR : actorOf(event);
  return { event_type: event.type, actor, at: event.effective_at };
}
