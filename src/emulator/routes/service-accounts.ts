// /organization/projects/{project_id}/service_accounts. Create answers the key's secret once;
// only its redacted form is kept, and it shows up under the project's api_keys.
import { recordEvent } from '../audit.js';
import { badRequest } from '../http/errors.js';
import { Fields } from '../http/fields.js';
import { newId, newServiceAccountSecret } from '../ids.js';
import { paginate, readPageRequest } from '../pagination.js';
import type { ApiKeyRecord, ProjectRecord, ServiceAccountRecord } from '../types.js';
import { deleted, param, route, type ApiObject, type ApiRoute, type RouteContext } from './context.js';
import { requireActiveProject, requireProject, requireServiceAccount } from './lookup.js';

const SA_ROLES_SETTABLE = ['member', 'owner'] as const;

function renderAccount(account: ServiceAccountRecord): ApiObject {
  return {
    id: account.id,
    object: 'organization.project.service_account',
    name: account.name,
    role: account.role,
    created_at: account.created_at,
  };
}

/** Adds a key for the account and answers it with its one-time `value`. */
function issueKey(
  ctx: RouteContext,
  project: ProjectRecord,
  account: ServiceAccountRecord,
  options: { name: string; expiresInSeconds: number | null; scopes: string[] },
): ApiObject {
  const secret = newServiceAccountSecret();
  const key: ApiKeyRecord = {
    id: newId('api_key'),
    name: options.name,
    redacted_value: secret.redacted_value,
    created_at: ctx.now,
    last_used_at: null,
    expires_at: options.expiresInSeconds === null ? null : ctx.now + options.expiresInSeconds,
    scopes: options.scopes,
    owner: { type: 'service_account', service_account_id: account.id },
  };
  project.api_keys.push(key);
  recordEvent(ctx.state, ctx.actor, ctx.now, {
    type: 'api_key.created',
    project,
    payload: { id: key.id, data: { scopes: key.scopes } },
    resourceIds: [account.id],
  });
  return {
    id: key.id,
    object: 'organization.project.service_account.api_key',
    name: key.name,
    value: secret.value,
    created_at: key.created_at,
    expires_at: key.expires_at,
  };
}

function createAccount(ctx: RouteContext): unknown {
  const project = requireActiveProject(ctx.state, param(ctx, 'project_id'));
  const body = new Fields(ctx.body, ['name', 'create_service_account_only', 'expires_in_seconds']);
  const name = body.string('name');
  const accountOnly = body.optionalBoolean('create_service_account_only') ?? false;
  const expiresIn = body.optionalInteger('expires_in_seconds', 1) ?? null;
  if (accountOnly && expiresIn !== null) {
    throw badRequest(
      "'expires_in_seconds' cannot be combined with 'create_service_account_only': true.",
      'expires_in_seconds',
    );
  }
  const account: ServiceAccountRecord = {
    id: newId('service_account'),
    name,
    role: accountOnly ? 'none' : 'member',
    created_at: ctx.now,
  };
  project.service_accounts.push(account);
  recordEvent(ctx.state, ctx.actor, ctx.now, {
    type: 'service_account.created',
    project,
    payload: { id: account.id, data: { role: account.role } },
  });
  const apiKey = accountOnly
    ? null
    : issueKey(ctx, project, account, { name: 'Secret Key', expiresInSeconds: expiresIn, scopes: [] });
  return { ...renderAccount(account), api_key: apiKey };
}

function updateAccount(ctx: RouteContext): unknown {
  const project = requireActiveProject(ctx.state, param(ctx, 'project_id'));
  const account = requireServiceAccount(project, param(ctx, 'service_account_id'));
  const body = new Fields(ctx.body, ['name', 'role']);
  const name = body.optionalString('name');
  const role = body.optionalOneOf('role', SA_ROLES_SETTABLE);
  const changes: Record<string, unknown> = {};
  if (typeof name === 'string') {
    if (name.trim() === '') throw badRequest("Invalid value for 'name': expected a non-empty string.", 'name');
    account.name = name;
    changes['name'] = name;
  }
  if (role) {
    account.role = role;
    changes['role'] = role;
  }
  recordEvent(ctx.state, ctx.actor, ctx.now, {
    type: 'service_account.updated',
    project,
    payload: { id: account.id, changes_requested: changes },
  });
  return renderAccount(account);
}

function deleteAccount(ctx: RouteContext): unknown {
  const project = requireActiveProject(ctx.state, param(ctx, 'project_id'));
  const account = requireServiceAccount(project, param(ctx, 'service_account_id'));
  project.service_accounts = project.service_accounts.filter((a) => a !== account);
  project.api_keys = project.api_keys.filter(
    (k) => !(k.owner.type === 'service_account' && k.owner.service_account_id === account.id),
  );
  recordEvent(ctx.state, ctx.actor, ctx.now, {
    type: 'service_account.deleted',
    project,
    payload: { id: account.id },
  });
  return deleted('organization.project.service_account.deleted', account.id);
}

function createExtraKey(ctx: RouteContext): unknown {
  const project = requireActiveProject(ctx.state, param(ctx, 'project_id'));
  const account = requireServiceAccount(project, param(ctx, 'service_account_id'));
  const body = new Fields(ctx.body, ['name', 'expires_in_seconds', 'scopes']);
  return issueKey(ctx, project, account, {
    name: body.optionalString('name') ?? 'Secret Key',
    expiresInSeconds: body.optionalInteger('expires_in_seconds', 1) ?? null,
    scopes: body.has('scopes') ? body.stringArray('scopes') : [],
  });
}

const ACCOUNTS = '/organization/projects/{project_id}/service_accounts';

export const serviceAccountRoutes: ApiRoute[] = [
  route('GET', ACCOUNTS, (ctx) => {
    const project = requireProject(ctx.state, param(ctx, 'project_id'));
    return paginate(project.service_accounts.map(renderAccount), readPageRequest(ctx.query));
  }),
  route('POST', ACCOUNTS, createAccount),
  route('GET', `${ACCOUNTS}/{service_account_id}`, (ctx) => {
    const project = requireProject(ctx.state, param(ctx, 'project_id'));
    return renderAccount(requireServiceAccount(project, param(ctx, 'service_account_id')));
  }),
  route('POST', `${ACCOUNTS}/{service_account_id}`, updateAccount),
  route('DELETE', `${ACCOUNTS}/{service_account_id}`, deleteAccount),
  route('POST', `${ACCOUNTS}/{service_account_id}/api_keys`, createExtraKey),
];
