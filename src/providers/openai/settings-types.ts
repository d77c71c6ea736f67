// Wire shapes of the project and organization settings added for issue 14 (hosted tools, service
// tiers, project API keys), from the openai@7.55.0 SDK types.

import type { HostedTool, OptionalServiceTier, ServiceTierDefault } from '../../api/enums.js';

/** projects/hosted-tool-permissions.ts: every tool, each `{enabled}`; no `object` field. */
export type ApiHostedToolPermissions = Partial<Record<HostedTool, { enabled: boolean } | null>>;

export interface ApiServiceTierSettings {
  object: 'project.service_tier_settings';
  default: ServiceTierDefault;
  enabled_tiers: 'all' | OptionalServiceTier[];
}

/** projects/api-keys.ts: a project API key, as listed (never its value). */
export interface ApiProjectKey {
  id: string;
  object: 'organization.project.api_key';
  name: string;
  created_at: number;
  expires_at?: number | null;
  redacted_value: string;
  owner: { type?: 'user' | 'service_account'; user?: { email?: string }; service_account?: { name?: string } };
}
