// /organization/projects/{project_id}/api_keys. No create here: keys come from service accounts
// (or the seed). Only the redacted value is ever served.
import { recordEvent } from '../audit.js';
import { API_KEY_ACCESS_FILTERS } from '../../api/enums.js';
import { badRequest, notFound } from '../http/errors.js';
import { Fields } from '../http/fields.js';
import { paginate, readPageRequest } from '../pagination.js';
import type { ApiKeyRecord, EmulatorState, ProjectRecord } from '../types.js';
import { deleted, param, route, type ApiObject, type ApiRoute, type RouteContext } from './context.js';
import { findUser, requireActiveProject, requireProject } from './lookup.js';

function renderOwner(state: EmulatorState, project: ProjectRecord, key: ApiKeyRecord): Record<string, unknown> {
  if (key.owner.type === 'service_account') {
    const accountId = key.owner.service_account_id;
    const account = project.service_accounts.find((a) => a.id === accountId);
    return {
      type: 'service_account',
      service_account: {
        id: accountId,
        name: account?.name ?? '',
        role: account?.role ?? 'none',
        created_at: account?.created_at ?? 0,
      },
    };
  }
  const userId = key.owner.user_id;
  const user = findUser(state, userId);
  const member = project.members.find((m) => m.user_id === userId);
  return {
    type: 'user',
    user: {
      id: userId,
      email: user?.email ?? '',
      name: user?.name ?? '',
      role: member?.role ?? user?.role ?? 'member',
      created_at: user?.added_at ?? 0,
    },
  };
}

/** A user's key stays enabled when they leave the project, but loses project access. */
function ownerAccess(project: ProjectRecord, key: ApiKeyRecord): 'active' | 'inactive' {
  if (key.owner.type === 'service_account') return 'active';
  const userId = key.owner.user_id;
  return project.members.some((m) => m.user_id === userId) ? 'active' : 'inactive';
}

function renderKey(state: EmulatorState, project: ProjectRecord, key: ApiKeyRecord): ApiObject {
  return {
    id: key.id,
    object: 'organization.project.api_key',
    name: key.name,
    redacted_value: key.redacted_value,
    created_at: key.created_at,
    last_used_at: key.last_used_at,
    expires_at: key.expires_at,
    owner_project_access: ownerAccess(project, key),
    owner: renderOwner(state, project, key),
  };
}

function requireKey(project: ProjectRecord, id: string): ApiKeyRecord {
  const key = project.api_keys.find((k) => k.id === id);
  if (!key) throw notFound(`No such API key: '${id}' in project '${project.id}'.`);
  return key;
}

function listKeys(ctx: RouteContext): unknown {
  const project = requireProject(ctx.state, param(ctx, 'project_id'));
  const access = ctx.query.oneOf('owner_project_access', API_KEY_ACCESS_FILTERS) ?? 'any';
  const keys = project.api_keys.filter((k) => access === 'any' || ownerAccess(project, k) === access);
  return paginate(
    keys.map((k) => renderKey(ctx.state, project, k)),
    readPageRequest(ctx.query),
  );
}

function updateKey(ctx: RouteContext): unknown {
  const project = requireActiveProject(ctx.state, param(ctx, 'project_id'));
  const key = requireKey(project, param(ctx, 'api_key_id'));
  const body = new Fields(ctx.body, ['scopes', 'expires_in_seconds']);
  if (!body.has('scopes') && !body.has('expires_in_seconds')) {
    throw badRequest("At least one of 'scopes' or 'expires_in_seconds' is required.", 'scopes');
  }
  if (key.expires_at !== null && key.expires_at <= ctx.now) {
    throw badRequest(`API key '${key.id}' has expired and cannot be updated.`, 'api_key_id');
  }
  const changes: Record<string, unknown> = {};
  if (body.has('scopes')) key.scopes = changes['scopes'] = body.stringArray('scopes');
  if (body.has('expires_in_seconds')) {
    key.expires_at = ctx.now + body.integer('expires_in_seconds', 1);
    changes['expires_in_seconds'] = key.expires_at - ctx.now;
  }
  recordEvent(ctx.state, ctx.actor, ctx.now, {
    type: 'api_key.updated',
    project,
    payload: { id: key.id, changes_requested: changes },
  });
  return renderKey(ctx.state, project, key);
}

function deleteKey(ctx: RouteContext): unknown {
  const project = requireActiveProject(ctx.state, param(ctx, 'project_id'));
  const key = requireKey(project, param(ctx, 'api_key_id'));
  project.api_keys = project.api_keys.filter((k) => k !== key);
  recordEvent(ctx.state, ctx.actor, ctx.now, { type: 'api_key.deleted', project, payload: { id: key.id } });
  return deleted('organization.project.api_key.deleted', key.id);
}

const KEYS = '/organization/projects/{project_id}/api_keys';

export const apiKeyRoutes: ApiRoute[] = [
  route('GET', KEYS, listKeys),
  route('GET', `${KEYS}/{api_key_id}`, (ctx) => {
    const project = requireProject(ctx.state, param(ctx, 'project_id'));
    return renderKey(ctx.state, project, requireKey(project, param(ctx, 'api_key_id')));
  }),
  route('POST', `${KEYS}/{api_key_id}`, updateKey),
  route('DELETE', `${KEYS}/{api_key_id}`, deleteKey),
];
