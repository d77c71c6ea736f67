// Reads the whole org, every kind orgform manages: the same reader as plan, with a scope of everything.

import type { LiveOrg } from '../kinds/live-state.js';
import { readLive, scopeOfEverything } from '../live/read.js';
import type { AdminClient } from '../providers/openai/client.js';
import type { Scope, Selection } from '../scope/scope.js';

export function readAll(client: AdminClient, opts: { rateLimits: boolean }): Promise<LiveOrg> {
  return readLive(client, scopeOfEverything(opts));
}

/** What a selection covers (a scoped export): the live state, and the scope its names resolved to. */
export async function readSelected(client: AdminClient, opts: { rateLimits: boolean; selection: Selection }): Promise<{ live: LiveOrg; scope: Scope }> {
  let scope: Scope | undefined;
  const live = await readLive(client, scopeOfEverything({ ...opts, onScope: (s) => (scope = s) }));
  if (!scope) throw new Error('the scoped read resolved no scope');
  return { live, scope };
}
