import type { DesiredServiceTiers } from '../config/model.js';
import { apiPath } from '../providers/openai/api-path.js';
import type { ApiServiceTierSettings } from '../providers/openai/settings-types.js';
import { partialSettingKind } from './partial-setting.js';

export const serviceTierSettings = partialSettingKind({
  part: 'service_tier_settings',
  noun: ['service tier settings', 'service tier settings'],
  path: (projectId) => apiPath`/organization/projects/${projectId}/service_tier_settings`,
  // Both fields; enabled_tiers as a sorted set (the API treats the list as one), or 'all'.
  normalize(answer: ApiServiceTierSettings): Required<DesiredServiceTiers> {
    const tiers = answer.enabled_tiers;
    return { default: answer.default, enabled_tiers: tiers === 'all' ? 'all' : [...new Set(tiers)].sort() };
  },
  // Both fields go in one request: the API checks the default against the enabled tiers.
  toBody: (after) => after,
  // Export: both fields, as read.
  toConfig: (live) => ({ ...live }),
});
