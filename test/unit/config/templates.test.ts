// defaults:, templates: and extends: give every project its effective settings, and every problem
// in an inherited value points at the line it was written on.

import { describe, expect, it } from 'vitest';
import { loadConfigText, loadEffectiveText } from '../../../src/config/index.js';
import type { DesiredOrg } from '../../../src/config/model.js';

function load(text: string): DesiredOrg {
  const result = loadConfigText(text, 'org.yaml');
  if ('errors' in result) throw new Error(result.errors.map((e) => `${e.line}:${e.col} ${e.message}`).join('\n'));
  return result.config;
}

function loadEffective(text: string): { projects: Record<string, unknown> } {
  const result = loadEffectiveText(text, 'org.yaml');
  if ('errors' in result) throw new Error(result.errors.map((e) => e.message).join('\n'));
  return result.effective as { projects: Record<string, unknown> };
}

function errors(text: string): string[] {
  const result = loadConfigText(text, 'org.yaml');
  return 'errors' in result ? result.errors.map((e) => `${e.line}:${e.col} ${e.message}`) : [];
}

const BASE = `version: 1
defaults:
  data_retention: zero_data_retention
  spend_limit: { threshold_amount: 100000 }
  rate_limits:
    gpt-4o: { max_requests_per_1_minute: 100, max_tokens_per_1_minute: 1000 }
templates:
  locked-down:
    model_permissions: { mode: allow_list, model_ids: [gpt-4o-mini] }
    rate_limits:
      gpt-4o: { max_requests_per_1_minute: 10 }
    members:
      - { email: sec@example.com, role: owner }
  research:
    model_permissions: { mode: allow_list, model_ids: [o3] }
projects:
  Plain: {}
  Locked:
    extends: [locked-down]
  Both:
    extends: [locked-down, research]
    spend_limit: null
    members:
      - { email: amy@example.com, role: owner }
  Old:
    archived: true
`;

describe('defaults and templates', () => {
  it('apply defaults, then templates in order, then the project; maps merge, lists and null replace', () => {
    const byName = new Map(load(BASE).projects.map((p) => [p.name, p]));
    const plain = byName.get('Plain');
    expect(plain?.data_retention).toBe('zero_data_retention');
    expect(plain?.spend_limit).toEqual({ threshold_amount: 100000 });
    expect(plain?.model_permissions).toBeUndefined();
    const locked = byName.get('Locked');
    expect(locked?.model_permissions).toEqual({ mode: 'allow_list', model_ids: ['gpt-4o-mini'] });
    // A map merges key by key: the template's rate replaces the default's, the default's tokens stay.
    expect(locked?.rate_limits).toEqual({ 'gpt-4o': { max_requests_per_1_minute: 10, max_tokens_per_1_minute: 1000 } });
    const both = byName.get('Both');
    expect(both?.model_permissions).toEqual({ mode: 'allow_list', model_ids: ['o3'] });
    expect(both?.spend_limit).toBeNull();
    expect(both?.members).toEqual([{ email: 'amy@example.com', role: 'owner' }]);
    // An archived project takes nothing.
    expect(byName.get('Old')).toMatchObject({ archived: true });
    expect(byName.get('Old')?.data_retention).toBeUndefined();
  });

  it('points a problem in an inherited value at the template line', () => {
    const text = BASE.replace(
      '      - { email: sec@example.com, role: owner }',
      '      - { email: sec@example.com, role: owner }\n      - { email: SEC@example.com, role: member }',
    );
    const found = errors(text);
    expect(found.length).toBeGreaterThan(0);
    // Line 14 is the template's repeated member, not a line of the projects that inherit it.
    expect(found.every((e) => e.startsWith('14:'))).toBe(true);
    expect(found[0]).toMatch(/sec@example\.com/i);
  });

  it('names an unknown template with a did-you-mean, at the extends entry', () => {
    const found = errors(BASE.replace('extends: [locked-down]\n', 'extends: [locked-dwn]\n'));
    expect(found).toEqual([expect.stringMatching(/^19:\d+ project "Locked" extends "locked-dwn", which is not under templates:.*did you mean `locked-down`/)]);
  });

  it('refuses renamed_from, archived or extends in defaults and templates', () => {
    const found = errors(BASE.replace('  data_retention: zero_data_retention\n', '  data_retention: zero_data_retention\n  archived: true\n'));
    expect(found).toEqual([expect.stringMatching(/^4:3 defaults cannot set archived/)]);
  });

  it('null clears an inherited value: not managed, or (spend_limit, model_permissions, external_key_id) not set in the org', () => {
    const text = `version: 1
defaults:
  data_retention: zero_data_retention
  members: [{ email: sec@example.com, role: owner }]
  rate_limits: { gpt-4o: { max_requests_per_1_minute: 100 } }
  spend_limit: { threshold_amount: 100000 }
  external_key_id: key-1
templates:
  open:
    members: null
    model_permissions: { mode: allow_list, model_ids: [o3] }
projects:
  Cleared:
    data_retention: null
    rate_limits: null
    spend_limit: null
    external_key_id: null
  Open: { extends: [open] }
  OpenAgain:
    extends: [open]
    members: [{ email: amy@example.com, role: owner }]
    model_permissions: null
  Plain: {}
`;
    const byName = new Map(load(text).projects.map((p) => [p.name, p]));
    const cleared = byName.get('Cleared');
    // Not managed: as if no layer had written the key.
    expect(cleared).not.toHaveProperty('data_retention');
    expect(cleared).not.toHaveProperty('rate_limits');
    expect(cleared?.members).toEqual([{ email: 'sec@example.com', role: 'owner' }]);
    // Null is a setting of the org here: no limit, no external key.
    expect(cleared?.spend_limit).toBeNull();
    expect(cleared?.external_key_id).toBeNull();
    // A template's null clears the default for every project that extends it...
    expect(byName.get('Open')).not.toHaveProperty('members');
    expect(byName.get('Open')?.data_retention).toBe('zero_data_retention');
    // ...and a later layer sets the key again.
    expect(byName.get('OpenAgain')?.members).toEqual([{ email: 'amy@example.com', role: 'owner' }]);
    expect(byName.get('OpenAgain')?.model_permissions).toBeNull();
    expect(byName.get('Plain')?.members).toEqual([{ email: 'sec@example.com', role: 'owner' }]);
    // The effective config (validate --print-effective) has no trace of the cleared keys.
    const effective = loadEffective(text);
    expect(Object.keys(effective.projects.Cleared as object).sort()).toEqual(['external_key_id', 'members', 'spend_limit']);
  });

  it('takes null on a key no layer sets as a no-op, with or without templates, archived or not', () => {
    const config = load('version: 1\ndefaults: { members: null }\nprojects:\n  A: { data_retention: null, members: null }\n  B: { archived: true, spend_alerts: null }\n');
    expect(config.projects.map((p) => Object.keys(p).filter((k) => k !== 'pos').sort())).toEqual([['archived', 'name'], ['archived', 'name']]);
    const plain = load('version: 1\nprojects:\n  A: { hosted_tool_permissions: null, service_tier_settings: null, residency: null }\n');
    expect(plain.projects[0]).toEqual({ name: 'A', archived: false, pos: expect.anything() });
  });

  it('accepts null only at a project key, not inside a map', () => {
    expect(errors('version: 1\nprojects:\n  A: { rate_limits: { gpt-4o: null } }\n')).toEqual([
      '3:31 rate_limits of model "gpt-4o" must be a map (got null)',
    ]);
  });

  it('points a policy at the project when a null cleared the inherited value', () => {
    const text = 'version: 1\npolicies: { data_retention: { allowed: [zero_data_retention] } }\ndefaults: { data_retention: zero_data_retention }\nprojects:\n  A: { data_retention: null }\n';
    expect((load(text).policy_violations ?? []).map((v) => `${v.pos.line} ${v.message}`)).toEqual([
      '5 policy data_retention: project "A" has data retention (not set), not one of zero_data_retention',
    ]);
  });

  it('leaves a file without templates exactly as it was', () => {
    const config = load('version: 1\nprojects:\n  A: { data_retention: none }\n');
    expect(config.projects).toEqual([expect.objectContaining({ name: 'A', data_retention: 'none' })]);
  });
});

describe('policies', () => {
  const withPolicies = (policies: string) => BASE.replace('projects:\n', `policies:\n${policies}projects:\n`);

  it('report each violation with its policy, object and the line its value came from', () => {
    const config = load(
      withPolicies('  spend_limit: { max_threshold_amount: 50000 }\n  model_allowlist: { level: warn }\n'),
    );
    const found = (config.policy_violations ?? []).map((v) => `${v.level} ${v.pos.line} ${v.message}`);
    // In policy order, then file order. Plain's and Locked's limit is inherited from defaults (line 4);
    // Both's null replaced it, so Both has none (reported at the project's key, line 23 with the policies: lines above it).
    expect(found).toEqual([
      'error 4 policy spend_limit: project "Plain" has a spend limit of 1000.00 USD, over 500.00 USD',
      'error 4 policy spend_limit: project "Locked" has a spend limit of 1000.00 USD, over 500.00 USD',
      'error 23 policy spend_limit: project "Both" has no spend_limit',
      'warn 20 policy model_allowlist: project "Plain" has no model allow list',
    ]);
  });

  it('check hosted tools and service-account key expiry', () => {
    const text = `version: 1
orgform: { key_expiry_days: 30 }
policies:
  hosted_tools_disabled: { tools: [web_search, mcp] }
  service_account_key_expiry: { max_days: 90 }
projects:
  Safe:
    hosted_tool_permissions: { web_search: { enabled: false }, mcp: { enabled: false } }
    service_accounts: [{ name: bot, role: member }]
  Open:
    hosted_tool_permissions: { web_search: { enabled: false } }
    service_accounts: [{ name: bot, role: member, key_expiry_days: 365 }]
`;
    expect((load(text).policy_violations ?? []).map((v) => `${v.pos.line} ${v.message}`)).toEqual([
      '11 policy hosted_tools_disabled: project "Open" does not turn off mcp',
      '12 policy service_account_key_expiry: service account "bot" of project "Open" gets keys for 365 days, over 90 days',
    ]);
  });

  it('pass when every project follows them', () => {
    const config = load(withPolicies('  data_retention: { allowed: [zero_data_retention] }\n  models: { allowed: [gpt-4o-mini, o3] }\n'));
    expect(config.policy_violations).toEqual([]);
  });
});
