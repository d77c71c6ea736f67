import { apiPath } from '../providers/openai/api-path.js';
import type { ApiProject } from '../providers/openai/api-types.js';
import type { AdminClient } from '../providers/openai/client.js';
import { payload, requireTarget, type OrgKind } from './kind.js';
import { getOrNull } from './read-back.js';

export function listProjects(client: AdminClient): Promise<ApiProject[]> {
  return client.list<ApiProject>(apiPath`/organization/projects`, { include_archived: true });
}

export function isArchived(project: ApiProject): boolean {
  return project.status === 'archived' || (project.archived_at ?? null) !== null;
}

// Projects are created, renamed (only by an explicit renamed_from) and archived. The API has no
// delete and no un-archive.
export const project: OrgKind = {
  kind: 'project',
  scope: 'organization',
  words: { noun: ['project', 'projects'], group: 'project' },
  phase: 1,
  audit: (change) =>
    change.target_id && change.action === 'update'
      ? { event_types: ['project.updated', 'project.created'], resource_ids: [change.target_id] }
      : null,

  async apply(change, ctx) {
    if (change.action === 'archive') {
      await ctx.client.post(apiPath`/organization/projects/${requireTarget(change)}/archive`, undefined, {
        idempotent: true,
      });
      return {};
    }
    const { name } = payload<{ name: string }>(change.after, change);
    if (change.action === 'update') {
      await ctx.client.post(apiPath`/organization/projects/${requireTarget(change)}`, { name }, { idempotent: true });
      return {};
    }
    const created = await ctx.client.post<ApiProject>(apiPath`/organization/projects`, { name }, { idempotent: false });
    return { createdId: created.id };
  },

  async readBack(change, ctx) {
    const live = await getOrNull<ApiProject>(ctx.client, apiPath`/organization/projects/${requireTarget(change)}`);
    return live && { name: live.name ?? '' };
  },

  async findCreated(change, ctx) {
    const { name } = payload<{ name: string }>(change.after, change);
    const projects = await listProjects(ctx.client);
    return projects.find((p) => p.name === name && !isArchived(p))?.id ?? null;
  },
};
