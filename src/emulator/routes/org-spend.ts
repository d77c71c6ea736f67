// /organization/spend_limit (GET/POST/DELETE) and /organization/spend_alerts: the same bodies and
// rules as the project ones. No event type of their own in the SDK, so each change is recorded
// as `organization.updated`, like the organization's data retention.
import { recordEvent } from '../audit.js';
import { notFound } from '../http/errors.js';
import { Fields } from '../http/fields.js';
import { newId } from '../ids.js';
import { paginate, readPageRequest } from '../pagination.js';
import type { SpendAlertRecord, SpendLimitRecord } from '../types.js';
import { deleted, param, route, type ApiRoute, type RouteContext } from './context.js';
import { readAlert, readSpendLimit, renderAlert, renderSpendLimit, SPEND_LIMIT_FIELDS } from './spend-controls.js';

function recordChange(ctx: RouteContext, resource: string, change: unknown, subjectId?: string): void {
  recordEvent(ctx.state, ctx.actor, ctx.now, {
    type: 'organization.updated',
    payload: { id: ctx.state.organization.id, changes_requested: { [resource]: change } },
    resourceIds: subjectId ? [subjectId] : [],
  });
}

function requireLimit(ctx: RouteContext): SpendLimitRecord {
  if (!ctx.state.spend_limit) throw notFound('No spend limit is set for this organization.');
  return ctx.state.spend_limit;
}

function upsertLimit(ctx: RouteContext): unknown {
  const body = new Fields(ctx.body, SPEND_LIMIT_FIELDS);
  const limit = readSpendLimit(body, ctx.state.spend_limit);
  ctx.state.spend_limit = limit;
  recordChange(ctx, 'spend_limit', body.raw());
  return renderSpendLimit(limit, 'organization.spend_limit');
}

function deleteLimit(ctx: RouteContext): unknown {
  requireLimit(ctx);
  ctx.state.spend_limit = null;
  recordChange(ctx, 'spend_limit', { deleted: true });
  return deleted('organization.spend_limit.deleted');
}

function requireAlert(ctx: RouteContext): SpendAlertRecord {
  const id = param(ctx, 'alert_id');
  const alert = ctx.state.spend_alerts.find((a) => a.id === id);
  if (!alert) throw notFound(`No such spend alert: '${id}'.`);
  return alert;
}

const render = (alert: SpendAlertRecord) => renderAlert(alert, 'organization.spend_alert');

function createAlert(ctx: RouteContext): unknown {
  const alert: SpendAlertRecord = { id: newId('spend_alert'), ...readAlert(ctx.body) };
  ctx.state.spend_alerts.push(alert);
  recordChange(ctx, 'spend_alerts', alert, alert.id);
  return render(alert);
}

function replaceAlert(ctx: RouteContext): unknown {
  const alert = requireAlert(ctx);
  Object.assign(alert, readAlert(ctx.body));
  recordChange(ctx, 'spend_alerts', alert, alert.id);
  return render(alert);
}

function deleteAlert(ctx: RouteContext): unknown {
  const alert = requireAlert(ctx);
  ctx.state.spend_alerts = ctx.state.spend_alerts.filter((a) => a !== alert);
  recordChange(ctx, 'spend_alerts', { id: alert.id, deleted: true }, alert.id);
  return deleted('organization.spend_alert.deleted', alert.id);
}

const ALERTS = '/organization/spend_alerts';

export const orgSpendRoutes: ApiRoute[] = [
  route('GET', '/organization/spend_limit', (ctx) => renderSpendLimit(requireLimit(ctx), 'organization.spend_limit')),
  route('POST', '/organization/spend_limit', upsertLimit),
  route('DELETE', '/organization/spend_limit', deleteLimit),
  route('GET', ALERTS, (ctx) =>
    paginate(ctx.state.spend_alerts.map(render), readPageRequest(ctx.query, { before: true, order: true })),
  ),
  route('POST', ALERTS, createAlert),
  route('GET', `${ALERTS}/{alert_id}`, (ctx) => render(requireAlert(ctx))),
  route('POST', `${ALERTS}/{alert_id}`, replaceAlert),
  route('DELETE', `${ALERTS}/{alert_id}`, deleteAlert),
];
