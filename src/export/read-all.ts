// Reads the whole org, every kind orgform manages: the same reader as plan, with a scope of everything.

import type { LiveOrg } from '../kinds/live-state.js';
import { readLive, scopeOfEverything } from '../live/read.js';
import type { AdminClient } from '../providers/openai/client.js';

export function readAll(client: AdminClient, opts: { rateLimits: boolean }): Promise<LiveOrg> {
  return readLive(client, scopeOfEverything(opts));
}
