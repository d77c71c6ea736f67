// Reads the whole org, every kind orgform manages: the same readers as plan, told to manage all.

import { DEFAULT_DESTROY_LIMITS, type DesiredOrg } from '../config/model.js';
import type { AdminClient } from '../providers/openai/client.js';
import { isArchived, listProjects } from '../kinds/project.js';
import type { LiveOrg } from '../kinds/live-state.js';
import { readLive } from '../live/read.js';

export async function readAll(client: AdminClient, opts: { rateLimits: boolean }): Promise<LiveOrg> {
  const projects = await listProjects(client);
  const everything: DesiredOrg = {
    file: '(export)',
    digest: '',
    organization: { data_retention: 'zero_data_retention' },
    users: [],
    invites: [],
    projects: projects
      .filter((p) => !isArchived(p))
      .map((p) => ({
        name: p.name ?? p.id,
        archived: false,
        model_permissions: null,
        data_retention: 'organization_default',
        spend_alerts: [],
        spend_limit: null,
        members: [],
        service_accounts: [],
        ...(opts.rateLimits ? { rate_limits: {} } : {}),
      })),
    protect: { projects: [], users: [] },
    limits: DEFAULT_DESTROY_LIMITS,
  };
  return readLive(client, everything);
}
