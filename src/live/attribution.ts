// Drift attribution: for each live object a plan changes, who last changed it and when, from
// the audit log. The Admin API has no event type for spend alerts, spend limits, model
// permissions or project data retention: those are found as `project.updated` events whose
// `changes_requested` names the setting.

import type { Attribution, Change, Kind, Plan } from '../plan/types.js';
import { apiPath } from '../providers/openai/api-path.js';
import type { ApiAuditLog } from '../providers/openai/api-types.js';
import type { AdminClient, Query } from '../providers/openai/client.js';

interface AuditQuery {
  event_types: string[];
  resource_ids?: string[];
  project_ids?: string[];
  /** Only events whose payload's changes_requested has this key. */
  setting?: string;
}

const PAGE_SIZE = 20;

function queryFor(change: Change): AuditQuery | null {
  const id = change.target_id;
  const projectId = change.project && 'id' in change.project ? change.project.id : undefined;
  const setting = (name: string): AuditQuery | null =>
    projectId ? { event_types: ['project.updated'], resource_ids: [projectId], setting: name } : null;
  const kind: Kind = change.kind;
  switch (kind) {
    case 'organization_data_retention':
      return { event_types: ['organization.updated'], setting: 'data_retention' };
    case 'model_permissions':
      return setting('model_permissions');
    case 'project_data_retention':
      return setting('data_retention');
    case 'spend_limit':
      return setting('spend_limit');
    case 'spend_alert':
      return id ? { event_types: ['project.updated'], resource_ids: [id], setting: 'spend_alerts' } : null;
    case 'rate_limit':
      return id ? { event_types: ['rate_limit.updated'], resource_ids: [id] } : null;
    case 'project_member':
      return id && projectId ? { event_types: ['user.added', 'user.updated'], resource_ids: [id], project_ids: [projectId] } : null;
    case 'service_account':
      return id ? { event_types: ['service_account.created', 'service_account.updated'], resource_ids: [id] } : null;
    case 'invite':
      return id ? { event_types: ['invite.sent'], resource_ids: [id] } : null;
    case 'user':
      return id ? { event_types: ['user.added', 'user.updated'], resource_ids: [id] } : null;
    case 'project':
      return id && change.action === 'update' ? { event_types: ['project.updated', 'project.created'], resource_ids: [id] } : null;
  }
}

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

/** The plan with `attribution` on each change to a live object that drifted from the file. */
export async function attributeDrift(client: AdminClient, plan: Plan, maxPages = 3): Promise<Plan> {
  const changes = await Promise.all(
    plan.changes.map(async (change) => {
      if (change.before === null || change.action === 'archive') return change;
      const q = queryFor(change);
      if (!q) return change;
      return { ...change, attribution: await lastChange(client, q, maxPages) };
    }),
  );
  return { ...plan, changes };
}
