import type { DesiredSpendAlert } from '../config/model.js';
import { apiPath } from '../providers/openai/api-path.js';
import type { ApiSpendAlert } from '../providers/openai/api-types.js';
import { planCollection } from './collection.js';
import {
  deleteIfPresent,
  payload,
  requireProject,
  requireTarget,
  type ApplyContext,
  type ProjectKind,
} from './kind.js';

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

async function listAlerts(ctx: ApplyContext, projectId: string): Promise<ApiSpendAlert[]> {
  return ctx.client.list<ApiSpendAlert>(apiPath`/organization/projects/${projectId}/spend_alerts`);
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
    const live = scope.live?.spend_alerts ?? [];
    out.countManaged('spend_alert', live.length);
    if (scope.live) {
      out.fingerprint(`${scope.address}.spend_alerts`, live.map((a) => ({ id: a.id, ...normalize(a) })));
    }
    planCollection(out, scope, {
      kind: 'spend_alert',
      desired,
      live,
      key: (d) => String(d.threshold_amount),
      liveKey: (l) => String(l.threshold_amount),
      liveId: (l) => l.id,
      address: (threshold) => `${scope.address}.spend_alert[${threshold}]`,
      fromDesired: (d) => ({ ...toState(d) }),
      fromLive: (l) => ({ ...normalize(l) }),
    });
  },

  toConfig: (live) => ({
    value: live
      .map(normalize)
      .sort((a, b) => a.threshold_amount - b.threshold_amount)
      .map(({ subject_prefix, ...alert }) => ({ ...alert, ...(subject_prefix ? { subject_prefix } : {}) })),
  }),

  async readBack(change, ctx) {
    const live = (await listAlerts(ctx, requireProject(change, ctx))).find((a) => a.id === change.target_id);
    return live ? { ...normalize(live) } : null;
  },

  async apply(change, ctx) {
    const projectId = requireProject(change, ctx);
    if (change.action === 'delete') {
      const id = requireTarget(change);
      await deleteIfPresent(ctx.client, apiPath`/organization/projects/${projectId}/spend_alerts/${id}`);
      return {};
    }
    const state = payload<AlertState>(change.after, change);
    if (change.action === 'update') {
      const id = requireTarget(change);
      await ctx.client.post(apiPath`/organization/projects/${projectId}/spend_alerts/${id}`, toBody(state), {
        idempotent: true,
      });
      return {};
    }
    const created = await ctx.client.post<ApiSpendAlert>(
      apiPath`/organization/projects/${projectId}/spend_alerts`,
      toBody(state),
      { idempotent: false },
    );
    return { createdId: created.id };
  },

  async findCreated(change, ctx) {
    const projectId = requireProject(change, ctx);
    const state = payload<AlertState>(change.after, change);
    const alerts = await listAlerts(ctx, projectId);
    return alerts.find((a) => a.threshold_amount === state.threshold_amount)?.id ?? null;
  },
};
