// /organization/projects/{project_id}/rate_limits: server-defined rows, one per model.
import { recordEvent } from '../audit.js';
import { RATE_LIMIT_FIELDS } from '../../api/enums.js';
import { badRequest, notFound } from '../http/errors.js';
import { Fields } from '../http/fields.js';
import { paginate, readPageRequest } from '../pagination.js';
import type { RateLimitRecord } from '../types.js';
import { param, route, type ApiObject, type ApiRoute, type RouteContext } from './context.js';
import { requireActiveProject, requireProject } from './lookup.js';

function renderRateLimit(limit: RateLimitRecord): ApiObject {
  return { object: 'project.rate_limit', ...limit };
}

/**
 * Partial update. A field the model does not have (e.g. images per minute on a text model) is
 * refused: accepting it would change the row's shape.
 */
function updateRateLimit(ctx: RouteContext): unknown {
  const project = requireActiveProject(ctx.state, param(ctx, 'project_id'));
  const id = param(ctx, 'rate_limit_id');
  const limit = project.rate_limits.find((r) => r.id === id);
  if (!limit) throw notFound(`No such rate limit: '${id}' in project '${project.id}'.`);
  const body = new Fields(ctx.body, RATE_LIMIT_FIELDS);
  const changes: Record<string, number> = {};
  for (const field of RATE_LIMIT_FIELDS) {
    const value = body.optionalInteger(field, 0);
    if (value === undefined || value === null) continue;
    if (limit[field] === undefined) {
      throw badRequest(`'${field}' does not apply to model '${limit.model}'.`, field);
    }
    changes[field] = value;
  }
  Object.assign(limit, changes);
  recordEvent(ctx.state, ctx.actor, ctx.now, {
    type: 'rate_limit.updated',
    project,
    payload: { id: limit.id, changes_requested: changes },
  });
  return renderRateLimit(limit);
}

export const rateLimitRoutes: ApiRoute[] = [
  route('GET', '/organization/projects/{project_id}/rate_limits', (ctx) => {
    const project = requireProject(ctx.state, param(ctx, 'project_id'));
    return paginate(project.rate_limits.map(renderRateLimit), readPageRequest(ctx.query, { before: true }));
  }),
  route('POST', '/organization/projects/{project_id}/rate_limits/{rate_limit_id}', updateRateLimit),
];
