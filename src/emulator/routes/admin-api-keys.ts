// /organization/admin_api_keys: list (a CursorPage: the next `after` is the last item's id) and
// retrieve. Only the redacted value is ever served; creating and deleting keys is not emulated.
import { notFound } from '../http/errors.js';
import { paginate, readPageRequest } from '../pagination.js';
import type { AdminKeyRecord, EmulatorState } from '../types.js';
import { param, route, type ApiObject, type ApiRoute } from './context.js';
import { findUser } from './lookup.js';

/** `sk-admin...demo`: the shape of the API's redacted_value (prefix, ellipsis, last 4). */
export function redactAdminKey(value: string): string {
  return `${value.slice(0, 8)}...${value.slice(-4)}`;
}

function renderAdminKey(state: EmulatorState, key: AdminKeyRecord): ApiObject {
  const owner = findUser(state, key.owner_id);
  return {
    id: key.id,
    object: 'organization.admin_api_key',
    name: key.name,
    redacted_value: redactAdminKey(key.value),
    created_at: key.created_at,
    expires_at: null,
    last_used_at: null,
    owner: {
      type: 'user',
      object: 'organization.user',
      id: key.owner_id,
      name: owner?.name ?? '',
      created_at: owner?.added_at ?? key.created_at,
      role: owner?.role ?? 'owner',
    },
  };
}

export const adminApiKeyRoutes: ApiRoute[] = [
  route('GET', '/organization/admin_api_keys', (ctx) => {
    const keys = ctx.state.admin_keys.map((k) => renderAdminKey(ctx.state, k));
    return paginate(keys, readPageRequest(ctx.query, { order: true }));
  }),
  route('GET', '/organization/admin_api_keys/{key_id}', (ctx) => {
    const id = param(ctx, 'key_id');
    const key = ctx.state.admin_keys.find((k) => k.id === id);
    if (!key) throw notFound(`No such admin API key: '${id}'.`);
    return renderAdminKey(ctx.state, key);
  }),
];
