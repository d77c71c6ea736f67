// liveToConfig on plain objects: the live org → a config file. The strongest check is the round
// trip: the exported file, planned against the same live org, plans nothing.

import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfigText } from '../../../src/config/index.js';
import { liveToConfig } from '../../../src/export/to-config.js';
import type { LiveOrg } from '../../../src/kinds/live-state.js';
import { makePlan } from '../../../src/planner/plan.js';
import type { ApiRateLimit, ApiServiceAccount } from '../../../src/providers/openai/api-types.js';
import { alert, invite, liveOrg, liveProject, member, orgUser } from '../planner/builders.js';

const SOURCE = 'https://api.openai.example/v1';

const rateLimit = (model: string, rpm: number): ApiRateLimit => ({
  id: `rl-${model}`,
  object: 'project.rate_limit',
  model,
  max_requests_per_1_minute: rpm,
  max_tokens_per_1_minute: 1000,
});
const account = (name: string, role: ApiServiceAccount['role']): ApiServiceAccount => ({
  id: `svc_${name}`,
  object: 'organization.project.service_account',
  name,
  role,
  created_at: 1,
});

function org(): LiveOrg {
  return liveOrg(
    [liveProject('proj_r', 'Research'), liveProject('proj_d', 'Data'), liveProject('proj_e', 'Empty'), liveProject('proj_old', 'Old', true)],
    {
      proj_r: {
        model_permissions: { object: 'project.model_permissions', mode: 'allow_list', model_ids: ['o3', 'gpt-4.1', 'o3'] },
        data_retention: 'zero_data_retention',
        spend_alerts: [alert('a2', 2000, ['B@example.com', 'a@example.com']), alert('a1', 1000, ['a@example.com'], '[spend]')],
        spend_limit: { object: 'project.spend_limit', currency: 'USD', interval: 'month', threshold_amount: 5000, enforcement: { status: 'active' } },
        members: [member('user-carol', 'Carol@example.com', 'member'), member('user-owner', 'owner@example.com', 'owner')],
        service_accounts: [account('ci-bot', 'member')],
        rate_limits: [rateLimit('gpt-4o', 77), rateLimit('o3', 10)],
      },
      proj_d: {
        model_permissions: { object: 'project.model_permissions', mode: 'deny_list', model_ids: [] },
        data_retention: 'organization_default',
        spend_alerts: [],
        spend_limit: null,
        members: [],
        service_accounts: [],
        rate_limits: [rateLimit('gpt-4o', 500), rateLimit('o3', 10)],
      },
      proj_e: { rate_limits: [rateLimit('gpt-4o', 500), rateLimit('o3', 10)] },
    },
    {
      data_retention: 'modified_abuse_monitoring',
      users: [
        orgUser('user-owner', 'Owner@example.com', 'owner'),
        orgUser('user-carol', 'carol@example.com', 'reader'),
        orgUser('user-scim', 'scim@example.com', 'reader', { is_scim_managed: true }),
        orgUser('user-svc', 'svc@example.com', 'reader', { is_service_account: true }),
      ],
      invites: [
        invite('inv-1', 'New@example.com', { projects: [{ id: 'proj_r', role: 'member' }, { id: 'proj_d', role: 'owner' }] }),
        invite('inv-2', 'gone@example.com', { status: 'expired' }),
      ],
      key_owner_ids: ['user-owner'],
    },
  );
}

const exported = (live: LiveOrg, allRateLimits = false) => liveToConfig(live, { source: SOURCE, allRateLimits });

describe('liveToConfig', () => {
  it('maps each kind to the config: lower-case emails, sorted lists, names for project ids', () => {
    const config = parse(exported(org())) as Record<string, unknown>;
    expect(config['organization']).toEqual({ data_retention: 'modified_abuse_monitoring' });
    // Only users the file can manage: not SCIM-managed ones, not service accounts.
    expect(config['users']).toEqual([
      { email: 'carol@example.com', role: 'reader' },
      { email: 'owner@example.com', role: 'owner' },
    ]);
    // Only pending invites; projects by name.
    expect(config['invites']).toEqual([
      { email: 'new@example.com', role: 'reader', projects: [{ project: 'Data', role: 'owner' }, { project: 'Research', role: 'member' }] },
    ]);
    const projects = config['projects'] as Record<string, Record<string, unknown>>;
    expect(Object.keys(projects)).toEqual(['Data', 'Empty', 'Old', 'Research']);
    expect(projects['Old']).toEqual({ archived: true });
    expect(projects['Research']).toEqual({
      model_permissions: { mode: 'allow_list', model_ids: ['gpt-4.1', 'o3'] },
      data_retention: 'zero_data_retention',
      spend_alerts: [
        { threshold_amount: 1000, recipients: ['a@example.com'], subject_prefix: '[spend]' },
        { threshold_amount: 2000, recipients: ['a@example.com', 'b@example.com'] },
      ],
      spend_limit: { threshold_amount: 5000 },
      members: [
        { email: 'carol@example.com', role: 'member' },
        { email: 'owner@example.com', role: 'owner' },
      ],
      service_accounts: [{ name: 'ci-bot', role: 'member' }],
      // Only the row that differs from what most projects have for the model.
      rate_limits: { 'gpt-4o': { max_requests_per_1_minute: 77, max_tokens_per_1_minute: 1000 } },
    });
    expect(projects['Data']).toEqual({ model_permissions: null, data_retention: 'organization_default', spend_alerts: [], spend_limit: null, members: [], service_accounts: [] });
  });

  it('says in comments which values are the defaults', () => {
    const text = exported(org());
    expect(text).toContain(`# Exported by \`orgform export\` from ${SOURCE}.`);
    expect(text).toMatch(/model_permissions: null # no restriction \(the default\)/);
    expect(text).toMatch(/data_retention: organization_default # the default/);
    expect(text).toMatch(/spend_limit: null # no hard limit \(the default\)/);
  });

  it('--all-rate-limits writes every row', () => {
    const projects = (parse(exported(org(), true)) as { projects: Record<string, { rate_limits?: object }> }).projects;
    expect(Object.keys(projects['Data']?.rate_limits ?? {})).toEqual(['gpt-4o', 'o3']);
    expect(Object.keys(projects['Empty']?.rate_limits ?? {})).toEqual(['gpt-4o', 'o3']);
  });

  it('leaves out what the file cannot express, and says so', () => {
    const live = org();
    live.projects.push(liveProject('proj_r2', 'Research'));
    live.parts['proj_r'] = { ...live.parts['proj_r'], service_accounts: [account('keyless', 'none'), account('ci-bot', 'member')] };
    const text = exported(live);
    expect(text).toContain('# warning: a second project named "Research" (proj_r2) is left out: names must be unique in the file');
    expect(text).toContain('service_accounts not exported: an account has role "none", which the file cannot express');
    const research = (parse(text) as { projects: Record<string, Record<string, unknown>> }).projects['Research'];
    expect(research?.['service_accounts']).toBeUndefined();
  });

  it('round-trips: the export is a valid file that plans nothing against the same org', () => {
    const live = org();
    const loaded = loadConfigText(exported(live), 'exported.yaml');
    if ('errors' in loaded) throw new Error(loaded.errors.map((e) => `${e.line}:${e.col} ${e.message}`).join('\n'));
    const plan = makePlan(loaded.config, live, SOURCE);
    expect(plan.changes.map((c) => c.id)).toEqual([]);
  });
});
