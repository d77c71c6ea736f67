import equal from 'fast-deep-equal';
import type { DesiredSpendAlert } from '../../../config/model.js';
import { matchByKey } from '../../../planner/builder.js';
import { apiPath } from '../api-path.js';
import type { ApiSpendAlert } from '../api-types.js';
import {
  deleteIfPresent,
  onProject,
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
    const address = (threshold: number) => `${scope.address}.spend_alert[${threshold}]`;
    const { both, onlyDesired, onlyLive } = matchByKey(
      desired,
      live,
      (d) => String(d.threshold_amount),
      (l) => String(l.threshold_amount),
    );
    for (const d of onlyDesired) {
      out.add({
        action: 'create',
        kind: 'spend_alert',
        address: address(d.threshold_amount),
        before: null,
        after: { ...toState(d) },
        dependsOn: onProject(scope),
        project: scope.ref,
      });
    }
    for (const [d, l] of both) {
      const before = normalize(l);
      const after = toState(d);
      if (equal(before, after)) continue;
      out.add({
        action: 'update',
        kind: 'spend_alert',
        address: address(d.threshold_amount),
        before: { ...before },
        after: { ...after },
        project: scope.ref,
        target_id: l.id,
      });
    }
    const duplicated = new Set(live.filter((a, i) => live.findIndex((b) => b.threshold_amount === a.threshold_amount) !== i).map((a) => a.threshold_amount));
    for (const l of onlyLive) {
      out.add({
        action: 'delete',
        kind: 'spend_alert',
        // A live duplicate of a threshold gets its id in the address: every change has its own.
        address: duplicated.has(l.threshold_amount) ? `${address(l.threshold_amount)}#${l.id}` : address(l.threshold_amount),
        before: { ...normalize(l) },
        after: null,
        project: scope.ref,
        target_id: l.id,
      });
    }
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
