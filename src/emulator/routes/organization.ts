// Organization singletons: /organization/data_retention (its enum has no `none` and no
// `organization_default`). Changes are recorded as `organization.updated`.
import { recordEvent } from '../audit.js';
import { ORG_RETENTION_TYPES } from '../../api/enums.js';
import { Fields } from '../http/fields.js';
import type { EmulatorState } from '../types.js';
import { route, type ApiRoute, type RouteContext } from './context.js';

function renderRetention(state: EmulatorState): Record<string, unknown> {
  return { object: 'organization.data_retention', type: state.organization.data_retention };
}

function setRetention(ctx: RouteContext): unknown {
  const body = new Fields(ctx.body, ['retention_type']);
  ctx.state.organization.data_retention = body.oneOf('retention_type', ORG_RETENTION_TYPES);
  recordEvent(ctx.state, ctx.actor, ctx.now, {
    type: 'organization.updated',
    payload: { id: ctx.state.organization.id, changes_requested: { data_retention: body.raw() } },
  });
  return renderRetention(ctx.state);
}

export const organizationRoutes: ApiRoute[] = [
  route('GET', '/organization/data_retention', (ctx) => renderRetention(ctx.state)),
  route('POST', '/organization/data_retention', setRetention),
];
