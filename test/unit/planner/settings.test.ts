// Issue 14's settings: hosted tools, service tiers, org spend controls, project create-time
// fields, service-account renames and key expiry, key hygiene. Plain data, no HTTP.

import { describe, expect, it } from 'vitest';
import { PlanError } from '../../../src/errors.js';
import { makePlan } from '../../../src/planner/plan.js';
import type { Change } from '../../../src/plan/types.js';
import type { ApiServiceAccount } from '../../../src/providers/openai/api-types.js';
import { alert, desiredOrg, desiredProject, liveOrg, liveProject } from './builders.js';

const URL = 'http://emulator/v1';
const brief = (changes: Change[]) => changes.map((c) => [c.action, c.address, c.before, c.after]);

function account(id: string, name: string, role: 'owner' | 'member' = 'member'): ApiServiceAccount {
  return { id, object: 'organization.project.service_account', name, role, created_at: 1 };
}

describe('hosted tool permissions and service tiers (partial singletons)', () => {
  const live = liveOrg([liveProject('proj_1', 'R')], {
    proj_1: {
      hosted_tool_permissions: { code_interpreter: true, file_search: true, image_generation: true, mcp: true, web_search: false },
      service_tier_settings: { default: 'standard', enabled_tiers: ['fast', 'flex'] },
    },
  });

  it('compares and writes only the fields the file names', () => {
    const plan = makePlan(
      desiredOrg({
        projects: [
          desiredProject('R', {
            hosted_tool_permissions: { mcp: false, web_search: false },
            service_tier_settings: { enabled_tiers: ['flex'] },
          }),
        ],
      }),
      live,
      URL,
    );
    expect(brief(plan.changes)).toEqual([
      ['update', 'project["R"].hosted_tool_permissions', { mcp: true, web_search: false }, { mcp: false, web_search: false }],
      ['update', 'project["R"].service_tier_settings', { enabled_tiers: ['fast', 'flex'] }, { enabled_tiers: ['flex'] }],
    ]);
    expect(plan.changes.every((c) => !c.destructive)).toBe(true);
  });

  it('finds nothing to do when the named fields agree, whatever the others are; tiers compare as a set', () => {
    const plan = makePlan(
      desiredOrg({
        projects: [
          desiredProject('R', {
            hosted_tool_permissions: { web_search: false },
            service_tier_settings: { default: 'standard', enabled_tiers: ['fast', 'flex'] },
          }),
        ],
      }),
      live,
      URL,
    );
    expect(plan.changes).toEqual([]);
    expect(Object.keys(plan.fingerprints)).toContain('project["R"].hosted_tool_permissions');
  });

  it('sets them on a project this plan creates, after the create', () => {
    const plan = makePlan(
      desiredOrg({ projects: [desiredProject('New', { service_tier_settings: { default: 'scale', enabled_tiers: 'all' } })] }),
      liveOrg(),
      URL,
    );
    const tiers = plan.changes.find((c) => c.kind === 'service_tier_settings');
    expect(tiers).toMatchObject({ action: 'update', before: {}, after: { default: 'scale', enabled_tiers: 'all' } });
    expect(tiers?.dependsOn).toEqual(['create project["New"]']);
  });
});

describe('organization spend limit and alerts', () => {
  const live = liveOrg([], {}, {
    spend_limit: {
      object: 'organization.spend_limit',
      currency: 'USD',
      interval: 'month',
      threshold_amount: 500,
      enforcement: { status: 'inactive' },
    },
    spend_alerts: [alert('oa_1', 100, ['a@x.com']), alert('oa_2', 200, ['b@x.com'])],
  });

  it('creates, updates and deletes alerts by threshold, like a project\'s', () => {
    const plan = makePlan(
      desiredOrg({
        organization: {
          spend_alerts: [
            { threshold_amount: 100, recipients: ['a@x.com'], subject_prefix: '[org]' },
            { threshold_amount: 300, recipients: ['c@x.com'], subject_prefix: null },
          ],
        },
      }),
      live,
      URL,
    );
    expect(plan.changes.map((c) => [c.action, c.address, c.target_id ?? null, c.project ?? null])).toEqual([
      ['update', 'organization.spend_alert[100]', 'oa_1', null],
      ['create', 'organization.spend_alert[300]', null, null],
      ['delete', 'organization.spend_alert[200]', 'oa_2', null],
    ]);
    expect(plan.managed_counts['organization_spend_alert']).toBe(2);
  });

  it('lifting the limit is a destructive delete, counted for the destroy limits', () => {
    const plan = makePlan(desiredOrg({ organization: { spend_limit: null }, limits: { max_count: 0, max_fraction: 1 } }), live, URL);
    expect(brief(plan.changes)).toEqual([['delete', 'organization.spend_limit', { threshold_amount: 500 }, null]]);
    expect(plan.changes[0]?.destructive).toBe(true);
    expect(plan.refusals.map((r) => r.rule)).toEqual(['destroy_limit']);
    expect(plan.refusals[0]?.message).toContain('1 organization spend limit');
  });

  it('changes the limit in place, and leaves it alone when absent from the file', () => {
    const plan = makePlan(desiredOrg({ organization: { spend_limit: { threshold_amount: 900 } } }), live, URL);
    expect(brief(plan.changes)).toEqual([['update', 'organization.spend_limit', { threshold_amount: 500 }, { threshold_amount: 900 }]]);
    expect(makePlan(desiredOrg(), live, URL).changes).toEqual([]);
  });
});

describe('project create-time fields', () => {
  const live = liveOrg([{ ...liveProject('proj_1', 'R'), residency: 'EU_STORAGE_PROCESSING', external_key_id: 'ek_1' }]);

  it('sends residency and external_key_id on create', () => {
    const plan = makePlan(
      desiredOrg({ projects: [desiredProject('New', { residency: 'JP_STORAGE', external_key_id: 'ek_9' })] }),
      live,
      URL,
    );
    expect(brief(plan.changes)).toEqual([['create', 'project["New"]', null, { name: 'New', residency: 'JP_STORAGE', external_key_id: 'ek_9' }]]);
  });

  it('a different residency is a plan-time error that says it cannot change, never a replace', () => {
    const desired = desiredOrg({
      projects: [desiredProject('R', { residency: 'US_STORAGE_PROCESSING', pos: { file: 'org.yaml', line: 4, col: 3 } })],
    });
    expect(() => makePlan(desired, live, URL)).toThrow(PlanError);
    expect(() => makePlan(desired, live, URL)).toThrow(/org\.yaml:4:3: .*residency "EU_STORAGE_PROCESSING".*cannot change/);
    const same = desiredOrg({ projects: [desiredProject('R', { residency: 'EU_STORAGE_PROCESSING' })] });
    expect(makePlan(same, live, URL).changes).toEqual([]);
  });

  it('updates external_key_id in place, in the same change as a rename', () => {
    const plan = makePlan(
      desiredOrg({ projects: [desiredProject('S', { renamed_from: 'R', external_key_id: null })] }),
      live,
      URL,
    );
    expect(brief(plan.changes)).toEqual([
      ['update', 'project["S"]', { name: 'R', external_key_id: 'ek_1' }, { name: 'S', external_key_id: null }],
    ]);
  });
});

describe('service accounts: renames and key expiry', () => {
  const live = liveOrg([liveProject('proj_1', 'R')], { proj_1: { service_accounts: [account('sa_1', 'old-bot')] } });

  it('renamed_from is an update of the same account, not a delete and a create', () => {
    const plan = makePlan(
      desiredOrg({ projects: [desiredProject('R', { service_accounts: [{ name: 'new-bot', role: 'owner', renamed_from: 'old-bot' }] })] }),
      live,
      URL,
    );
    expect(plan.changes.map((c) => [c.action, c.address, c.target_id, c.before, c.after])).toEqual([
      ['update', 'project["R"].service_account["new-bot"]', 'sa_1', { name: 'old-bot', role: 'member' }, { name: 'new-bot', role: 'owner' }],
    ]);
  });

  it('is a no-op once applied, and an error when it names no live account', () => {
    const renamed = liveOrg([liveProject('proj_1', 'R')], { proj_1: { service_accounts: [account('sa_1', 'new-bot')] } });
    const desired = desiredOrg({
      projects: [desiredProject('R', { service_accounts: [{ name: 'new-bot', role: 'member', renamed_from: 'old-bot' }] })],
    });
    expect(makePlan(desired, renamed, URL).changes).toEqual([]);
    const typo = desiredOrg({
      projects: [desiredProject('R', { service_accounts: [{ name: 'new-bot', role: 'member', renamed_from: 'old-bott' }] })],
    });
    expect(() => makePlan(typo, live, URL)).toThrow(/renamed_from "old-bott", which names no live service account \(did you mean "old-bot"\?\)/);
  });

  it('carries key_expiry_days on a create only; it never makes an existing account differ', () => {
    const plan = makePlan(
      desiredOrg({
        projects: [
          desiredProject('R', {
            service_accounts: [
              { name: 'old-bot', role: 'member', key_expiry_days: 30 },
              { name: 'ci', role: 'member', key_expiry_days: 90 },
            ],
          }),
        ],
      }),
      live,
      URL,
    );
    expect(brief(plan.changes)).toEqual([
      ['create', 'project["R"].service_account["ci"]', null, { name: 'ci', role: 'member', key_expiry_days: 90 }],
    ]);
  });
});

describe('key hygiene (plan --count-unmanaged)', () => {
  const DAY = 86_400;
  const now = 1_000 * DAY;
  const projectKey = (id: string, created: number, expires: number | null) => ({
    id,
    object: 'organization.project.api_key' as const,
    name: `key ${id}`,
    created_at: created,
    expires_at: expires,
    redacted_value: 'sk-...',
    owner: { type: 'service_account' as const, service_account: { name: 'bot' } },
  });
  const live = liveOrg([liveProject('proj_1', 'R')], { proj_1: {} }, {
    keys: {
      read_at: now,
      admin_keys: [
        { id: 'ak_1', object: 'organization.admin_api_key', redacted_value: 'sk-admin-...', name: 'ci', created_at: now - 10 * DAY, expires_at: null, owner: { name: 'Alice' } },
      ],
      project_keys: {
        proj_1: [projectKey('k_fresh', now - 5 * DAY, now + DAY), projectKey('k_old', now - 400 * DAY, now + DAY), projectKey('k_forever', now - DAY, null)],
      },
    },
  });

  it('warns about keys with no expiry and keys over the age limit, and changes nothing', () => {
    const plan = makePlan(desiredOrg({ projects: [desiredProject('R')], key_max_age_days: 90 }), live, URL);
    expect(plan.changes).toEqual([]);
    expect(plan.notes.map((n) => [n.level, n.address, n.message])).toEqual([
      ['warning', 'organization.admin_api_key["ak_1"]', 'admin key "ci" (ak_1, owned by Alice) has no expiry'],
      ['warning', 'project["R"].api_key["k_old"]', 'project "R": API key "key k_old" (k_old, owned by bot) is 400 days old, over key_max_age_days (90)'],
      ['warning', 'project["R"].api_key["k_forever"]', 'project "R": API key "key k_forever" (k_forever, owned by bot) has no expiry'],
    ]);
  });

  it('checks no age without key_max_age_days, and says when a list could not be read', () => {
    const unreadable = { ...live, keys: { read_at: now, admin_keys: null, project_keys: { proj_1: [projectKey('k_old', 0, now + DAY)] } } };
    const plan = makePlan(desiredOrg({ projects: [desiredProject('R')] }), unreadable, URL);
    expect(plan.notes.map((n) => n.message)).toEqual(['key hygiene: the admin keys could not be listed with this key']);
  });
});
