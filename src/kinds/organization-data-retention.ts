import { apiPath } from '../providers/openai/api-path.js';
import type { ApiDataRetention } from '../providers/openai/api-types.js';
import { payload, type OrgKind } from './kind.js';

export const ORG_RETENTION_ADDRESS = 'organization.data_retention';

export const organizationDataRetention: OrgKind = {
  kind: 'organization_data_retention',
  scope: 'organization',
  words: { noun: ['organization data retention setting', 'organization data retention settings'], group: 'organization' },
  phase: 0,

  read: {
    part: 'data_retention',
    neededBy: (desired) => desired.organization.data_retention !== undefined,
    fetch: async (client) => (await client.get<ApiDataRetention>(apiPath`/organization/data_retention`)).type,
  },
  configPath: ['organization', 'data_retention'],
  toConfig: (live) => (live.data_retention === undefined ? undefined : { value: live.data_retention }),

  diff(out, ctx) {
    const desired = ctx.desired.organization.data_retention;
    if (desired === undefined) return;
    const before = ctx.live.data_retention ?? null;
    out.fingerprint(ORG_RETENTION_ADDRESS, before);
    if (before === desired) return;
    out.add({
      action: 'update',
      kind: 'organization_data_retention',
      address: ORG_RETENTION_ADDRESS,
      before: { retention_type: before },
      after: { retention_type: desired },
    });
  },

  async readBack(_change, ctx) {
    return { retention_type: (await ctx.client.get<ApiDataRetention>(apiPath`/organization/data_retention`)).type };
  },

  async apply(change, ctx) {
    const { retention_type } = payload<{ retention_type: string }>(change.after, change);
    await ctx.client.post(apiPath`/organization/data_retention`, { retention_type }, { idempotent: true });
    return {};
  },
};
