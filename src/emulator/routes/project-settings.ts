// Project singletons: model_permissions (GET/POST/DELETE), data_retention (GET/POST) and
// spend_limit (GET/POST/DELETE). None has an audit event type of its own, so each change is
// recorded as `project.updated` with the request under `changes_requested.<resource>`.
import { recordProjectSetting } from '../audit.js';
import { MODEL_PERMISSION_MODES, PROJECT_RETENTION_TYPES } from '../../api/enums.js';
import { notFound } from '../http/errors.js';
import { Fields } from '../http/fields.js';
import type { ProjectRecord, SpendLimitRecord } from '../types.js';
import { readSpendLimit, renderSpendLimit, SPEND_LIMIT_FIELDS } from './spend-controls.js';
import { deleted, param, route, type ApiRoute, type RouteContext } from './context.js';
import { requireActiveProject, requireProject } from './lookup.js';

const BASE = '/organization/projects/{project_id}';

/** Never set (or deleted) reads as a deny list of nothing: no restriction. */
function renderModelPermissions(project: ProjectRecord): Record<string, unknown> {
  const permissions = project.model_permissions ?? { mode: 'deny_list', model_ids: [] };
  return { object: 'project.model_permissions', mode: permissions.mode, model_ids: [...permissions.model_ids] };
}

function setModelPermissions(ctx: RouteContext): unknown {
  const project = requireActiveProject(ctx.state, param(ctx, 'project_id'));
  const body = new Fields(ctx.body, ['mode', 'model_ids']);
  const mode = body.oneOf('mode', MODEL_PERMISSION_MODES);
  const modelIds = [...new Set(body.stringArray('model_ids'))];
  project.model_permissions = { mode, model_ids: modelIds };
  recordProjectSetting(ctx.state, ctx.actor, ctx.now, project, 'model_permissions', body.raw());
  return renderModelPermissions(project);
}

function resetModelPermissions(ctx: RouteContext): unknown {
  const project = requireActiveProject(ctx.state, param(ctx, 'project_id'));
  project.model_permissions = null;
  recordProjectSetting(ctx.state, ctx.actor, ctx.now, project, 'model_permissions', { deleted: true });
  return deleted('project.model_permissions.deleted');
}

function renderRetention(project: ProjectRecord): Record<string, unknown> {
  return { object: 'project.data_retention', type: project.data_retention };
}

function setRetention(ctx: RouteContext): unknown {
  const project = requireActiveProject(ctx.state, param(ctx, 'project_id'));
  const body = new Fields(ctx.body, ['retention_type']);
  project.data_retention = body.oneOf('retention_type', PROJECT_RETENTION_TYPES);
  recordProjectSetting(ctx.state, ctx.actor, ctx.now, project, 'data_retention', body.raw());
  return renderRetention(project);
}

/** No limit set is a 404, as for any missing object. */
function requireSpendLimit(project: ProjectRecord): SpendLimitRecord {
  if (!project.spend_limit) throw notFound(`No spend limit is set for project '${project.id}'.`);
  return project.spend_limit;
}

function upsertSpendLimit(ctx: RouteContext): unknown {
  const project = requireActiveProject(ctx.state, param(ctx, 'project_id'));
  const body = new Fields(ctx.body, SPEND_LIMIT_FIELDS);
  project.spend_limit = readSpendLimit(body, project.spend_limit);
  recordProjectSetting(ctx.state, ctx.actor, ctx.now, project, 'spend_limit', body.raw());
  return renderSpendLimit(project.spend_limit, 'project.spend_limit');
}

function deleteSpendLimit(ctx: RouteContext): unknown {
  const project = requireActiveProject(ctx.state, param(ctx, 'project_id'));
  requireSpendLimit(project);
  project.spend_limit = null;
  recordProjectSetting(ctx.state, ctx.actor, ctx.now, project, 'spend_limit', { deleted: true });
  return deleted('project.spend_limit.deleted');
}

export const readProjectSetting = (render: (p: ProjectRecord) => unknown) => (ctx: RouteContext) =>
  render(requireProject(ctx.state, param(ctx, 'project_id')));

export const projectSettingRoutes: ApiRoute[] = [
  route('GET', `${BASE}/model_permissions`, readProjectSetting(renderModelPermissions)),
  route('POST', `${BASE}/model_permissions`, setModelPermissions),
  route('DELETE', `${BASE}/model_permissions`, resetModelPermissions),
  route('GET', `${BASE}/data_retention`, readProjectSetting(renderRetention)),
  route('POST', `${BASE}/data_retention`, setRetention),
  route('GET', `${BASE}/spend_limit`, readProjectSetting((p) => renderSpendLimit(requireSpendLimit(p), 'project.spend_limit'))),
  route('POST', `${BASE}/spend_limit`, upsertSpendLimit),
  route('DELETE', `${BASE}/spend_limit`, deleteSpendLimit),
];
