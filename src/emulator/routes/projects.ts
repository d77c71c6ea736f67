// /organization/projects: list, create, retrieve, modify, archive. There is no DELETE in the API;
// the router answers it with 405.
import { recordEvent } from '../audit.js';
import { PROJECT_RESIDENCIES, type ProjectRetentionType } from '../../api/enums.js';
import { badRequest } from '../http/errors.js';
import { Fields } from '../http/fields.js';
import { newId } from '../ids.js';
import { paginate, readPageRequest } from '../pagination.js';
import { defaultRateLimits } from '../rate-limit-catalog.js';
import type { ProjectRecord } from '../types.js';
import { param, route, type ApiObject, type ApiRoute, type RouteContext } from './context.js';
import { requireActiveProject, requireProject } from './lookup.js';

export function renderProject(project: ProjectRecord): ApiObject {
  const view: ApiObject = {
    id: project.id,
    object: 'organization.project',
    name: project.name,
    created_at: project.created_at,
    archived_at: project.archived_at,
    status: project.status,
    external_key_id: project.external_key_id,
  };
  if (project.residency) view['residency'] = project.residency;
  return view;
}

function listProjects(ctx: RouteContext): unknown {
  const includeArchived = ctx.query.bool('include_archived') ?? false;
  const visible = ctx.state.projects.filter((p) => includeArchived || p.status === 'active');
  return paginate(visible.map(renderProject), readPageRequest(ctx.query));
}

function createProject(ctx: RouteContext): unknown {
  const body = new Fields(ctx.body, ['name', 'external_key_id', 'residency', 'geography']);
  const name = body.string('name');
  const externalKeyId = body.optionalString('external_key_id') ?? null;
  const residency = body.optionalOneOf('residency', PROJECT_RESIDENCIES) ?? null;
  const geography = body.optionalString('geography');
  if (residency !== null && geography != null) {
    throw badRequest("'geography' is deprecated and cannot be combined with 'residency'.", 'geography');
  }
  const project: ProjectRecord = {
    id: newId('project'),
    name,
    created_at: ctx.now,
    status: 'active',
    archived_at: null,
    external_key_id: externalKeyId,
    residency,
    is_default: false,
    model_permissions: null,
    data_retention: 'organization_default' satisfies ProjectRetentionType,
    spend_limit: null,
    spend_alerts: [],
    members: [],
    service_accounts: [],
    api_keys: [],
    rate_limits: defaultRateLimits(),
    hosted_tool_permissions: null,
    service_tier_settings: null,
  };
  ctx.state.projects.push(project);
  recordEvent(ctx.state, ctx.actor, ctx.now, {
    type: 'project.created',
    project,
    payload: { id: project.id, data: { name, title: name } },
  });
  return renderProject(project);
}

function modifyProject(ctx: RouteContext): unknown {
  const project = requireActiveProject(ctx.state, param(ctx, 'project_id'));
  const body = new Fields(ctx.body, ['name', 'external_key_id', 'geography']);
  const name = body.optionalString('name');
  const externalKeyId = body.optionalString('external_key_id');
  body.optionalString('geography');
  const changes: Record<string, unknown> = {};
  if (typeof name === 'string') {
    if (name.trim() === '') throw badRequest("Invalid value for 'name': expected a non-empty string.", 'name');
    project.name = name;
    changes['title'] = name;
  }
  if (externalKeyId !== undefined) {
    project.external_key_id = externalKeyId;
    changes['external_key_id'] = externalKeyId;
  }
  recordEvent(ctx.state, ctx.actor, ctx.now, {
    type: 'project.updated',
    project,
    payload: { id: project.id, changes_requested: changes },
  });
  return renderProject(project);
}

/** Archiving an archived project is answered with the project as it is, and records nothing. */
function archiveProject(ctx: RouteContext): unknown {
  const project = requireProject(ctx.state, param(ctx, 'project_id'));
  if (project.status === 'archived') return renderProject(project);
  project.status = 'archived';
  project.archived_at = ctx.now;
  recordEvent(ctx.state, ctx.actor, ctx.now, { type: 'project.archived', project, payload: { id: project.id } });
  return renderProject(project);
}

export const projectRoutes: ApiRoute[] = [
  route('GET', '/organization/projects', listProjects),
  route('POST', '/organization/projects', createProject),
  route('GET', '/organization/projects/{project_id}', (ctx) =>
    renderProject(requireProject(ctx.state, param(ctx, 'project_id'))),
  ),
  route('POST', '/organization/projects/{project_id}', modifyProject),
  route('POST', '/organization/projects/{project_id}/archive', archiveProject),
];
