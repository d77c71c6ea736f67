// The demo org "Acme" that `orgform demo` and the default emulator start with.
import { expect, test } from 'vitest';
import { demoSeedPath } from '../../src/emulator/index.js';
import { loadSeed, normalizeSeed } from '../../src/emulator/seed.js';

test('the demo seed loads from examples/ and holds the documented org', () => {
  expect(demoSeedPath()).toMatch(/examples\/emulator-seed\.json$/);
  const state = normalizeSeed(loadSeed(undefined), 1_800_000_000);
  expect(state.organization).toEqual({ id: 'org-acme', name: 'Acme', data_retention: 'modified_abuse_monitoring' });
  expect(state.users.map((u) => [u.email, u.role, u.is_scim_managed])).toEqual([
    ['alice@example.com', 'owner', false],
    ['bob@example.com', 'reader', false],
    ['carol@example.com', 'owner', false],
    ['dave@example.com', 'reader', false],
    ['scim.sam@example.com', 'reader', true],
  ]);
  expect(state.admin_keys.map((k) => [k.value, k.owner_id])).toEqual([
    ['sk-admin-emulator-demo', 'user-alice'],
    ['sk-admin-emulator-carol', 'user-carol'],
  ]);
  expect(state.projects.map((p) => [p.name, p.status])).toEqual([
    ['Default project', 'active'],
    ['Research', 'active'],
    ['Legacy', 'active'],
    ['Old Archive', 'archived'],
  ]);
  const research = state.projects[1];
  expect(research?.model_permissions).toEqual({ mode: 'deny_list', model_ids: ['gpt-4o-mini'] });
  expect(research?.spend_alerts[0]).toMatchObject({ threshold_amount: 50_000, notification_channel: { recipients: ['billing@example.com'], subject_prefix: null } });
  expect(research?.members.map((m) => [m.user_id, m.role])).toEqual([['user-alice', 'owner'], ['user-bob', 'member']]);
  expect(research?.service_accounts).toEqual([{ id: 'svc_acct_oldbot', name: 'old-bot', role: 'member', created_at: 1707004800 }]);
  expect(state.invites.map((i) => [i.email, i.role, i.expires_at > 1_800_000_000])).toEqual([
    ['erin@example.com', 'reader', true],
    ['frank@example.com', 'reader', false],
  ]);
  for (const project of state.projects) expect(project.rate_limits.length).toBeGreaterThan(20);
  expect(state.groups.map((g) => [g.name, g.is_scim_managed, g.user_ids])).toEqual([
    ['Platform', false, ['user-alice', 'user-bob']],
    ['Engineering (Okta)', true, ['user-scimsam', 'user-dave']],
  ]);
  expect(state.project_groups).toEqual([{ project_id: 'proj_research', group_id: 'group_platform', created_at: 1712016000 }]);
  expect(state.role_assignments.map((a) => [a.principal_id, a.role_id, a.resource_id])).toEqual([
    ['group_platform', 'role-api-project-member__api-project__proj_research', 'proj_research'],
    ['group_platform', 'role_spendwatcher', 'org-acme'],
  ]);
});
