// Project singletons with a partial update (GET/POST, no DELETE): hosted_tool_permissions and
// service_tier_settings. Neither has an audit event type of its own: recorded as `project.updated`.
import type { HostedToolPermissionsShape, ServiceTierSettingsShape } from '../access-shapes.js';
import { HOSTED_TOOLS, OPTIONAL_SERVICE_TIERS, SERVICE_TIER_DEFAULTS } from '../../api/enums.js';
import { recordProjectSetting } from '../audit.js';
import { badRequest } from '../http/errors.js';
import { Fields } from '../http/fields.js';
import type {
  HostedToolPermissionsRecord,
  OptionalServiceTier,
  ProjectRecord,
  ServiceTierSettingsRecord,
} from '../types.js';
import { param, route, type ApiRoute, type RouteContext } from './context.js';
import { requireActiveProject } from './lookup.js';
import { readProjectSetting as read } from './project-settings.js';

export { HOSTED_TOOLS, OPTIONAL_SERVICE_TIERS, SERVICE_TIER_DEFAULTS };

/** Never set: every tool enabled. The SDK does not say what a new project starts with; a guess. */
export function defaultHostedTools(): HostedToolPermissionsRecord {
  return Object.fromEntries(HOSTED_TOOLS.map((t) => [t, { enabled: true }])) as HostedToolPermissionsRecord;
}

/** Never set: standard by default and every optional tier allowed (a guess, as above). */
export function defaultServiceTiers(): ServiceTierSettingsRecord {
  return { default: 'standard', enabled_tiers: 'all' };
}

function renderTools(project: ProjectRecord): HostedToolPermissionsShape {
  return structuredClone(project.hosted_tool_permissions ?? defaultHostedTools());
}

/** Each tool is optional and nullable; inside, `enabled` is required. Absent or null: unchanged. */
function updateTools(ctx: RouteContext): unknown {
  const project = requireActiveProject(ctx.state, param(ctx, 'project_id'));
  const body = new Fields(ctx.body, HOSTED_TOOLS);
  const next = renderTools(project);
  const raw = body.raw();
  for (const tool of HOSTED_TOOLS) {
    if (raw[tool] == null) continue;
    const enabled = body.nested(tool, ['enabled']).optionalBoolean('enabled');
    if (enabled == null) throw badRequest(`Missing required parameter: '${tool}.enabled'.`, `${tool}.enabled`);
    next[tool] = { enabled };
  }
  project.hosted_tool_permissions = next;
  recordProjectSetting(ctx.state, ctx.actor, ctx.now, project, 'hosted_tool_permissions', body.raw());
  return renderTools(project);
}

function renderTiers(project: ProjectRecord): ServiceTierSettingsShape {
  const settings = structuredClone(project.service_tier_settings ?? defaultServiceTiers());
  return { object: 'project.service_tier_settings', ...settings };
}

function readEnabledTiers(body: Fields): ServiceTierSettingsRecord['enabled_tiers'] | undefined {
  if (!body.has('enabled_tiers')) return undefined;
  if (body.raw()['enabled_tiers'] === 'all') return 'all';
  const tiers = body.stringArray('enabled_tiers');
  const unknown = tiers.find((t) => !(OPTIONAL_SERVICE_TIERS as readonly string[]).includes(t));
  if (unknown !== undefined) {
    throw badRequest(
      `Invalid value for 'enabled_tiers': '${unknown}'. Supported values are: 'all' or a list of ${OPTIONAL_SERVICE_TIERS.join(', ')}.`,
      'enabled_tiers',
    );
  }
  return [...new Set(tiers)] as OptionalServiceTier[];
}

/** At least one field; omitted ones are kept, and the result must be consistent as a whole. */
function updateTiers(ctx: RouteContext): unknown {
  const project = requireActiveProject(ctx.state, param(ctx, 'project_id'));
  const body = new Fields(ctx.body, ['default', 'enabled_tiers']);
  const requestedDefault = body.optionalOneOf('default', SERVICE_TIER_DEFAULTS) ?? undefined;
  const enabled = readEnabledTiers(body);
  if (requestedDefault === undefined && enabled === undefined) {
    throw badRequest("Provide at least one of 'default' or 'enabled_tiers'.", 'default');
  }
  const current = project.service_tier_settings ?? defaultServiceTiers();
  const next: ServiceTierSettingsRecord = {
    default: requestedDefault ?? current.default,
    enabled_tiers: enabled ?? current.enabled_tiers,
  };
  // A default tier that is not enabled could never apply; refusing it is a guess at the API.
  if (next.default === 'fast' && next.enabled_tiers !== 'all' && !next.enabled_tiers.includes('fast')) {
    throw badRequest("The default tier 'fast' must be one of the 'enabled_tiers'.", 'default');
  }
  project.service_tier_settings = next;
  recordProjectSetting(ctx.state, ctx.actor, ctx.now, project, 'service_tier_settings', body.raw());
  return renderTiers(project);
}

const BASE = '/organization/projects/{project_id}';

export const projectToolRoutes: ApiRoute[] = [
  route('GET', `${BASE}/hosted_tool_permissions`, read(renderTools)),
  route('POST', `${BASE}/hosted_tool_permissions`, updateTools),
  route('GET', `${BASE}/service_tier_settings`, read(renderTiers)),
  route('POST', `${BASE}/service_tier_settings`, updateTiers),
];
