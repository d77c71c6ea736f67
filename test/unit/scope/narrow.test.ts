// Scope narrowing: a scoped plan's config and, from it alone, what the reader reads.

import { describe, expect, it } from 'vitest';
import type { DesiredOrg } from '../../../src/config/model.js';
import { configOf } from '../config/helpers.js';
import { scopeOfConfig } from '../../../src/live/read.js';
import { narrowConfig, usersToRead } from '../../../src/scope/narrow.js';
import { parseSelection, resolveScope, type Scope } from '../../../src/scope/scope.js';
import { liveProject } from '../planner/builders.js';

const FILE = `version: 1
organization:
  data_retention: zero_data_retention
users:
  - { email: owner@example.com, role: owner }
invites:
  - { email: new@example.com, role: reader, projects: [{ project: Research, role: member }] }
groups:
  - { name: Platform, members: [owner@example.com] }
protect:
  projects: [Research, Data Platform]
projects:
  Research:
    data_retention: none
    rate_limits: { gpt-4o: { max_requests_per_1_minute: 10 } }
    members: [{ email: owner@example.com, role: owner }, { email: ann@example.com, role: member }]
    groups: [{ group: Platform, role: member }]
    role_assignments: { viewer: { users: [owner@example.com] } }
  Data Platform:
    spend_limit: { threshold_amount: 1000 }
  Legacy:
    archived: true
`;

const load = (text = FILE): DesiredOrg => configOf(text, 'org.yaml');

function scopeOf(config: DesiredOrg, target: string[] | null, exclude: string[] = []): Scope {
  const names = new Map(config.projects.map((p) => [p.name, p.renamed_from === undefined ? [] : [p.renamed_from]]));
  return resolveScope(parseSelection(target, exclude), names, 'org.yaml');
}

/** What the reader reads for a scoped config: org parts, whether it lists projects, each project's parts. */
function reads(config: DesiredOrg, target: string[] | null, exclude: string[] = []) {
  const scope = scopeOf(config, target, exclude);
  const narrowed = narrowConfig(config, scope);
  const read = scopeOfConfig(narrowed);
  const parts = Object.fromEntries(
    ['Research', 'Data Platform', 'Legacy', 'Not In File'].map((name) => [name, [...read.partsOf(liveProject(`proj_${name}`, name))].sort()]),
  );
  return { org: [...read.org].sort(), listProjects: read.listProjects, keyOwners: read.keyOwners, parts, users: usersToRead(narrowed, scope), narrowed };
}

describe('what a scoped plan reads', () => {
  const config = load();

  it('one project part: that part of that project, and the project list to find it', () => {
    expect(reads(config, ['project:Research/rate_limits'])).toMatchObject({
      org: [],
      listProjects: true,
      keyOwners: false,
      parts: { Research: ['rate_limits'], 'Data Platform': [], Legacy: [], 'Not In File': [] },
    });
    expect(reads(config, ['project:Data Platform'])).toMatchObject({ org: [], parts: { Research: [], 'Data Platform': ['spend_limit'] } });
  });

  it('members: the org users they are, by email, and the invites that may be needed; no admin keys', () => {
    const r = reads(config, ['project:Research/members']);
    expect(r).toMatchObject({ org: ['invites', 'users'], keyOwners: false, parts: { Research: ['members'], 'Data Platform': [] } });
    expect(r.users).toEqual(['ann@example.com', 'owner@example.com']);
  });

  it('a part takes the parts it consults: role assignments look at groups, roles and members', () => {
    const r = reads(config, ['project:Research/role_assignments']);
    expect(r.parts['Research']).toEqual(['groups', 'members', 'role_assignments']);
    // Groups name org groups, and users whom the file does not name: the whole lists, and the
    // names (only) of the file's groups, so a group this plan creates can be depended on.
    expect(r.org).toEqual(['groups', 'invites', 'users']);
    expect(r.users).toBeUndefined();
    expect(r.narrowed.groups).toEqual([{ name: 'Platform', pos: expect.any(Object) }]);
  });

  it('a project’s groups: the org’s groups it may name, and no org user (none is looked up)', () => {
    const r = reads(config, ['project:Research/groups']);
    expect(r.parts['Research']).toEqual(['groups']);
    expect(r.org).toEqual(['groups', 'users']);
    expect(r.users).toEqual([]);
  });

  it('users: the whole user list and the admin keys (the owner guard), with invites for who is wanted', () => {
    const r = reads(config, ['users']);
    expect(r).toMatchObject({ org: ['invites', 'users'], keyOwners: true, parts: { Research: [], 'Data Platform': [] } });
    expect(r.users).toBeUndefined();
    expect(r.narrowed.invites).toEqual(config.invites);
    expect(r.narrowed.organization).toEqual({});
  });

  it('organization: the org-level parts, and no project list', () => {
    const r = reads(config, ['organization']);
    expect(r.org).toEqual(['data_retention', 'groups', 'users']);
    expect(r.listProjects).toBe(false);
    expect(r.narrowed.projects).toEqual([]);
  });

  it('an empty target reads nothing at all', () => {
    expect(reads(config, [])).toMatchObject({ org: [], listProjects: false, keyOwners: false, parts: { Research: [], 'Data Platform': [] } });
  });

  it('exclude: everything but what is excluded', () => {
    const r = reads(config, null, ['project:Research', 'users']);
    expect(r.parts).toMatchObject({ Research: [], 'Data Platform': ['spend_limit'] });
    expect(r.org).toContain('data_retention');
    expect(r.narrowed.users).toBeUndefined();
    expect(r.narrowed.protect).toEqual({ projects: ['Data Platform'], users: [] });
  });

  it('keeps every project entry (no parts) where an invite may name one', () => {
    const r = reads(config, ['invites']);
    expect(r.narrowed.projects.map((p) => p.name)).toEqual(config.projects.map((p) => p.name));
    expect(r.narrowed.projects.every((p) => p.members === undefined && p.rate_limits === undefined)).toBe(true);
    expect(r.parts).toMatchObject({ Research: [], 'Data Platform': [] });
  });
});

describe('the owner policies a scoped plan checks against the live org', () => {
  // No users:, and Data Platform does not list its members: both are checked against the live org.
  const config = load(
    FILE.replace('users:\n  - { email: owner@example.com, role: owner }\n', '').replace(
      'protect:',
      'policies:\n  min_org_owners: { count: 2 }\n  owner_email_domains: { domains: [example.com] }\nprotect:',
    ),
  );

  it('the whole file: the org owners and each project that does not list its members', () => {
    expect(config.live_policies?.min_org_owners?.count).toBe(2);
    expect(config.live_policies?.owner_email_domains).toMatchObject({ org_owners: true, projects: ['Data Platform'] });
    expect(reads(config, null)).toMatchObject({ org: expect.arrayContaining(['users']), users: undefined });
  });

  it('the org owners only where the scope covers users or the organization; a project where it covers its members', () => {
    const one = reads(config, ['project:Data Platform/spend_limit']);
    expect(one.narrowed.live_policies).toBeUndefined();
    expect(one.org).not.toContain('users');
    expect(one.parts['Data Platform']).toEqual(['spend_limit']);
    const members = reads(config, ['project:Data Platform']);
    expect(members.narrowed.live_policies).toEqual({ owner_email_domains: expect.objectContaining({ org_owners: false, projects: ['Data Platform'] }) });
    expect(members.parts['Data Platform']).toEqual(['members', 'spend_limit']);
    const users = reads(config, ['users']);
    expect(users.narrowed.live_policies).toMatchObject({ min_org_owners: { count: 2 }, owner_email_domains: { org_owners: true, projects: [] } });
    expect(users.org).toContain('users');
    expect(users.users).toBeUndefined(); // every user: the owners are counted on the whole list
  });
});
