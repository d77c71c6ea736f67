import { ApiError } from '../errors.js';
import { apiPath } from '../providers/openai/api-path.js';
import type { ApiProject } from '../providers/openai/api-types.js';
import type { AdminClient } from '../providers/openai/client.js';
import { payload, requireTarget, type ApplyContext, type OrgKind } from './kind.js';
import { failer, readProjectRetention, retryWhileNotFound } from './singleton-reads.js';
import { getOrNull } from './read-back.js';

export function listProjects(client: AdminClient): Promise<ApiProject[]> {
  return client.list<ApiProject>(apiPath`/organization/projects`, { include_archived: true });
}

export function isArchived(project: ApiProject): boolean {
  return project.status === 'archived' || (project.archived_at ?? null) !== null;
}

/** The create-time fields a live project has, as the file writes them (export). */
export function projectToConfig(project: ApiProject): { residency?: string; external_key_id?: string } {
  return {
    ...(project.residency ? { residency: project.residency } : {}),
    ...(project.external_key_id ? { external_key_id: project.external_key_id } : {}),
  };
}

// Projects are created, renamed (only by an explicit renamed_from) and archived. The API has no
// delete and no un-archive.
export const project: OrgKind = {
  kind: 'project',
  scope: 'organization',
  // Create and update send the create-time fields (residency, external_key_id) as the file names them.
  sourcePaths: (change) => Object.keys(change.after ?? {}).filter((k) => k !== 'name').map((k) => [k]),
  words: { noun: ['project', 'projects'], group: 'project' },
  phase: 1,
  audit: (change) =>
    change.target_id && change.action === 'update'
      ? { event_types: ['project.updated', 'project.created'], resource_ids: [change.target_id] }
      : null,

  async apply(change, ctx) {
    if (change.action === 'archive') {
      await archive(ctx, requireTarget(change));
      return {};
    }
    // The payload is the request body: the name, and the residency and external key the file gives.
    const body = payload<{ name?: string; residency?: string; external_key_id?: string | null }>(change.after, change);
    if (change.action === 'update') {
      await ctx.client.post(apiPath`/organization/projects/${requireTarget(change)}`, body, { idempotent: true });
      return {};
    }
    const created = await ctx.client.post<ApiProject>(apiPath`/organization/projects`, body, { idempotent: false });
    const note = await checkNewRetention(ctx, created.id);
    return { createdId: created.id, createdAt: created.created_at, ...(note === undefined ? {} : { message: note }) };
  },

  async readBack(change, ctx) {
    const live = await getOrNull<ApiProject>(ctx.client, apiPath`/organization/projects/${requireTarget(change)}`);
    return live && { name: live.name ?? '' };
  },

  // The API lets two active projects share a name; a copy is archived, as it cannot be deleted.
  identity: {
    duplicates: 'allowed',
    removal: 'archived',
    async find(change, ctx) {
      const name = payload<{ name: string }>(change.after, change).name.normalize('NFC');
      // Active projects only: archived ones neither count as copies nor need reading.
      const projects = await ctx.client.list<ApiProject>(apiPath`/organization/projects`);
      return projects.filter((p) => !isArchived(p) && (p.name ?? '').normalize('NFC') === name);
    },
    remove: (_change, ctx, id) => archive(ctx, id),
  },
};

/** Archiving an archived project is done, however the API words its refusal (a 400 or a 409). */
async function archive(ctx: ApplyContext, id: string): Promise<void> {
  try {
    await ctx.client.post(apiPath`/organization/projects/${id}/archive`, undefined, { idempotent: true });
  } catch (error) {
    if (!(error instanceof ApiError && error.status >= 400 && error.status < 500 && error.status !== 404)) throw error;
    const now = await ctx.client.get<ApiProject>(apiPath`/organization/projects/${id}`);
    if (!isArchived(now)) throw error;
  }
}

/**
 * The plan assumed a new project starts at `organization_default`: read it (the project may not
 * be readable for a moment) and say so when it is not. The create stands either way.
 */
async function checkNewRetention(ctx: ApplyContext, id: string): Promise<string | undefined> {
  const path = apiPath`/organization/projects/${id}/data_retention`;
  try {
    const type = readProjectRetention(await retryWhileNotFound(() => ctx.client.get<unknown>(path)), failer(ctx.client, path));
    if (type === 'organization_default') return undefined;
    return `the API gave the new project data retention ${type}, not organization_default as the plan assumed: the next plan shows it where the file sets data_retention`;
  } catch (error) {
    return `created; its data retention could not be read back (${error instanceof Error ? error.message : String(error)})`;
  }
}
