import equal from 'fast-deep-equal';
import { apiPath } from '../providers/openai/api-path.js';
import type { ApiModelPermissions } from '../providers/openai/api-types.js';
import { failer, getAnswer, readModelPermissions } from './singleton-reads.js';
import { deleteIfPresent, onProject, payload, requireProject, type ProjectKind } from './kind.js';

interface PermissionsState {
  mode: 'allow_list' | 'deny_list';
  model_ids: string[];
}

// A project with no restriction reads as an empty deny list; DELETE returns it to that.
const UNRESTRICTED: PermissionsState = { mode: 'deny_list', model_ids: [] };

function normalize(live: ApiModelPermissions | undefined): PermissionsState {
  if (!live) return UNRESTRICTED;
  return { mode: live.mode, model_ids: [...new Set(live.model_ids)].sort() };
}

export const modelPermissions: ProjectKind<'model_permissions'> = {
  kind: 'model_permissions',
  scope: 'project',
  words: { noun: ['model permissions setting', 'model permissions settings'], group: 'project' },
  phase: 2,
  part: 'model_permissions',

  async read(client, projectId) {
    const path = apiPath`/organization/projects/${projectId}/model_permissions`;
    return readModelPermissions(await getAnswer(client, path), failer(client, path));
  },

  diff(scope, out) {
    const desired = scope.desired.model_permissions;
    if (desired === undefined) return;
    const address = `${scope.address}.model_permissions`;
    const before = normalize(scope.live?.model_permissions);
    if (scope.live) out.fingerprint(address, { ...before });
    // A restriction is a control: lifting one is counted like a removal.
    out.countManaged('model_permissions', equal(before, UNRESTRICTED) ? 0 : 1);
    const after = desired ?? UNRESTRICTED;
    if (equal(before, after)) return;
    const common = { kind: 'model_permissions', address, dependsOn: onProject(scope), project: scope.ref };
    if (desired === null) {
      out.add({ ...common, action: 'delete', before: { ...before }, after: null, reason: 'model_permissions: null lifts every model restriction' });
    } else if (scope.live) {
      out.add({ ...common, action: 'update', before: { ...before }, after: { ...after } });
    } else {
      out.add({ ...common, action: 'create', before: null, after: { ...after } });
    }
  },

  toConfig(live) {
    const state = normalize(live);
    return equal(state, UNRESTRICTED) ? { value: null, comment: 'no restriction (the default)' } : { value: state };
  },

  async readBack(change, ctx) {
    return { ...normalize(await modelPermissions.read(ctx.client, requireProject(change, ctx))) };
  },

  async apply(change, ctx) {
    const projectId = requireProject(change, ctx);
    const path = apiPath`/organization/projects/${projectId}/model_permissions`;
    if (change.action === 'delete') {
      await deleteIfPresent(ctx.client, path);
    } else {
      const body = payload<PermissionsState>(change.after, change);
      await ctx.client.post(path, { mode: body.mode, model_ids: body.model_ids }, { idempotent: true });
    }
    return {};
  },
};
