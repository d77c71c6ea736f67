// Reading one object back after an update whose answer was lost: the server may have made the
// change, and only a fresh read can say.

import { ApiError } from '../errors.js';
import type { ApiPath } from '../providers/openai/api-path.js';
import type { AdminClient } from '../providers/openai/client.js';
import type { JsonObject } from '../plan/types.js';

/** GET, with "not there" (404) as null. */
export async function getOrNull<T>(client: AdminClient, path: ApiPath): Promise<T | null> {
  try {
    return await client.get<T>(path);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}

/** Whether what was read back carries every field the change set. */
export function carries(after: JsonObject | null, live: JsonObject | null): boolean {
  if (after === null || live === null) return after === live;
  return Object.entries(after).every(([key, value]) => JSON.stringify(live[key] ?? null) === JSON.stringify(value ?? null));
}
