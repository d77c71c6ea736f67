// Key hygiene, read side (plan --count-unmanaged): the project API keys of the file's projects and
// the organization's admin keys, listed never changed. A list the key cannot read is reported,
// not fatal: hygiene is advice, and the plan it rides on must still be made.

import { ApiError } from '../errors.js';
import type { KeyInventory } from '../kinds/live-state.js';
import { apiPath } from '../providers/openai/api-path.js';
import type { ApiAdminKey } from '../providers/openai/api-types.js';
import type { AdminClient } from '../providers/openai/client.js';
import type { ApiProjectKey } from '../providers/openai/settings-types.js';

async function orNull<T>(read: Promise<T>): Promise<T | null> {
  try {
    return await read;
  } catch (error) {
    if (error instanceof ApiError && error.status >= 400 && error.status < 500) return null;
    throw error;
  }
}

/** `projectIds`: the live projects the file names. `now`: Unix seconds, when the read started. */
export async function readKeys(client: AdminClient, projectIds: string[], now: number): Promise<KeyInventory> {
  const [admin_keys, ...perProject] = await Promise.all([
    orNull(client.list<ApiAdminKey>(apiPath`/organization/admin_api_keys`)),
    ...projectIds.map((id) => orNull(client.list<ApiProjectKey>(apiPath`/organization/projects/${id}/api_keys`))),
  ]);
  return {
    read_at: now,
    admin_keys,
    project_keys: Object.fromEntries(projectIds.map((id, i) => [id, perProject[i] ?? null])),
  };
}
