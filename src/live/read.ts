// Reads exactly what a scope asks for, no more: a file without spend alerts reads no spend
// alerts. Independent reads run in parallel; the client bounds how many are in flight.

import type { DesiredOrg } from '../config/model.js';
import { ApiError } from '../errors.js';
import { isArchived, listProjects } from '../kinds/project.js';
import type { LiveOrg, LiveProjectParts, OrgPart, ProjectPart } from '../kinds/live-state.js';
import { ORG_KINDS, PROJECT_KINDS } from '../kinds/registry.js';
import { apiPath } from '../providers/openai/api-path.js';
import type { ApiAdminKey, ApiProject } from '../providers/openai/api-types.js';
import type { AdminClient } from '../providers/openai/client.js';
import { readKeys } from './read-keys.js';
import { mayCoverPart, orgUnitsOf, resolveScope, type Scope, type Selection } from '../scope/scope.js';

/** What to read: organization parts, and for each active live project, which of its parts. */
export interface ReadScope {
  org: ReadonlySet<OrgPart>;
  /** Also list the admin keys, to know who owns the key in use (the owner guard). */
  keyOwners: boolean;
  listProjects: boolean;
  partsOf(project: ApiProject): readonly ProjectPart[];
  /** Key hygiene: list the admin keys and the API keys of the projects whose parts are read. */
  keys?: boolean;
  /**
   * Read only these objects of an org part, by key, where its kind can (`fetchOnly`): the org
   * users a scoped plan's members are, by email, not every user of the org.
   */
  only?: Partial<Record<OrgPart, readonly string[]>>;
  /**
   * Given the project list before any per-project read; throws to stop the read (a scoped export
   * naming a project the organization does not have).
   */
  checkProjects?(projects: ApiProject[]): void;
}

export interface ReadOptions {
  /**
   * Also read the parts of the file's projects that it does not manage, to count them, and the
   * keys (admin keys, the projects' API keys) for key hygiene.
   */
  countUnmanaged?: boolean;
}

/** What a plan of `desired` reads: the parts it manages (or all of them for --count-unmanaged). */
export function scopeOfConfig(desired: DesiredOrg, opts: ReadOptions = {}): ReadScope {
  const org = new Set(ORG_KINDS.flatMap((k) => (k.read?.neededBy(desired) ? [k.read.part] : [])));
  // protect: entries are checked against the live org too: a typo must not pass as protection.
  if (desired.protect.users.length > 0) org.add('users');
  // Policies on owners the file does not list are checked against the live org.
  const { min_org_owners, owner_email_domains } = desired.live_policies ?? {};
  if (min_org_owners || owner_email_domains?.org_owners) org.add('users');
  const ownersOf = new Set(owner_email_domains?.projects ?? []);
  const wanted = new Map<string, (typeof desired.projects)[number]>();
  for (const want of desired.projects) {
    if (want.archived) continue;
    // Names are matched after NFC, as the planner matches them.
    for (const name of [want.name, ...(want.renamed_from === undefined ? [] : [want.renamed_from])]) wanted.set(name.normalize('NFC'), want);
  }
  return {
    org,
    keyOwners: desired.users !== undefined,
    keys: opts.countUnmanaged === true,
    listProjects: desired.projects.length > 0 || org.has('invites') || desired.protect.projects.length > 0,
    partsOf: (project) => {
      const want = wanted.get((project.name ?? '').normalize('NFC'));
      if (!want) return [];
      const owners = ownersOf.has(want.name);
      return PROJECT_KINDS.filter((k) => opts.countUnmanaged || want[k.part] !== undefined || (owners && k.part === 'members')).map((k) => k.part);
    },
  };
}

/**
 * Everything orgform manages, in every active project: what export reads. With a selection (a
 * scoped export), only what it covers, its project names resolved against the live project list.
 */
export function scopeOfEverything(opts: { rateLimits: boolean; selection?: Selection; onScope?: (scope: Scope) => void }): ReadScope {
  const parts = PROJECT_KINDS.map((k) => k.part).filter((p) => opts.rateLimits || p !== 'rate_limits');
  const org = new Set(ORG_KINDS.flatMap((k) => (k.read ? [k.read.part] : [])));
  const selection = opts.selection;
  if (!selection) return { org, keyOwners: false, listProjects: true, partsOf: () => parts };
  const units = orgUnitsOf(selection);
  // Users and groups name the holders of project role assignments too.
  const assignments = mayCoverPart(selection, 'role_assignments');
  const wanted = new Set<OrgPart>([
    ...(units.organization ? [...org].filter((p) => p !== 'users' && p !== 'invites') : []),
    ...(units.organization || units.users || assignments ? (['users'] as const) : []),
    ...(units.invites ? (['invites'] as const) : []),
    ...(assignments ? (['groups'] as const) : []),
  ]);
  let scope: Scope | undefined;
  return {
    org: wanted,
    keyOwners: false,
    listProjects: selection.target === null || selection.target.some((s) => s.type === 'project') || units.invites,
    checkProjects: (projects) => {
      const names = new Map(projects.map((p) => [p.name ?? p.id, []]));
      scope = resolveScope(selection, names, 'the organization');
      opts.onScope?.(scope);
    },
    partsOf: (project) => parts.filter((part) => scope?.projects.get(project.name ?? project.id)?.parts.has(part)),
  };
}

export async function readLive(client: AdminClient, scope: ReadScope): Promise<LiveOrg> {
  // The per-project reads start as soon as the project list is in, alongside the org-level reads.
  const projectsRead = scope.listProjects ? listProjects(client) : Promise.resolve([]);
  const partsRead = projectsRead.then((projects) => {
    scope.checkProjects?.(projects);
    return readParts(client, scope, projects);
  });
  const orgReads = ORG_KINDS.flatMap(({ read }) => {
    if (!read || !scope.org.has(read.part)) return [];
    const only = scope.only?.[read.part];
    const fetched = only !== undefined && read.fetchOnly ? read.fetchOnly(client, only) : read.fetch(client);
    return [fetched.then((value) => [read.part, value] as const)];
  });
  // Key ages are measured from when the read started, carried in the state so the diff stays pure.
  const now = Math.floor(Date.now() / 1000);
  const keysRead = scope.keys ? partsRead.then((parts) => readKeys(client, Object.keys(parts).sort(), now)) : undefined;
  const [orgParts, projects, keyOwners, parts, keys] = await Promise.all([
    Promise.all(orgReads),
    projectsRead,
    scope.keyOwners ? readKeyOwners(client) : undefined,
    partsRead,
    keysRead,
  ]);
  return {
    ...(Object.fromEntries(orgParts) as Partial<LiveOrg>),
    ...(keys === undefined ? {} : { keys }),
    ...(keyOwners === undefined ? {} : keyOwners),
    projects,
    parts,
  };
}

/** The parts of each active live project the scope asks for. */
async function readParts(client: AdminClient, scope: ReadScope, projects: ApiProject[]): Promise<Record<string, LiveProjectParts>> {
  const parts: Record<string, LiveProjectParts> = {};
  const reads: Promise<void>[] = [];
  for (const live of projects) {
    if (isArchived(live)) continue;
    const wanted = new Set(scope.partsOf(live));
    if (wanted.size === 0) continue;
    const got: LiveProjectParts = (parts[live.id] ??= {});
    for (const kind of PROJECT_KINDS) {
      if (!wanted.has(kind.part)) continue;
      reads.push(
        kind.read(client, live.id).then((value) => {
          (got as Record<string, unknown>)[kind.part] = value;
        }),
      );
    }
  }
  await Promise.all(reads);
  return parts;
}

/**
 * Who owns the admin key in use: never removed or demoted. null, with the reason, when the keys
 * cannot be listed or none of them can be matched to the key in use.
 */
export async function readKeyOwners(client: AdminClient): Promise<Pick<LiveOrg, 'key_owner_ids' | 'key_owner_unknown'>> {
  let keys: ApiAdminKey[];
  try {
    keys = await client.list<ApiAdminKey>(apiPath`/organization/admin_api_keys`);
  } catch (error) {
    if (error instanceof ApiError && error.status >= 400 && error.status < 500) {
      return { key_owner_ids: null, key_owner_unknown: `the admin keys could not be listed: ${error.message}` };
    }
    throw error;
  }
  const matching = keys.filter((k) => typeof k.redacted_value === 'string' && client.isKeyInUse(k.redacted_value));
  const owners = matching.flatMap((k) => (k.owner?.id ? [k.owner.id] : []));
  if (owners.length > 0) return { key_owner_ids: owners };
  const why =
    matching.length > 0
      ? 'the admin key in use has no owner id in the list of admin keys'
      : `none of the ${keys.length} listed admin keys matches the key in use by its redacted_value (orgform matches the "prefix...suffix" form)`;
  return { key_owner_ids: null, key_owner_unknown: why };
}
