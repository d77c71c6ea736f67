// Plain-data builders for planner tests: a desired org and a live org, no HTTP.

import { DEFAULT_DESTROY_LIMITS, type DesiredOrg, type DesiredProject } from '../../../src/config/model.js';
import type {
  ApiInvite,
  ApiOrgUser,
  ApiProject,
  ApiProjectUser,
  ApiSpendAlert,
} from '../../../src/providers/openai/api-types.js';
import type { LiveOrg, LiveProjectParts } from '../../../src/kinds/live-state.js';

export function desiredOrg(over: Partial<DesiredOrg> = {}): DesiredOrg {
  return {
    file: 'org.yaml',
    digest: 'd'.repeat(64),
    organization: {},
    projects: [],
    protect: { projects: [], users: [] },
    limits: { ...DEFAULT_DESTROY_LIMITS },
    ...over,
  };
}

export function desiredProject(name: string, over: Partial<DesiredProject> = {}): DesiredProject {
  return { name, archived: false, ...over };
}

export function liveProject(id: string, name: string | null, archived = false): ApiProject {
  return {
    id,
    object: 'organization.project',
    name,
    created_at: 1,
    archived_at: archived ? 2 : null,
    status: archived ? 'archived' : 'active',
  };
}

export function liveOrg(projects: ApiProject[] = [], parts: Record<string, LiveProjectParts> = {}, over: Partial<LiveOrg> = {}): LiveOrg {
  return { projects, parts, ...over };
}

export function alert(id: string, threshold: number, recipients: string[], subject_prefix: string | null = null): ApiSpendAlert {
  return {
    id,
    object: 'project.spend_alert',
    currency: 'USD',
    interval: 'month',
    threshold_amount: threshold,
    notification_channel: { type: 'email', recipients, subject_prefix },
  };
}

export function orgUser(id: string, email: string, role: 'owner' | 'reader', over: Partial<ApiOrgUser> = {}): ApiOrgUser {
  return { id, object: 'organization.user', added_at: 1, email, role, ...over };
}

export function member(id: string, email: string | null, role: 'owner' | 'member'): ApiProjectUser {
  return { id, object: 'organization.project.user', added_at: 1, email, role };
}

export function invite(id: string, email: string, over: Partial<ApiInvite> = {}): ApiInvite {
  return {
    id,
    object: 'organization.invite',
    email,
    role: 'reader',
    status: 'pending',
    created_at: 1,
    projects: [],
    ...over,
  };
}
