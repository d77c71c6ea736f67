import { apiPath } from '../providers/openai/api-path.js';
import { failer, getAnswer, readProjectRetention } from './singleton-reads.js';
import { onProject, payload, requireProject, type ProjectKind } from './kind.js';

export const projectDataRetention: ProjectKind<'data_retention'> = {
  kind: 'project_data_retention',
  scope: 'project',
  words: { noun: ['project data retention setting', 'project data retention settings'], group: 'project' },
  phase: 2,
  part: 'data_retention',

  async read(client, projectId) {
    const path = apiPath`/organization/projects/${projectId}/data_retention`;
    return readProjectRetention(await getAnswer(client, path), failer(client, path));
  },

  diff(scope, out) {
    const desired = scope.desired.data_retention;
    if (desired === undefined) return;
    const address = `${scope.address}.data_retention`;
    // A new project starts at the API's default.
    const before = scope.live ? (scope.live.data_retention ?? null) : 'organization_default';
    if (scope.live) out.fingerprint(address, before);
    if (before === desired) return;
    out.add({
      action: 'update',
      kind: 'project_data_retention',
      address,
      before: { retention_type: before },
      after: { retention_type: desired },
      dependsOn: onProject(scope),
      project: scope.ref,
    });
  },

  toConfig: (live) => (live === 'organization_default' ? { value: live, comment: 'the default' } : { value: live }),

  async readBack(change, ctx) {
    return { retention_type: (await projectDataRetention.read(ctx.client, requireProject(change, ctx))) ?? null };
  },

  async apply(change, ctx) {
    const projectId = requireProject(change, ctx);
    const { retention_type } = payload<{ retention_type: string }>(change.after, change);
    await ctx.client.post(
      apiPath`/organization/projects/${projectId}/data_retention`,
      { retention_type },
      { idempotent: true },
    );
    return {};
  },
};
