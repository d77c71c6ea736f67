// Policies on what the file does not list, checked by plan against the live org as the plan
// leaves it (min_org_owners and owner_email_domains without users:, owner_email_domains on the
// owners of a project whose members the file does not list). Plain objects, no HTTP.

import { describe, expect, it } from 'vitest';
import { loadConfigText } from '../../../src/config/index.js';
import type { DesiredOrg } from '../../../src/config/model.js';
import type { LiveGroup } from '../../../src/kinds/access-live.js';
import { scopeOfConfig } from '../../../src/live/read.js';
import { makePlan } from '../../../src/planner/plan.js';
import { liveOrg, liveProject, member, orgUser } from './builders.js';

const URL = 'http://emulator/v1';

function load(text: string): DesiredOrg {
  const result = loadConfigText(text, 'org.yaml');
  if ('errors' in result) throw new Error(result.errors.map((e) => `${e.line}:${e.col} ${e.message}`).join('\n'));
  return result.config;
}

const users = [orgUser('u-alice', 'alice@example.com', 'owner'), orgUser('u-bob', 'bob@other.com', 'reader')];
const policies = (body: string, rest = '') => `version: 1\npolicies:\n${body}${rest}`;

describe('min_org_owners without users:', () => {
  const file = policies('  min_org_owners: { count: 2 }\n');

  it('refuses a plan that leaves fewer owners in the live org, naming them and the policy line', () => {
    const plan = makePlan(load(file), liveOrg([], {}, { users }), URL);
    expect(plan.refusals).toEqual([
      {
        rule: 'policy',
        message: 'org.yaml:3:3: policy min_org_owners: the organization will have 1 owner(s) after this plan ("alice@example.com" (u-alice)), fewer than 2',
      },
    ]);
    // A saved plan goes stale when the owners it was checked against change.
    expect(plan.fingerprints['organization.owners']).toMatch(/^[0-9a-f]{64}$/);
  });

  it('passes with enough owners, and warns at level warn', () => {
    const two = [...users, orgUser('u-carol', 'carol@example.com', 'owner')];
    expect(makePlan(load(file), liveOrg([], {}, { users: two }), URL).refusals).toEqual([]);
    const warned = makePlan(load(policies('  min_org_owners: { count: 2, level: warn }\n')), liveOrg([], {}, { users }), URL);
    expect(warned.refusals).toEqual([]);
    expect(warned.notes).toEqual([{ level: 'warning', message: expect.stringMatching(/^org\.yaml:3:3: policy min_org_owners: .* fewer than 2$/) }]);
  });

  it('counts the owners the plan takes away (a group that holds the owner role, emptied)', () => {
    const admins: LiveGroup = { group: { id: 'g1', name: 'Admins', created_at: 1, is_scim_managed: false }, members: [{ id: 'u-carol', email: 'carol@example.com' }], roles: [{ id: 'role_owner', name: 'owner' }] };
    const live = liveOrg([], {}, { users: [...users, orgUser('u-carol', 'carol@example.com', 'reader')], groups: [admins] });
    const keep = makePlan(load(policies('  min_org_owners: { count: 2 }\n', 'groups: [{ name: Admins, members: [carol@example.com] }]\n')), live, URL);
    expect(keep.refusals).toEqual([]);
    const emptied = makePlan(load(policies('  min_org_owners: { count: 2 }\n', 'groups: [{ name: Admins, members: [] }]\n')), live, URL);
    expect(emptied.refusals.map((r) => r.message)).toEqual([expect.stringContaining('will have 1 owner(s) after this plan')]);
  });

  it('is checked on the file, not the live org, where the file has users:', () => {
    const desired = load(policies('  min_org_owners: { count: 3 }\n', 'users:\n  - { email: alice@example.com, role: owner }\n  - { email: bob@other.com, role: owner }\n'));
    // One refusal, the file's: the live org is not counted a second time.
    expect(makePlan(desired, liveOrg([], {}, { users }), URL).refusals.map((r) => r.message)).toEqual([
      'org.yaml:4:1: policy min_org_owners: users: lists 2 org owner(s), fewer than 3',
    ]);
    expect(scopeOfConfig(load(file)).org.has('users')).toBe(true);
  });
});

describe('owner_email_domains on owners the file does not list', () => {
  const file = policies('  owner_email_domains: { domains: [example.com] }\n', 'projects:\n  Research: {}\n  Listed:\n    members: [{ email: alice@example.com, role: owner }]\n');
  const live = liveOrg([liveProject('p-r', 'Research'), liveProject('p-l', 'Listed')], {
    'p-r': { members: [member('u-alice', 'alice@example.com', 'owner'), member('u-bob', 'bob@other.com', 'owner')] },
    'p-l': { members: [member('u-alice', 'alice@example.com', 'owner')] },
  }, { users: [...users, orgUser('u-eve', 'eve@other.com', 'owner')] });

  it('refuses live org owners and project owners outside the domains, each by email, id and project', () => {
    const plan = makePlan(load(file), live, URL);
    expect(plan.refusals.map((r) => r.message)).toEqual([
      'org.yaml:3:3: policy owner_email_domains: org owner "eve@other.com" (u-eve) is not in example.com',
      'org.yaml:3:3: policy owner_email_domains: owner "bob@other.com" (u-bob) of project "Research" is not in example.com',
    ]);
  });

  it('reads the members of the projects that do not list them, and users, only for the policy', () => {
    const scope = scopeOfConfig(load(file));
    expect(scope.org.has('users')).toBe(true);
    expect(scope.partsOf(liveProject('p-r', 'Research'))).toEqual(['members']);
    const without = scopeOfConfig(load('version: 1\nprojects:\n  Research: {}\n'));
    expect(without.org.has('users')).toBe(false);
    expect(without.partsOf(liveProject('p-r', 'Research'))).toEqual([]);
  });
});
