// Every Admin API route the emulator serves, below `/v1`.
import { Router } from '../http/router.js';
import { adminApiKeyRoutes } from './admin-api-keys.js';
import { apiKeyRoutes } from './api-keys.js';
import { auditLogRoutes } from './audit-logs.js';
import type { RouteContext } from './context.js';
import { inviteRoutes } from './invites.js';
import { organizationRoutes } from './organization.js';
import { projectSettingRoutes } from './project-settings.js';
import { projectUserRoutes } from './project-users.js';
import { projectRoutes } from './projects.js';
import { rateLimitRoutes } from './rate-limits.js';
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
];

export function createApiRouter(): Router<RouteContext> {
  return new Router(API_ROUTES);
}
