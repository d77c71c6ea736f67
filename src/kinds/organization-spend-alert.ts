import { apiPath } from '../providers/openai/api-path.js';
import type { ApiSpendAlert } from '../providers/openai/api-types.js';
import type { OrgKind } from './kind.js';
import {
  alertIdentity,
  applySpendAlert,
  completeAdoptedAlert,
  planSpendAlerts,
  spendAlertsToConfig,
  type AlertPaths,
} from './spend-alert.js';

const PATHS: AlertPaths = {
  list: apiPath`/organization/spend_alerts`,
  one: (id) => apiPath`/organization/spend_alerts/${id}`,
};

export const organizationSpendAlert: OrgKind = {
  kind: 'organization_spend_alert',
  scope: 'organization',
  words: { noun: ['organization spend alert', 'organization spend alerts'], group: 'organization' },
  phase: 0,

  read: {
    part: 'spend_alerts',
    neededBy: (desired) => desired.organization.spend_alerts !== undefined,
    fetch: (client) => client.list<ApiSpendAlert>(PATHS.list),
  },
  configPath: ['organization', 'spend_alerts'],
  toConfig: (live) => (live.spend_alerts === undefined ? undefined : { value: spendAlertsToConfig(live.spend_alerts) }),

  diff(out, ctx) {
    const desired = ctx.desired.organization.spend_alerts;
    if (desired === undefined) return;
    planSpendAlerts(out, {}, desired, { kind: 'organization_spend_alert', owner: 'organization', live: ctx.live.spend_alerts ?? [] });
  },

  apply: (change, ctx) => applySpendAlert(change, ctx.client, PATHS),
  identity: alertIdentity(() => PATHS),
  completeAdopted: (change, ctx, id) => completeAdoptedAlert(change, ctx.client, PATHS, id),
};
