// Policies on owners the file does not list, checked by plan against the live org (issue 16):
// min_org_owners and owner_email_domains without users:, and owner_email_domains on the live
// owners of a managed project whose members the file does not list.

import { describe, expect, it } from 'vitest';
import type { EmulatorSeed } from '../../src/emulator/index.js';
import { runCli, useEmulator } from './harness.js';
import { emptyOrg } from './seeds.js';

const seed = (): EmulatorSeed => ({
  ...emptyOrg(),
  users: [
    { email: 'owner@example.com', role: 'owner' },
    { email: 'eve@other.com', role: 'reader' },
  ],
  projects: [
    {
      id: 'proj_r',
      name: 'Research',
      members: [
        { email: 'owner@example.com', role: 'owner' },
        { email: 'eve@other.com', role: 'owner' },
      ],
    },
  ],
});
const env = useEmulator(seed);
const target = () => env.target();
const inWork = () => ({ cwd: env.work.dir });
const mutations = () => env.emulator.requests().filter((r) => r.method !== 'GET');

describe('min_org_owners against the live org', () => {
  const file = `version: 1
policies:
  min_org_owners: { count: 2 }
projects:
  Research: { spend_limit: { threshold_amount: 10000 } }
`;

  it('refuses a plan for an org with one owner when the file has no users:, and apply changes nothing', async () => {
    await env.work.write('org.yaml', file);
    const plan = await runCli(['plan', 'org.yaml'], target(), inWork());
    expect(plan.code).toBe(1);
    const message = 'org.yaml:3:3: policy min_org_owners: the organization will have 1 owner(s) after this plan ("owner@example.com" (';
    expect(plan.stdout).toContain('Refused: apply will not carry out this plan.');
    expect(plan.stdout).toContain(message);
    expect(plan.stderr).toContain(`error: refused: ${message}`);
    const applied = await runCli(['apply', 'org.yaml', '--auto-approve'], target(), inWork());
    expect(applied.code).toBe(1);
    expect(mutations()).toEqual([]);
  });

  it('makes a saved plan stale when the owners it was checked against change', async () => {
    const twoOwners = seed();
    twoOwners.users = [{ email: 'owner@example.com', role: 'owner' }, { email: 'eve@other.com', role: 'owner' }];
    env.emulator.setState(twoOwners);
    await env.work.write('org.yaml', file);
    const saved = await runCli(['plan', 'org.yaml', '--out', 'plan.json'], target(), inWork());
    expect(saved.code).toBe(0);
    env.emulator.setState(seed()); // eve is demoted behind the plan's back
    const applied = await runCli(['apply', 'plan.json', '--auto-approve'], target(), inWork());
    expect(applied.code).toBe(1);
    expect(applied.stderr).toContain('organization.owners changed since the plan was made');
    expect(mutations()).toEqual([]);
  });
});

describe('owner_email_domains against the live org', () => {
  const file = (level: string) => `version: 1
policies:
  owner_email_domains: { domains: [example.com]${level} }
projects:
  Research: { spend_limit: { threshold_amount: 10000 } }
`;

  it('refuses a live owner of a managed project whose members the file does not list', async () => {
    await env.work.write('org.yaml', file(''));
    const plan = await runCli(['plan', 'org.yaml', '--no-attribution'], target(), inWork());
    expect(plan.code).toBe(1);
    expect(plan.stdout).toMatch(/✗ org\.yaml:3:3: policy owner_email_domains: owner "eve@other\.com" \(user-[\w-]+\) of project "Research" is not in example\.com/);
    // The org's only owner is in the domain: no org-level violation.
    expect(plan.stdout).not.toContain('org owner');
  });

  it('warns at level warn, and the plan goes ahead', async () => {
    await env.work.write('org.yaml', file(', level: warn'));
    const plan = await runCli(['plan', 'org.yaml', '--format', 'json', '--no-attribution'], target(), inWork());
    expect(plan.code).toBe(0);
    const doc = JSON.parse(plan.stdout) as { refusals: unknown[]; notes: Array<{ level: string; message: string }> };
    expect(doc.refusals).toEqual([]);
    expect(doc.notes).toContainEqual({ level: 'warning', message: expect.stringMatching(/^org\.yaml:3:3: policy owner_email_domains: owner "eve@other\.com" .* of project "Research"/) });
    const applied = await runCli(['apply', 'org.yaml', '--auto-approve'], target(), inWork());
    expect(applied.code).toBe(0);
  });
});
