import { apiPath } from '../providers/openai/api-path.js';
import type { OrgKind } from './kind.js';
import { applySpendLimit, planSpendLimit, readSpendLimit, spendLimitToConfig } from './spend-limit.js';

const PATH = apiPath`/organization/spend_limit`;

export const organizationSpendLimit: OrgKind = {
  kind: 'organization_spend_limit',
  scope: 'organization',
  words: { noun: ['organization spend limit', 'organization spend limits'], group: 'organization' },
  phase: 0,

  read: {
    part: 'spend_limit',
    neededBy: (desired) => desired.organization.spend_limit !== undefined,
    fetch: (client) => readSpendLimit(client, PATH),
  },
  configPath: ['organization', 'spend_limit'],
  toConfig: (live) => (live.spend_limit === undefined ? undefined : spendLimitToConfig(live.spend_limit)),

  diff(out, ctx) {
    const desired = ctx.desired.organization.spend_limit;
    if (desired === undefined) return;
    planSpendLimit(out, desired, {
      kind: 'organization_spend_limit',
      address: 'organization.spend_limit',
      live: ctx.live.spend_limit ?? null,
      dependsOn: [],
      whose: "organization's",
    });
  },

  async apply(change, ctx) {
    await applySpendLimit(change, ctx.client, PATH);
    return {};
  },
};
