// The wire shapes of groups, roles, role assignments, project groups, hosted tool permissions,
// service tier settings and the organization's spend controls, as openai@7.55.0 types them
// (src/resources/admin/organization/**). The emulator's renderers return these; the client side
// keeps its own.
import type {
  HostedToolPermissionsRecord,
  OptionalServiceTier,
  RoleResourceType,
  ServiceTierDefault,
} from './types.js';

/** The NextCursorPage envelope: the SDK follows the opaque `next` while `has_more` is true. */
export interface NextCursorList<T> {
  object: 'list';
  data: T[];
  has_more: boolean;
  next: string | null;
}

/** `groups.ts` Group: no `object` field. */
export interface GroupShape {
  id: string;
  name: string;
  created_at: number;
  group_type: 'group' | 'tenant_group';
  is_scim_managed: boolean;
}

/** `groups.ts` GroupUpdateResponse: no `group_type`, no `object`. */
export type GroupUpdatedShape = Omit<GroupShape, 'group_type'>;

/** `groups/users.ts` OrganizationGroupUser (list item). */
export interface GroupUserShape {
  id: string;
  name: string;
  email: string | null;
}

/** `groups/users.ts` UserRetrieveResponse. */
export interface GroupUserDetailShape extends GroupUserShape {
  picture: string | null;
  is_service_account: boolean | null;
  user_type: 'user' | 'tenant_user';
}

export interface GroupUserAddedShape {
  object: 'group.user';
  group_id: string;
  user_id: string;
}

/** `roles.ts` Role; project roles use the same shape. */
export interface RoleShape {
  id: string;
  object: 'role';
  name: string;
  description: string | null;
  permissions: string[];
  predefined_role: boolean;
  resource_type: RoleResourceType;
}

/** RoleListResponse / RoleRetrieveResponse of the four assignment files: no `object` field. */
export interface RoleAssignmentEntryShape {
  id: string;
  name: string;
  description: string | null;
  permissions: string[];
  predefined_role: boolean;
  resource_type: RoleResourceType;
  metadata: Record<string, unknown> | null;
  created_at: number | null;
  updated_at: number | null;
  created_by: string | null;
  created_by_user_obj: Record<string, unknown> | null;
  assignment_sources: { principal_id: string; principal_type: string }[] | null;
}

/** `users/roles.ts` RoleCreateResponse; `user` is an OrganizationUser. */
export interface UserRoleAssignmentShape {
  object: 'user.role';
  role: RoleShape;
  user: Record<string, unknown>;
}

/** `groups/roles.ts` RoleCreateResponse: note `scim_managed`, not `is_scim_managed`. */
export interface GroupRoleAssignmentShape {
  object: 'group.role';
  role: RoleShape;
  group: { id: string; object: 'group'; name: string; created_at: number; scim_managed: boolean };
}

/** `projects/groups/groups.ts` ProjectGroup: no `id`; the key is (project_id, group_id). */
export interface ProjectGroupShape {
  object: 'project.group';
  project_id: string;
  group_id: string;
  group_name: string;
  group_type: 'group' | 'tenant_group';
  created_at: number;
}

/** `projects/hosted-tool-permissions.ts`: no `object` field. */
export type HostedToolPermissionsShape = HostedToolPermissionsRecord;

export interface ServiceTierSettingsShape {
  object: 'project.service_tier_settings';
  default: ServiceTierDefault;
  enabled_tiers: 'all' | OptionalServiceTier[];
}

export interface SpendLimitShape {
  object: 'organization.spend_limit' | 'project.spend_limit';
  currency: 'USD';
  interval: 'month';
  threshold_amount: number;
  enforcement: { status: 'inactive' | 'enforcing' };
}

export interface SpendAlertShape {
  id: string;
  object: 'organization.spend_alert' | 'project.spend_alert';
  currency: 'USD';
  interval: 'month';
  threshold_amount: number;
  notification_channel: { type: 'email'; recipients: string[]; subject_prefix: string | null };
}
