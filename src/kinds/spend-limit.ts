import { apiPath } from '../providers/openai/api-path.js';
import { failer, getAnswer, readSpendLimit } from './singleton-reads.js';
import { deleteIfPresent, onProject, payload, requireProject, type ProjectKind } from './kind.js';

export const spendLimit: ProjectKind<'spend_limit'> = {
  kind: 'spend_limit',
  scope: 'project',
  words: { noun: ['spend limit', 'spend limits'], group: 'project' },
  phase: 2,
  part: 'spend_limit',

  async read(client, projectId) {
    const path = apiPath`/organization/projects/${projectId}/spend_limit`;
    return readSpendLimit(await getAnswer(client, path), failer(client, path));
  },

  diff(scope, out) {
    const desired = scope.desired.spend_limit;
    if (desired === undefined) return;
    const address = `${scope.address}.spend_limit`;
    const live = scope.live?.spend_limit ?? null;
    const before = live ? { threshold_amount: live.threshold_amount } : null;
    if (scope.live) out.fingerprint(address, before);
    // A limit is a control: lifting one is counted like a removal.
    out.countManaged('spend_limit', before ? 1 : 0);
    const after = desired ? { threshold_amount: desired.threshold_amount } : null;
    if (before?.threshold_amount === after?.threshold_amount) return;
    const common = { kind: 'spend_limit', address, dependsOn: onProject(scope), project: scope.ref };
    if (after === null) {
      if (before) out.add({ ...common, action: 'delete', before, after: null, reason: 'lifts the project\'s spend limit' });
    } else if (before === null) {
      out.add({ ...common, action: 'create', before: null, after });
    } else {
      out.add({ ...common, action: 'update', before, after });
    }
  },

  toConfig: (live) =>
    live ? { value: { threshold_amount: live.threshold_amount } } : { value: null, comment: 'no hard limit (the default)' },

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
