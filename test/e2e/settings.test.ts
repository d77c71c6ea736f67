// Issue 14's settings end to end: hosted tools, service tiers, org spend controls, project
// create-time fields, service-account renames and key expiry, key hygiene.

import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { EmulatorSeed } from '../../src/emulator/index.js';
import { runCli, useEmulator } from './harness.js';
import { emptyOrg } from './seeds.js';

/** An org that uses every setting issue 14 added. */
function settingsOrg(): EmulatorSeed {
  return {
    ...emptyOrg(),
    spend_limit: { threshold_amount: 900000 },
    spend_alerts: [
      { id: 'oalert_1', threshold_amount: 500000, notification_channel: { recipients: ['finance@example.com'], subject_prefix: '[org]' } },
    ],
    projects: [
      {
        id: 'proj_eu',
        name: 'EU',
        residency: 'EU_STORAGE_PROCESSING',
        external_key_id: 'ek_eu',
        hosted_tool_permissions: {
          code_interpreter: { enabled: true },
          file_search: { enabled: true },
          image_generation: { enabled: false },
          mcp: { enabled: false },
          web_search: { enabled: true },
        },
        service_tier_settings: { default: 'standard', enabled_tiers: ['flex'] },
        service_accounts: [{ id: 'svc_acct_deployer', name: 'deployer', role: 'member' }],
        api_keys: [
          {
            id: 'key_deployer',
            name: 'Secret Key',
            created_at: 1_600_000_000,
            expires_at: null,
            owner: { type: 'service_account', service_account_id: 'svc_acct_deployer' },
          },
        ],
      },
      // Two projects at the API's defaults: what most projects have is left out of an export.
      { id: 'proj_a', name: 'A' },
      { id: 'proj_b', name: 'B' },
    ],
  };
}

const env = useEmulator(settingsOrg);
const target = () => env.target();
const mutations = () => env.emulator.requests().filter((r) => r.method !== 'GET');

describe('export and converge', () => {
  it('round-trips an org that uses every setting; a drifted copy converges in one apply, one write per change', async () => {
    const out = env.work.path('settings-export.yaml');
    const exported = await runCli(['export', '--out', out], target());
    expect(exported.code, exported.stderr).toBe(0);
    const text = await readFile(out, 'utf8');
    expect(text).toContain('residency: EU_STORAGE_PROCESSING');
    expect(text).toContain('mcp: { enabled: false }');
    expect(text.match(/hosted_tool_permissions:/g)).toHaveLength(1);
    expect(text).toMatch(/organization:\n[\s\S]*spend_limit:\n\s+threshold_amount: 900000/);
    const clean = await runCli(['plan', out, '--detailed-exitcode'], target());
    expect(clean.stdout).toContain('No changes.');
    expect(clean.code).toBe(0);

    // Drift every setting, then apply the export.
    const drifted = settingsOrg();
    drifted.spend_limit = { threshold_amount: 1 };
    drifted.spend_alerts = [
      { id: 'oalert_1', threshold_amount: 500000, notification_channel: { recipients: ['intruder@example.com'] } },
      { id: 'oalert_extra', threshold_amount: 7, notification_channel: { recipients: ['x@example.com'] } },
    ];
    const eu = drifted.projects?.[0];
    if (!eu) throw new Error('no project');
    eu.external_key_id = 'ek_other';
    eu.hosted_tool_permissions = { ...eu.hosted_tool_permissions!, mcp: { enabled: true } };
    eu.service_tier_settings = { default: 'scale', enabled_tiers: 'all' };
    env.emulator.setState(drifted);
    env.emulator.resetRequests();

    const applied = await runCli(['apply', out, '--auto-approve'], target());
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toContain('Plan: 0 to create, 5 to update, 1 to delete, 0 to archive.');
    // spend limit, alert update, alert delete, project external key, tools, tiers: one write each.
    expect(mutations().map((r) => `${r.method} ${r.path}`).sort()).toEqual([
      'DELETE /v1/organization/spend_alerts/oalert_extra',
      'POST /v1/organization/projects/proj_eu',
      'POST /v1/organization/projects/proj_eu/hosted_tool_permissions',
      'POST /v1/organization/projects/proj_eu/service_tier_settings',
      'POST /v1/organization/spend_alerts/oalert_1',
      'POST /v1/organization/spend_limit',
    ]);
    const again = await runCli(['plan', out, '--detailed-exitcode'], target());
    expect(again.stdout).toContain('No changes.');
    expect(again.code).toBe(0);
  });
});

describe('projects and service accounts', () => {
  it('creates a project with its residency, tools and tiers; refuses a residency change at plan time', async () => {
    const file = await env.work.write(
      'new-project.yaml',
      `version: 1
projects:
  JP:
    residency: JP_STORAGE
    external_key_id: ek_jp
    hosted_tool_permissions: { web_search: { enabled: false } }
    service_tier_settings: { default: standard, enabled_tiers: [flex] }
  EU:
    residency: US_STORAGE_PROCESSING
`,
    );
    const refused = await runCli(['plan', file], target());
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`${file}:8:3: project "EU" (proj_eu) has residency "EU_STORAGE_PROCESSING"`);
    expect(refused.stderr).toContain('cannot change');
    expect(mutations()).toEqual([]);

    const fixed = await env.work.write('new-project-fixed.yaml', (await readFile(file, 'utf8')).replace('US_STORAGE', 'EU_STORAGE'));
    const applied = await runCli(['apply', fixed, '--auto-approve'], target());
    expect(applied.code, applied.stderr).toBe(0);
    const jp = env.emulator.getState().projects.find((p) => p.name === 'JP');
    expect(jp).toMatchObject({ residency: 'JP_STORAGE', external_key_id: 'ek_jp', service_tier_settings: { default: 'standard', enabled_tiers: ['flex'] } });
    expect(jp?.hosted_tool_permissions?.web_search).toEqual({ enabled: false });
    const again = await runCli(['plan', fixed, '--detailed-exitcode'], target());
    expect(again.stdout).toContain('No changes.');
  });

  it('renames a service account in place (its key survives) and gives a new account\'s key an expiry', async () => {
    const file = await env.work.write(
      'rename.yaml',
      `version: 1
orgform:
  key_expiry_days: 30
projects:
  EU:
    service_accounts:
      - { name: deploy, role: member, renamed_from: deployer }
      - { name: ci, role: member }
`,
    );
    const secrets = env.work.path('secrets');
    const applied = await runCli(['apply', file, '--auto-approve', '--secrets-dir', secrets], target());
    expect(applied.code, applied.stderr).toBe(0);
    const eu = env.emulator.getState().projects.find((p) => p.id === 'proj_eu');
    expect(eu?.service_accounts.map((a) => [a.id === 'svc_acct_deployer', a.name]).sort()).toEqual([
      [false, 'ci'],
      [true, 'deploy'],
    ]);
    expect(eu?.api_keys.find((k) => k.id === 'key_deployer')).toBeDefined();
    const ci = eu?.service_accounts.find((a) => a.name === 'ci');
    const ciKey = eu?.api_keys.find((k) => k.owner.type === 'service_account' && k.owner.service_account_id === ci?.id);
    expect(ciKey && ciKey.expires_at !== null && ciKey.expires_at - ciKey.created_at).toBe(30 * 86_400);
    expect(mutations().filter((r) => r.method === 'DELETE')).toEqual([]);
    const again = await runCli(['plan', file, '--detailed-exitcode'], target());
    expect(again.stdout).toContain('No changes.');

    const typo = await env.work.write('typo.yaml', 'version: 1\nprojects:\n  EU:\n    service_accounts: [{ name: x, role: member, renamed_from: deployr }]\n');
    const refused = await runCli(['plan', typo], target());
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('renamed_from "deployr", which names no live service account');
  });
});

describe('key hygiene', () => {
  it('plan --count-unmanaged warns about keys with no expiry or too old, and writes nothing', async () => {
    const file = await env.work.write('hygiene.yaml', 'version: 1\nprojects:\n  EU: {}\n');
    const plain = await runCli(['plan', file], target());
    expect(plain.stdout).not.toContain('key_deployer');
    const plan = await runCli(['plan', file, '--count-unmanaged', '--key-max-age-days', '90', '--format', 'json'], target());
    expect(plan.code, plan.stderr).toBe(0);
    const notes = (JSON.parse(plan.stdout) as { notes: { level: string; address?: string; message: string }[] }).notes;
    const deployer = notes.find((n) => n.address === 'project["EU"].api_key["key_deployer"]');
    expect(deployer?.level).toBe('warning');
    expect(deployer?.message).toMatch(/has no expiry and is \d+ days old, over key_max_age_days \(90\)/);
    expect(notes.some((n) => n.address?.startsWith('organization.admin_api_key['))).toBe(true);
    expect(mutations()).toEqual([]);
    const misuse = await runCli(['plan', file, '--key-max-age-days', '90'], target());
    expect(misuse.code).not.toBe(0);
    expect(misuse.stderr).toContain('--key-max-age-days needs --count-unmanaged');
  });
});
