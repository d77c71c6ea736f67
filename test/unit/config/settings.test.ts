import { describe, expect, it } from 'vitest';
import { configOf, fixture, problems, yaml } from './helpers.js';
import { loadConfig } from '../../../src/config/index.js';

describe('issue 14 settings in the file', () => {
  it('normalizes every key: org spend controls, create-time fields, tools, tiers, renames, key expiry', () => {
    const result = loadConfig(fixture('settings.yaml'));
    if (!('config' in result)) throw new Error(JSON.stringify(result.errors));
    const { organization, projects, key_max_age_days } = result.config;
    expect(key_max_age_days).toBe(180);
    expect(organization).toEqual({
      spend_limit: { threshold_amount: 1000000 },
      spend_alerts: [
        { threshold_amount: 500000, recipients: ['finance@example.com'], subject_prefix: '[org spend]' },
        { threshold_amount: 800000, recipients: ['finance@example.com'], subject_prefix: null },
      ],
    });
    const [research, sandbox] = projects;
    expect(research).toMatchObject({
      residency: 'EU_STORAGE_PROCESSING',
      external_key_id: 'ek_research',
      // orgform.key_expiry_days is the default; an account's own value wins.
      service_accounts: [
        { name: 'ci-bot', role: 'member', key_expiry_days: 90 },
        { name: 'deploy', role: 'owner', renamed_from: 'deployer', key_expiry_days: 7 },
      ],
      hosted_tool_permissions: { mcp: false, web_search: false },
      service_tier_settings: { default: 'standard', enabled_tiers: ['fast', 'flex'] },
    });
    expect(Object.keys(research?.hosted_tool_permissions ?? {})).toEqual(['mcp', 'web_search']);
    expect(sandbox).toMatchObject({ external_key_id: null, service_tier_settings: { enabled_tiers: 'all' } });
    expect(sandbox?.residency).toBeUndefined();
  });

  it('checks service-account renames like project renames, and org alert thresholds', () => {
    expect(
      problems(
        yaml(
          'version: 1',
          'organization:',
          '  spend_alerts: [{threshold_amount: 5, recipients: [a@x.com]}, {threshold_amount: 5, recipients: [b@x.com]}]',
          'projects:',
          '  P:',
          '    service_accounts:',
          '      - {name: a, role: member, renamed_from: a}',
          '      - {name: b, role: member, renamed_from: c}',
          '      - {name: c, role: member}',
          '      - {name: d, role: member, renamed_from: old}',
          '      - {name: e, role: member, renamed_from: old}',
        ),
      ),
    ).toEqual([
      'c.yaml:3:83: duplicate spend alert threshold_amount 5 (first at line 3)',
      'c.yaml:7:47: service account "a" cannot be renamed from itself',
      'c.yaml:8:47: renamed_from "c" is also a service account of project "P": a rename needs the old name gone',
      'c.yaml:11:47: service account "old" is renamed twice: by "d" and by "e"',
    ]);
  });

  it('rejects unknown tools, tiers and residencies, and an empty setting, at their place', () => {
    const found = problems(
      yaml(
        'version: 1',
        'projects:',
        '  P:',
        '    residency: MARS',
        '    hosted_tool_permissions: {browser: {enabled: true}}',
        '    service_tier_settings: {enabled_tiers: [priority]}',
        '  Q:',
        '    hosted_tool_permissions: {}',
        '    service_accounts: [{name: a, role: member, key_expiry_days: 0}]',
      ),
    );
    expect(found.map((p) => p.split(': ')[0])).toEqual(['c.yaml:4:16', 'c.yaml:5:31', 'c.yaml:6:44', 'c.yaml:8:30', 'c.yaml:9:65']);
  });

  it('lets an archived project carry no create-time field', () => {
    expect(problems(yaml('version: 1', 'projects:', '  P:', '    archived: true', '    residency: GLOBAL'))).toEqual([
      'c.yaml:5:5: project "P" is archived: `residency` cannot be set (the API cannot change an archived project)',
    ]);
    expect(configOf(yaml('version: 1', 'projects:', '  P: {residency: GLOBAL}')).projects[0]?.residency).toBe('GLOBAL');
  });
});
