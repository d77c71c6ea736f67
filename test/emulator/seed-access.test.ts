// The access part of a seed: groups, custom roles, role assignments, project groups, project
// tool and tier settings, and the organization's spend controls; each mistake named by its path.
import { expect, test } from 'vitest';
import { normalizeSeed, SeedError } from '../../src/emulator/seed.js';
import type { EmulatorSeed } from '../../src/emulator/types.js';

const now = 1_700_000_000;
const base: EmulatorSeed = {
  organization: { id: 'org-t' },
  admin_keys: [{ value: 'sk-admin-t', owner_email: 'root@example.com' }],
  users: [
    { id: 'user-root', email: 'root@example.com', role: 'owner' },
    { id: 'user-ann', email: 'ann@example.com', role: 'reader' },
  ],
  projects: [{ id: 'proj_a', name: 'A' }],
};

test('a full access seed normalizes, and the state it gives is a seed of itself', () => {
  const state = normalizeSeed(
    {
      ...base,
      projects: [
        {
          id: 'proj_a',
          name: 'A',
          hosted_tool_permissions: { mcp: { enabled: false } },
          service_tier_settings: { enabled_tiers: ['flex'] },
        },
      ],
      groups: [
        { id: 'group_a', name: 'A team', members: [{ email: 'ANN@example.com' }, { user_id: 'user-root' }] },
        { id: 'group_idp', name: 'IdP', is_scim_managed: true, user_ids: ['user-ann'] },
      ],
      roles: [
        { id: 'role_org', name: 'org-custom', permissions: ['x'] },
        { id: 'role_proj', name: 'proj-custom', permissions: [], project_id: 'proj_a' },
      ],
      project_groups: [{ project_id: 'proj_a', group_id: 'group_a', role: 'role-api-project-member' }],
      role_assignments: [
        { email: 'ann@example.com', role_id: 'role_org' },
        { group_name: 'A team', role_id: 'role_proj', project_id: 'proj_a' },
        { user_id: 'user-root', role_id: 'role-api-project-owner', project_id: 'proj_a' },
      ],
      spend_limit: { threshold_amount: 1000 },
      spend_alerts: [{ threshold_amount: 500, notification_channel: { recipients: ['cfo@example.com'] } }],
    },
    now,
  );
  expect(state.groups.map((g) => [g.id, g.user_ids, g.is_scim_managed])).toEqual([
    ['group_a', ['user-ann', 'user-root'], false],
    ['group_idp', ['user-ann'], true],
  ]);
  expect(state.roles.map((r) => [r.id, r.resource_type, r.project_id])).toEqual([
    ['role_org', 'api.organization', null],
    ['role_proj', 'api.project', 'proj_a'],
  ]);
  expect(state.role_assignments.map((a) => [a.principal_type, a.principal_id, a.role_id, a.resource_id])).toEqual([
    ['group', 'group_a', 'role-api-project-member__api-project__proj_a', 'proj_a'],
    ['user', 'user-ann', 'role_org', 'org-t'],
    ['group', 'group_a', 'role_proj', 'proj_a'],
    ['user', 'user-root', 'role-api-project-owner__api-project__proj_a', 'proj_a'],
  ]);
  expect(state.project_groups).toEqual([{ project_id: 'proj_a', group_id: 'group_a', created_at: now }]);
  expect(state.projects[0]?.hosted_tool_permissions?.mcp).toEqual({ enabled: false });
  expect(state.projects[0]?.hosted_tool_permissions?.web_search).toEqual({ enabled: true });
  expect(state.projects[0]?.service_tier_settings).toEqual({ default: 'standard', enabled_tiers: ['flex'] });
  expect(state.spend_limit).toEqual({ currency: 'USD', interval: 'month', threshold_amount: 1000, enforcement_status: 'inactive' });
  expect(state.spend_alerts[0]?.notification_channel.recipients).toEqual(['cfo@example.com']);
  expect(normalizeSeed(structuredClone(state), now + 5)).toEqual(state);
});

test('a seed without any of it gets empty access and no org spend controls', () => {
  const state = normalizeSeed(base, now);
  expect([state.groups, state.roles, state.role_assignments, state.project_groups, state.spend_alerts]).toEqual([[], [], [], [], []]);
  expect(state.spend_limit).toBeNull();
  expect(state.projects[0]?.hosted_tool_permissions).toBeNull();
});

test('each mistake is a SeedError naming its path', () => {
  const bad = (extra: Partial<EmulatorSeed> | Record<string, unknown>) => () => normalizeSeed({ ...base, ...extra }, now);
  expect(bad({ groups: [{ name: 'G', members: [{ email: 'ghost@example.com' }] }] })).toThrow(/groups\[0\]\.members\[0\]: names no org user/);
  expect(bad({ groups: [{ name: 'G', user_ids: ['user-ghost'] }] })).toThrow(/groups\[0\]\.user_ids: names no org user 'user-ghost'/);
  expect(bad({ groups: [{ id: 'g', name: 'G' }, { id: 'g', name: 'H' }] })).toThrow(/groups: duplicate id 'g'/);
  expect(bad({ roles: [{ name: 'r', permissions: 'all' }] })).toThrow(/roles\[0\]\.permissions: must be an array/);
  expect(bad({ roles: [{ name: 'r', permissions: [], project_id: 'proj_z' }] })).toThrow(/roles\[0\]\.project_id: names no project/);
  expect(bad({ role_assignments: [{ email: 'ann@example.com', role_id: 'role_nope' }] })).toThrow(
    /role_assignments\[0\]\.role_id: names no role 'role_nope'/,
  );
  expect(bad({ role_assignments: [{ email: 'ann@example.com', role_id: 'role-api-project-owner' }] })).toThrow(
    /role_assignments\[0\]\.role_id/,
  );
  expect(bad({ role_assignments: [{ group_name: 'Nope', role_id: 'x' }] })).toThrow(/role_assignments\[0\]: names no group/);
  expect(
    bad({
      groups: [{ id: 'group_a', name: 'A' }],
      role_assignments: [{ group_id: 'group_a', role_id: 'role-api-project-owner', project_id: 'proj_a' }],
    }),
  ).toThrow(/needs a project_groups entry/);
  expect(bad({ project_groups: [{ project_id: 'proj_a', group_id: 'group_z', role: 'role-api-project-owner' }] })).toThrow(
    /project_groups\[0\]\.group_id: names no group 'group_z'/,
  );
  expect(bad({ projects: [{ name: 'P', hosted_tool_permissions: { browser: { enabled: true } } }] })).toThrow(
    /projects\[0\]\.hosted_tool_permissions\.browser/,
  );
  expect(bad({ projects: [{ name: 'P', service_tier_settings: { enabled_tiers: ['turbo'] } }] })).toThrow(
    /projects\[0\]\.service_tier_settings\.enabled_tiers\[0\]/,
  );
  expect(bad({ spend_alerts: [{ threshold_amount: 5 }] })).toThrow(SeedError);
  expect(
    bad({ role_assignments: [{ email: 'ann@example.com', role_id: 'role-api-organization-reader__api-organization__org-t' }, { user_id: 'user-ann', role_id: 'role-api-organization-reader__api-organization__org-t' }] }),
  ).toThrow(/role_assignments \(principal, role, scope\): duplicate/);
});
