// Response shapes of the Admin API, as the contract (and the openai SDK 7.55.0) define them.
// Only the fields orgform reads are listed.

export interface ApiProject {
  id: string;
  object: 'organization.project';
  name?: string | null;
  created_at: number;
  archived_at?: number | null;
  status?: string | null;
  external_key_id?: string | null;
  /** Set only at create; absent or null: the project has no residency configuration. */
  residency?: string | null;
}

export interface ApiModelPermissions {
  object: 'project.model_permissions';
  mode: 'allow_list' | 'deny_list';
  model_ids: string[];
}

export interface ApiNotificationChannel {
  type: 'email';
  recipients: string[];
  subject_prefix?: string | null;
}

export interface ApiSpendAlert {
  id: string;
  object: 'project.spend_alert' | 'organization.spend_alert';
  currency: 'USD';
  interval: 'month';
  threshold_amount: number;
  notification_channel: ApiNotificationChannel;
}

export interface ApiSpendLimit {
  object: 'project.spend_limit' | 'organization.spend_limit';
  currency: string;
  interval: string;
  threshold_amount: number;
  enforcement: { status: string };
}

export interface ApiDataRetention {
  object: 'project.data_retention' | 'organization.data_retention';
  type: string;
}

export interface ApiProjectUser {
  id: string;
  object: 'organization.project.user';
  role: string;
  email?: string | null;
  name?: string | null;
  added_at: number;
}

export interface ApiServiceAccount {
  id: string;
  object: 'organization.project.service_account';
  name: string;
  role: 'owner' | 'member' | 'none';
  created_at: number;
}

export interface ApiServiceAccountCreated extends ApiServiceAccount {
  api_key: { id: string; value: string; name: string; created_at: number } | null;
}

export interface ApiRateLimit {
  id: string;
  object: 'project.rate_limit';
  model: string;
  max_requests_per_1_minute: number;
  max_tokens_per_1_minute: number;
  max_images_per_1_minute?: number;
  max_audio_megabytes_per_1_minute?: number;
  max_requests_per_1_day?: number;
  batch_1_day_max_input_tokens?: number;
}

export interface ApiInvite {
  id: string;
  object: 'organization.invite';
  email: string;
  role: 'owner' | 'reader';
  status: 'accepted' | 'expired' | 'pending';
  created_at: number;
  projects: { id: string; role: 'member' | 'owner' }[];
  accepted_at?: number | null;
  expires_at?: number | null;
}

export interface ApiOrgUser {
  id: string;
  object: 'organization.user';
  added_at: number;
  role?: string | null;
  email?: string | null;
  name?: string | null;
  is_scim_managed?: boolean;
  is_service_account?: boolean;
}

export interface ApiAuditLog {
  id: string;
  type: string;
  effective_at: number;
  actor?: {
    type?: 'session' | 'api_key';
    session?: { user?: { id?: string; email?: string } };
    api_key?: {
      id?: string;
      type?: 'user' | 'service_account';
      user?: { id?: string; email?: string };
      service_account?: { id?: string };
    };
  } | null;
  project?: { id?: string; name?: string };
}

export interface ApiDeleted {
  id?: string;
  deleted: boolean;
  object: string;
}

export interface ApiAdminKey {
  id: string;
  object: 'organization.admin_api_key';
  redacted_value: string;
  owner: { id?: string; type?: string; name?: string };
  created_at?: number;
  expires_at?: number | null;
  name?: string | null;
}
