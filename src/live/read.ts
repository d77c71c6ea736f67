// Reads exactly what the file manages, no more: a file without spend alerts reads no spend
// alerts. Independent reads run in parallel; the client bounds how many are in flight.

import type { DesiredOrg } from '../config/model.js';
import { ApiError } from '../errors.js';
import type { ApiAdminKey, ApiInvite, ApiProject } from '../providers/openai/api-types.js';
import { apiPath } from '../providers/openai/api-path.js';
import type { AdminClient } from '../providers/openai/client.js';
import { organizationDataRetention } from '../kinds/organization-data-retention.js';
import { isArchived, listProjects } from '../kinds/project.js';
import { listUsers } from '../kinds/user.js';
import type { LiveOrg, LiveProjectParts } from '../kinds/live-state.js';
import { PROJECT_KINDS } from '../kinds/registry.js';

export interface ReadOptions {
  /** Also read the parts of the file's projects that it does not manage, to count them. */
  countUnmanaged?: boolean;
}

export async function readLive(client: AdminClient, desired: DesiredOrg, opts: ReadOptions = {}): Promise<LiveOrg> {
  const managesMembers = desired.projects.some((p) => !p.archived && p.members !== undefined);
  // Org users are read once and shared: members resolve through them, and invites skip them.
  const needUsers = desired.users !== undefined || desired.invites !== undefined || managesMembers;
  const needInvites = needUsers;
  const needProjects = desired.projects.length > 0 || needInvites;

  // The per-project reads start as soon as the project list is in, alongside the org-level reads.
  const projectsRead = needProjects ? listProjects(client) : Promise.resolve([]);
  const partsRead = projectsRead.then((projects) => readParts(client, desired, projects, opts));
  const [data_retention, users, invites, projects, key_owner_ids, parts] = await Promise.all([
    desired.organization.data_retention !== undefined ? organizationDataRetention.read(client) : undefined,
    needUsers ? listUsers(client) : undefined,
    needInvites ? client.list<ApiInvite>(apiPath`/organization/invites`) : undefined,
    projectsRead,
    desired.users !== undefined ? readKeyOwners(client) : undefined,
    partsRead,
  ]);
  return {
    ...(data_retention === undefined ? {} : { data_retention }),
    ...(users === undefined ? {} : { users }),
    ...(invites === undefined ? {} : { invites }),
    ...(key_owner_ids === undefined ? {} : { key_owner_ids }),
    projects,
    parts,
  };
}

/** The parts of each live project the file names (and manages, unless counting the rest). */
async function readParts(
  client: AdminClient,
  desired: DesiredOrg,
  projects: ApiProject[],
  opts: ReadOptions,
): Promise<Record<string, LiveProjectParts>> {
  const activeByName = new Map<string, ApiProject[]>();
  for (const p of projects) {
    if (!isArchived(p)) activeByName.set(p.name ?? '', [...(activeByName.get(p.name ?? '') ?? []), p]);
  }
  const parts: Record<string, LiveProjectParts> = {};
  const reads: Promise<void>[] = [];
  for (const want of desired.projects) {
    if (want.archived) continue;
    const names = [want.name, ...(want.renamed_from === undefined ? [] : [want.renamed_from])];
    for (const live of names.flatMap((n) => activeByName.get(n) ?? [])) {
      const got: LiveProjectParts = (parts[live.id] ??= {});
      for (const kind of PROJECT_KINDS) {
        if (want[kind.part] === undefined && !opts.countUnmanaged) continue;
        reads.push(
          kind.read(client, live.id).then((value) => {
            (got as Record<string, unknown>)[kind.part] = value;
          }),
        );
      }
    }
  }
  await Promise.all(reads);
  return parts;
}

/** Who owns the admin key in use: never removed or demoted. null when the keys cannot be listed. */
async function readKeyOwners(client: AdminClient): Promise<string[] | null> {
  try {
    const keys = await client.list<ApiAdminKey>(apiPath`/organization/admin_api_keys`);
    return keys.filter((k) => client.isKeyInUse(k.redacted_value)).flatMap((k) => (k.owner.id ? [k.owner.id] : []));
  } catch (error) {
    if (error instanceof ApiError && error.status >= 400 && error.status < 500) return null;
    throw error;
  }
}
