// Drift attribution: for each live object a plan changes, who last changed it and when, from
// the audit log. The Admin API has no event type for spend alerts, spend limits, model
// permissions or project data retention: those are found as `project.updated` events whose
// `changes_requested` names the setting.

import { ApiError, UnexpectedAnswerError } from '../errors.js';
import type { AuditQuery } from '../kinds/kind.js';
import { kindSpec } from '../kinds/registry.js';
import type { Attribution, Plan } from '../plan/types.js';
import { apiPath } from '../providers/openai/api-path.js';
import type { ApiAuditLog } from '../providers/openai/api-types.js';
import type { AdminClient, Query } from '../providers/openai/client.js';

const PAGE_SIZE = 20;

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

function mentions(event: ApiAuditLog, setting: string): boolean {
  const payload = (event as unknown as Record<string, unknown>)[event.type] as
    | { changes_requested?: Record<string, unknown> }
    | undefined;
  return payload?.changes_requested?.[setting] !== undefined;
}

/** The newest matching event, looking at most `maxPages` pages back. */
async function lastChange(client: AdminClient, q: AuditQuery, maxPages: number): Promise<Attribution | null> {
  let after: string | undefined;
  for (let page = 0; page < maxPages; page++) {
    const query: Query = { limit: PAGE_SIZE, after, event_types: q.event_types, resource_ids: q.resource_ids, project_ids: q.project_ids };
    const result = await client.get<{ data: ApiAuditLog[]; has_more?: boolean; last_id?: string }>(
      apiPath`/organization/audit_logs`,
      query,
    );
    const event = result.data.find((e) => q.setting === undefined || mentions(e, q.setting));
    if (event) return { event_type: event.type, actor: actorOf(event), at: event.effective_at };
    if (!result.has_more || !result.last_id) return null;
    after = result.last_id;
  }
  return null;
}

/**
 * The plan with `attribution` on each change to a live object that drifted from the file. The
 * audit log only explains the plan: when it cannot be read (a 403 where audit logging is off),
 * the plan stands without attribution and says so in a warning.
 */
export async function attributeDrift(client: AdminClient, plan: Plan, maxPages = 3): Promise<Plan> {
  try {
    return await attributeAll(client, plan, maxPages);
  } catch (error) {
    if (!(error instanceof ApiError || error instanceof UnexpectedAnswerError)) throw error;
    const message = `no attribution: the audit log could not be read (${error.message}); the changes below are as planned`;
    return { ...plan, notes: [...plan.notes, { level: 'warning', message }] };
  }
}

async function attributeAll(client: AdminClient, plan: Plan, maxPages: number): Promise<Plan> {
  const changes = await Promise.all(
    plan.changes.map(async (change) => {
      if (change.before === null || change.action === 'archive') return change;
      const q = kindSpec(change.kind).audit?.(change) ?? null;
      if (!q) return change;
      return { ...change, attribution: await lastChange(client, q, maxPages) };
    }),
  );
  return { ...plan, changes };
}
