import { ApiError } from '../errors.js';
import { apiPath } from '../providers/openai/api-path.js';
import type { ApiSpendLimit } from '../providers/openai/api-types.js';
import { deleteIfPresent, onProject, payload, requireProject, type ProjectKind } from './kind.js';

export const spendLimit: ProjectKind<'spend_limit'> = {
  kind: 'spend_limit',
  part: 'spend_limit',

  async read(client, projectId) {
    try {
      return await client.get<ApiSpendLimit>(apiPath`/organization/projects/${projectId}/spend_limit`);
    } catch (error) {
      // No hard limit set: the singleton answers 404.
      if (error instanceof ApiError && error.status === 404) return null;
      throw error;
    }
  },

  diff(scope, out) {
    const desired = scope.desired.spend_limit;
    if (desired === undefined) return;
    const address = `${scope.address}.spend_limit`;
    const live = scope.live?.spend_limit ?? null;
    const before = live ? { threshold_amount: live.threshold_amount } : null;
    if (scope.live) out.fingerprint(address, before);
    const after = desired ? { threshold_amount: desired.threshold_amount } : null;
    if (before?.threshold_amount === after?.threshold_amount) return;
    out.add({
      action: after === null ? 'delete' : before === null ? 'create' : 'update',
      kind: 'spend_limit',
      address,
      before,
      after,
      dependsOn: onProject(scope),
      // Lifting a limit removes a guard, not data.
      destructive: false,
      project: scope.ref,
    });
  },

  async apply(change, ctx) {
    const projectId = requireProject(change, ctx);
    const path = apiPath`/organization/projects/${projectId}/spend_limit`;
    if (change.action === 'delete') {
      await deleteIfPresent(ctx.client, path);
    } else {
      const { threshold_amount } = payload<{ threshold_amount: number }>(change.after, change);
      await ctx.client.post(path, { currency: 'USD', interval: 'month', threshold_amount }, { idempotent: true });
    }
    return {};
  },
};
