// Admin-key authentication. Missing or unknown key → 401; any other kind of OpenAI key
// (`sk-proj-…`, `sk-svcacct-…`, legacy `sk-…`) → 403, since admin endpoints need an admin key.
import { ApiFailure } from './http/errors.js';
import type { AdminKeyRecord, AuditActor, EmulatorState } from './types.js';

export interface Authenticated {
  key: AdminKeyRecord;
  actor: AuditActor;
}

const ADMIN_PREFIX = 'sk-admin-';

export function authenticate(state: EmulatorState, header: string | undefined): Authenticated {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  if (!match) {
    throw new ApiFailure(
      401,
      "You didn't provide an API key. You need to provide your API key in an Authorization header " +
        'using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).',
      'invalid_request_error',
    );
  }
  const secret = match[1] as string;
  if (secret.startsWith('sk-') && !secret.startsWith(ADMIN_PREFIX)) {
    throw new ApiFailure(
      403,
      'You have insufficient permissions for this operation. This endpoint requires an admin API key ' +
        '(sk-admin-...), not a project or service account key.',
      'invalid_request_error',
      null,
      'insufficient_permissions',
    );
  }
  const key = state.admin_keys.find((k) => k.value === secret);
  const owner = key && state.users.find((u) => u.id === key.owner_id);
  if (!key || !owner) {
    throw new ApiFailure(
      401,
      `Incorrect API key provided: ${maskKey(secret)}. ` +
        'You can find your API key at https://platform.openai.com/account/api-keys.',
      'invalid_request_error',
      null,
      'invalid_api_key',
    );
  }
  return {
    key,
    actor: { type: 'api_key', api_key: { id: key.id, type: 'user', user: { id: owner.id, email: owner.email } } },
  };
}

function maskKey(secret: string): string {
  if (secret.length <= 12) return '*'.repeat(secret.length);
  return `${secret.slice(0, 9)}${'*'.repeat(Math.min(secret.length - 13, 20))}${secret.slice(-4)}`;
}
