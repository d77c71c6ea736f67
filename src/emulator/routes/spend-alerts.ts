// /organization/projects/{project_id}/spend_alerts. Update is a full replace: every field required.
import { recordProjectSetting } from '../audit.js';
import { notFound } from '../http/errors.js';
import { newId } from '../ids.js';
import { paginate, readPageRequest } from '../pagination.js';
import type { ProjectRecord, SpendAlertRecord } from '../types.js';
import { readAlert, renderAlert } from './spend-controls.js';
import { deleted, param, route, type ApiRoute, type RouteContext } from './context.js';
import { requireActiveProject, requireProject } from './lookup.js';

function requireAlert(project: ProjectRecord, id: string): SpendAlertRecord {
  const alert = project.spend_alerts.find((a) => a.id === id);
  if (!alert) throw notFound(`No such spend alert: '${id}' in project '${project.id}'.`);
  return alert;
}

function createAlert(ctx: RouteContext): unknown {
  const project = requireActiveProject(ctx.state, param(ctx, 'project_id'));
  const alert: SpendAlertRecord = { id: newId('spend_alert'), ...readAlert(ctx.body) };
  project.spend_alerts.push(alert);
  recordProjectSetting(ctx.state, ctx.actor, ctx.now, project, 'spend_alerts', alert, alert.id);
  return renderAlert(alert, 'project.spend_alert');
}

function replaceAlert(ctx: RouteContext): unknown {
  const project = requireActiveProject(ctx.state, param(ctx, 'project_id'));
  const alert = requireAlert(project, param(ctx, 'alert_id'));
  Object.assign(alert, readAlert(ctx.body));
  recordProjectSetting(ctx.state, ctx.actor, ctx.now, project, 'spend_alerts', alert, alert.id);
  return renderAlert(alert, 'project.spend_alert');
}

function deleteAlert(ctx: RouteContext): unknown {
  const project = requireActiveProject(ctx.state, param(ctx, 'project_id'));
  const alert = requireAlert(project, param(ctx, 'alert_id'));
  project.spend_alerts = project.spend_alerts.filter((a) => a !== alert);
  recordProjectSetting(ctx.state, ctx.actor, ctx.now, project, 'spend_alerts', { id: alert.id, deleted: true }, alert.id);
  return deleted('project.spend_alert.deleted', alert.id);
}

const ALERTS = '/organization/projects/{project_id}/spend_alerts';

export const spendAlertRoutes: ApiRoute[] = [
  route('GET', ALERTS, (ctx) => {
    const project = requireProject(ctx.state, param(ctx, 'project_id'));
    const alerts = project.spend_alerts.map((a) => renderAlert(a, 'project.spend_alert'));
    return paginate(alerts, readPageRequest(ctx.query, { before: true, order: true }));
  }),
  route('POST', ALERTS, createAlert),
  route('GET', `${ALERTS}/{alert_id}`, (ctx) => {
    const project = requireProject(ctx.state, param(ctx, 'project_id'));
    return renderAlert(requireAlert(project, param(ctx, 'alert_id')), 'project.spend_alert');
  }),
  route('POST', `${ALERTS}/{alert_id}`, replaceAlert),
  route('DELETE', `${ALERTS}/{alert_id}`, deleteAlert),
];
