import type { DesiredSpendAlert } from '../config/model.js';
import type { PlanBuilder } from '../plan/builder.js';
import type { Change, Kind } from '../plan/types.js';
import { apiPath, type ApiPath } from '../providers/openai/api-path.js';
import type { ApiSpendAlert } from '../providers/openai/api-types.js';
import type { AdminClient } from '../providers/openai/client.js';
import { planCollection, type CollectionScope } from './collection.js';
import type { CreateIdentity } from './identity.js';
import { deleteIfPresent, payload, requireProject, requireTarget, type ApplyContext, type ApplyResult, type ProjectKind } from './kind.js';

// The project's and the organization's spend alerts: one collection shape over a path prefix.

interface AlertState {
  threshold_amount: number;
  recipients: string[];
  subject_prefix: string | null;
}

function normalize(live: ApiSpendAlert): AlertState {
  return {
    threshold_amount: live.threshold_amount,
    recipients: [...new Set(live.notification_channel.recipients.map((r) => r.toLowerCase()))].sort(),
    subject_prefix: live.notification_channel.subject_prefix ?? null,
  };
}

function toState(d: DesiredSpendAlert): AlertState {
  return { threshold_amount: d.threshold_amount, recipients: d.recipients, subject_prefix: d.subject_prefix };
}

// Create and update take the same body, every field required: an update is a full replace.
function toBody(state: AlertState): object {
  return {
    currency: 'USD',
    interval: 'month',
    threshold_amount: state.threshold_amount,
    notification_channel: { type: 'email', recipients: state.recipients, subject_prefix: state.subject_prefix },
  };
}

export interface AlertPlace {
  kind: Kind;
  /** The owner's address: the list is `<owner>.spend_alerts`, an alert `<owner>.spend_alert[<threshold>]`. */
  owner: string;
  /** What was read; undefined when the owner does not exist yet (a project this plan creates). */
  live: ApiSpendAlert[] | undefined;
}

export function planSpendAlerts(out: PlanBuilder, scope: CollectionScope, desired: DesiredSpendAlert[], place: AlertPlace): void {
  const live = place.live ?? [];
  out.countManaged(place.kind, live.length);
  if (place.live) out.fingerprint(`${place.owner}.spend_alerts`, live.map((a) => ({ id: a.id, ...normalize(a) })));
  planCollection(out, scope, {
    kind: place.kind,
    desired,
    live,
    key: (d) => String(d.threshold_amount),
    liveKey: (l) => String(l.threshold_amount),
    liveId: (l) => l.id,
    address: (threshold) => `${place.owner}.spend_alert[${threshold}]`,
    fromDesired: (d) => ({ ...toState(d) }),
    fromLive: (l) => ({ ...normalize(l) }),
  });
}

/** The list's path and one alert's path, for the owner a change acts in. */
export interface AlertPaths {
  list: ApiPath;
  one(id: string): ApiPath;
}

export async function applySpendAlert(change: Change, client: AdminClient, paths: AlertPaths): Promise<ApplyResult> {
  if (change.action === 'delete') {
    await deleteIfPresent(client, paths.one(requireTarget(change)));
    return {};
  }
  const state = payload<AlertState>(change.after, change);
  if (change.action === 'update') {
    await client.post(paths.one(requireTarget(change)), toBody(state), { idempotent: true });
    return {};
  }
  const created = await client.post<ApiSpendAlert>(paths.list, toBody(state), { idempotent: false });
  return { createdId: created.id };
}

/**
 * The API lets two alerts of one owner share a threshold (the file's key for an alert). Alerts
 * carry no `created_at`: the copy kept is the one with the smallest id.
 */
export function alertIdentity(paths: (change: Change, ctx: ApplyContext) => AlertPaths): CreateIdentity {
  return {
    duplicates: 'allowed',
    removal: 'deleted',
    async find(change, ctx) {
      const state = payload<AlertState>(change.after, change);
      const alerts = await ctx.client.list<ApiSpendAlert>(paths(change, ctx).list);
      return alerts.filter((a) => a.threshold_amount === state.threshold_amount).map((a) => ({ id: a.id }));
    },
    remove: (change, ctx, id) => deleteIfPresent(ctx.client, paths(change, ctx).one(id)),
  };
}

/** An adopted alert gets the file's recipients and subject (an update is a full replace). */
export async function completeAdoptedAlert(change: Change, client: AdminClient, paths: AlertPaths, id: string): Promise<undefined> {
  await client.post(paths.one(id), toBody(payload<AlertState>(change.after, change)), { idempotent: true });
  return undefined;
}

/** The export mapping: the file's shape of live alerts, by threshold. */
export function spendAlertsToConfig(live: ApiSpendAlert[]): Array<Record<string, unknown>> {
  return [...live]
    .sort((a, b) => a.threshold_amount - b.threshold_amount)
    .map((a) => {
      const { subject_prefix, ...rest } = normalize(a);
      return { ...rest, ...(subject_prefix ? { subject_prefix } : {}) };
    });
}

function projectAlertPaths(change: Change, ctx: ApplyContext): AlertPaths {
  const projectId = requireProject(change, ctx);
  return {
    list: apiPath`/organization/projects/${projectId}/spend_alerts`,
    one: (id) => apiPath`/organization/projects/${projectId}/spend_alerts/${id}`,
  };
}

export const spendAlert: ProjectKind<'spend_alerts'> = {
  kind: 'spend_alert',
  scope: 'project',
  words: { noun: ['spend alert', 'spend alerts'], group: 'project' },
  phase: 2,
  part: 'spend_alerts',

  read: (client, projectId) => client.list<ApiSpendAlert>(apiPath`/organization/projects/${projectId}/spend_alerts`),

  diff(scope, out) {
    const desired = scope.desired.spend_alerts;
    if (desired === undefined) return;
    planSpendAlerts(out, scope, desired, {
      kind: 'spend_alert',
      owner: scope.address,
      live: scope.live ? (scope.live.spend_alerts ?? []) : undefined,
    });
  },

  toConfig: (live) => ({ value: spendAlertsToConfig(live) }),

  async readBack(change, ctx) {
    const live = (await ctx.client.list<ApiSpendAlert>(projectAlertPaths(change, ctx).list)).find((a) => a.id === change.target_id);
    return live ? { ...normalize(live) } : null;
  },

  apply: (change, ctx) => applySpendAlert(change, ctx.client, projectAlertPaths(change, ctx)),
  identity: alertIdentity(projectAlertPaths),
  completeAdopted: (change, ctx, id) => completeAdoptedAlert(change, ctx.client, projectAlertPaths(change, ctx), id),
};
