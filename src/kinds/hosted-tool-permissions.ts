import { HOSTED_TOOLS } from '../api/enums.js';
import type { DesiredHostedTools } from '../config/model.js';
import { apiPath } from '../providers/openai/api-path.js';
import type { ApiHostedToolPermissions } from '../providers/openai/settings-types.js';
import type { JsonObject } from '../plan/types.js';
import { partialSettingKind } from './partial-setting.js';

export const hostedToolPermissions = partialSettingKind({
  part: 'hosted_tool_permissions',
  noun: ['hosted tool permissions setting', 'hosted tool permissions settings'],
  path: (projectId) => apiPath`/organization/projects/${projectId}/hosted_tool_permissions`,
  // tool → enabled, for every tool the API answered.
  normalize(answer: ApiHostedToolPermissions): DesiredHostedTools {
    const out: DesiredHostedTools = {};
    for (const tool of HOSTED_TOOLS) {
      const setting = answer[tool];
      if (setting) out[tool] = setting.enabled;
    }
    return out;
  },
  toBody: hostedToolsToConfig,
  toConfig: hostedToolsToConfig,
});

/** The request body, and the file's shape (export): `{tool: {enabled}}`. */
function hostedToolsToConfig(tools: DesiredHostedTools | JsonObject): JsonObject {
  return Object.fromEntries(Object.entries(tools).map(([tool, enabled]) => [tool, { enabled: enabled === true }]));
}
