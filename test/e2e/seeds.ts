import type { EmulatorSeed } from '../../src/emulator/index.js';

export const E2E_KEY = 'sk-admin-e2e-owner';

/** An org with one owner and nothing else. */
export function emptyOrg(): EmulatorSeed {
  return {
    organization: { data_retention: 'modified_abuse_monitoring' },
    admin_keys: [{ value: E2E_KEY, owner_email: 'owner@example.com' }],
    users: [{ email: 'owner@example.com', role: 'owner' }],
    projects: [],
    invites: [],
  };
}

/** An org with a project carrying every setting, a pending invite and a spare project. */
export function busyOrg(): EmulatorSeed {
  return {
    ...emptyOrg(),
    admin_keys: [
      { value: E2E_KEY, owner_email: 'owner@example.com' },
      { id: 'key_admin_carol', value: 'sk-admin-e2e-carol', owner_email: 'carol@example.com' },
    ],
    users: [
      { email: 'owner@example.com', role: 'owner' },
      { email: 'carol@example.com', role: 'owner' },
      { email: 'bob@example.com', role: 'reader' },
    ],
    projects: [
      {
        id: 'proj_r',
        name: 'Research',
        model_permissions: { mode: 'deny_list', model_ids: ['gpt-4o-mini'] },
        data_retention: 'none',
        spend_alerts: [
          { id: 'alert_a', threshold_amount: 1000, notification_channel: { recipients: ['a@example.com'] } },
          { id: 'alert_b', threshold_amount: 2000, notification_channel: { recipients: ['b@example.com'] } },
        ],
        members: [{ email: 'owner@example.com', role: 'owner' }],
      },
      { id: 'proj_old', name: 'Old' },
    ],
    invites: [{ id: 'invite-pending', email: 'pending@example.com', role: 'reader' }],
  };
}
