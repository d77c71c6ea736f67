// Every Admin API route the emulator serves, below `/v1` (project roles and project role
// assignments under `/v1/projects/...`, everything else under `/v1/organization/...`).
import { Router } from '../http/router.js';
import { adminApiKeyRoutes } from './admin-api-keys.js';
import { apiKeyRoutes } from './api-keys.js';
import { auditLogRoutes } from './audit-logs.js';
import { groupRoutes } from './groups.js';
import type { RouteContext } from './context.js';
import { inviteRoutes } from './invites.js';
import { orgSpendRoutes } from './org-spend.js';
import { organizationRoutes } from './organization.js';
import { projectGroupRoutes } from './project-groups.js';
import { projectSettingRoutes } from './project-settings.js';
import { projectToolRoutes } from './project-tools.js';
import { projectUserRoutes } from './project-users.js';
import { projectRoutes } from './projects.js';
import { rateLimitRoutes } from './rate-limits.js';
import { roleAssignmentRoutes } from './role-assignments.js';
import { customRoleRoutes } from './roles.js';
import { serviceAccountRoutes } from './service-accounts.js';
import { spendAlertRoutes } from './spend-alerts.js';
import { userRoutes } from './users.js';

export const API_ROUTES = [
  ...projectRoutes,
  ...projectUserRoutes,
  ...serviceAccountRoutes,
  ...apiKeyRoutes,
  ...rateLimitRoutes,
  ...projectSettingRoutes,
  ...spendAlertRoutes,
  ...userRoutes,
  ...inviteRoutes,
  ...organizationRoutes,
  ...auditLogRoutes,
  ...adminApiKeyRoutes,
  ...projectToolRoutes,
  ...projectGroupRoutes,
  ...groupRoutes,
  ...customRoleRoutes,
  ...roleAssignmentRoutes,
  ...orgSpendRoutes,
];

export function createApiRouter(): Router<RouteContext> {
  return new Router(API_ROUTES);
}
