import { describe, expect, it } from 'vitest';
import { makePlan } from '../../../src/planner/plan.js';
import { assertNoRefusals } from '../../../src/planner/safety.js';
import { PlanError, UnsafePlanError } from '../../../src/errors.js';
import type { Change } from '../../../src/plan/types.js';
import {
  alert,
  desiredOrg,
  desiredProject,
  invite,
  liveOrg,
  liveProject,
  member,
  orgUser,
} from './builders.js';

const URL = 'http://emulator/v1';
const ids = (changes: Change[]) => changes.map((c) => c.id);

describe('projects', () => {
  it('creates a missing project, and its settings depend on the creation', () => {
    const plan = makePlan(
      desiredOrg({
        projects: [
          desiredProject('Research', {
            data_retention: 'zero_data_retention',
            spend_alerts: [{ threshold_amount: 500, recipients: ['a@x.com'], subject_prefix: null }],
          }),
        ],
      }),
      liveOrg(),
      URL,
    );
    expect(ids(plan.changes)).toEqual([
      'create project["Research"]',
      'update project["Research"].data_retention',
      'create project["Research"].spend_alert[500]',
    ]);
    expect(plan.changes[1]?.dependsOn).toEqual(['create project["Research"]']);
    expect(plan.changes[1]?.project).toEqual({ name: 'Research', created_by: 'create project["Research"]' });
    expect(plan.summary).toEqual({ create: 2, update: 1, delete: 0, archive: 0 });
  });

  it('never touches a project that is not in the file, and counts it as left alone', () => {
    const plan = makePlan(desiredOrg(), liveOrg([liveProject('proj_1', 'Other')]), URL);
    expect(plan.changes).toEqual([]);
    expect(plan.unmanaged).toEqual([expect.objectContaining({ kind: 'project', count: 1 })]);
  });

  it('renames only by an explicit renamed_from, and is a no-op once renamed', () => {
    const desired = desiredOrg({ projects: [desiredProject('New', { renamed_from: 'Old' })] });
    const first = makePlan(desired, liveOrg([liveProject('proj_1', 'Old')]), URL);
    expect(first.changes).toEqual([
      expect.objectContaining({ action: 'update', kind: 'project', target_id: 'proj_1', after: { name: 'New' } }),
    ]);
    expect(makePlan(desired, liveOrg([liveProject('proj_1', 'New')]), URL).changes).toEqual([]);
  });

  it('refuses a renamed_from that names no live project instead of creating a second project', () => {
    const desired = desiredOrg({ projects: [desiredProject('New', { renamed_from: 'Olde' })] });
    expect(() => makePlan(desired, liveOrg([liveProject('proj_1', 'Old')]), URL)).toThrow(/did you mean "Old"/);
  });

  it('archives with archived: true, and says the API cannot un-archive', () => {
    const archive = makePlan(
      desiredOrg({ projects: [desiredProject('Legacy', { archived: true })] }),
      liveOrg([liveProject('proj_1', 'Legacy')]),
      URL,
    );
    expect(archive.changes).toEqual([
      expect.objectContaining({ action: 'archive', destructive: true, target_id: 'proj_1' }),
    ]);
    expect(() =>
      makePlan(desiredOrg({ projects: [desiredProject('Legacy')] }), liveOrg([liveProject('proj_1', 'Legacy', true)]), URL),
    ).toThrow(PlanError);
  });

  it('refuses two active live projects with one name', () => {
    expect(() =>
      makePlan(
        desiredOrg({ projects: [desiredProject('Twin', { data_retention: 'none' })] }),
        liveOrg([liveProject('proj_1', 'Twin'), liveProject('proj_2', 'Twin')]),
        URL,
      ),
    ).toThrow(/cannot tell them apart/);
  });
});

describe('project settings', () => {
  const live = liveOrg([liveProject('proj_1', 'R')], {
    proj_1: {
      model_permissions: { object: 'project.model_permissions', mode: 'deny_list', model_ids: ['b', 'a'] },
      spend_alerts: [alert('sa_1', 100, ['x@x.com', 'a@x.com']), alert('sa_2', 200, ['a@x.com'])],
      data_retention: 'none',
      spend_limit: null,
    },
  });

  it('compares model ids and recipients as sets', () => {
    const plan = makePlan(
      desiredOrg({
        projects: [
          desiredProject('R', {
            model_permissions: { mode: 'deny_list', model_ids: ['a', 'b'] },
            spend_alerts: [
              { threshold_amount: 100, recipients: ['a@x.com', 'x@x.com'], subject_prefix: null },
              { threshold_amount: 200, recipients: ['a@x.com'], subject_prefix: null },
            ],
          }),
        ],
      }),
      live,
      URL,
    );
    expect(plan.changes).toEqual([]);
  });

  it('an empty list is authoritative; an absent key is left alone', () => {
    const plan = makePlan(desiredOrg({ projects: [desiredProject('R', { spend_alerts: [] })] }), live, URL);
    expect(ids(plan.changes)).toEqual([
      'delete project["R"].spend_alert[100]',
      'delete project["R"].spend_alert[200]',
    ]);
    expect(plan.changes.every((c) => c.destructive)).toBe(true);
  });

  it('updates an alert in place and sets, then lifts, a spend limit', () => {
    const plan = makePlan(
      desiredOrg({
        projects: [
          desiredProject('R', {
            spend_alerts: [
              { threshold_amount: 100, recipients: ['a@x.com'], subject_prefix: '[x]' },
              { threshold_amount: 200, recipients: ['a@x.com'], subject_prefix: null },
            ],
            spend_limit: { threshold_amount: 1000 },
            model_permissions: null,
          }),
        ],
      }),
      live,
      URL,
    );
    // Lifting every model restriction is a removal: printed after the additions, and destructive.
    expect(plan.changes.map((c) => [c.action, c.address, c.target_id ?? null, c.destructive])).toEqual([
      ['update', 'project["R"].spend_alert[100]', 'sa_1', false],
      ['create', 'project["R"].spend_limit', null, false],
      ['delete', 'project["R"].model_permissions', null, true],
    ]);
  });

  it('names an unknown rate-limit model with the nearest existing ones', () => {
    const withLimits = liveOrg([liveProject('proj_1', 'R')], {
      proj_1: {
        rate_limits: [
          { id: 'rl-gpt-4o', object: 'project.rate_limit', model: 'gpt-4o', max_requests_per_1_minute: 1, max_tokens_per_1_minute: 2 },
        ],
      },
    });
    const desired = desiredOrg({
      projects: [desiredProject('R', { rate_limits: { 'gpt-4': { max_requests_per_1_minute: 5 } } })],
    });
    expect(() => makePlan(desired, withLimits, URL)).toThrow(/no rate limit for model "gpt-4"; did you mean "gpt-4o"/);
    const partial = makePlan(
      desiredOrg({ projects: [desiredProject('R', { rate_limits: { 'gpt-4o': { max_tokens_per_1_minute: 9 } } })] }),
      withLimits,
      URL,
    );
    expect(partial.changes[0]?.before).toEqual({ model: 'gpt-4o', max_tokens_per_1_minute: 2 });
    expect(partial.changes[0]?.after).toEqual({ model: 'gpt-4o', max_tokens_per_1_minute: 9 });
  });
});

describe('members, users and invites', () => {
  const users = [
    orgUser('user-a', 'alice@x.com', 'owner'),
    orgUser('user-b', 'bob@x.com', 'reader'),
    orgUser('user-s', 'svc@x.com', 'reader', { is_service_account: true }),
    orgUser('user-c', 'scim@x.com', 'reader', { is_scim_managed: true }),
  ];

  it('resolves members by email, invites non-users into the project, removes after adding', () => {
    const live = liveOrg(
      [liveProject('proj_1', 'R')],
      { proj_1: { members: [member('user-a', 'alice@x.com', 'owner'), member('svc_1', null, 'member')] } },
      { users, invites: [] },
    );
    const plan = makePlan(
      desiredOrg({
        projects: [
          desiredProject('R', {
            members: [
              { email: 'bob@x.com', role: 'owner' },
              { email: 'new@x.com', role: 'member' },
            ],
          }),
        ],
      }),
      live,
      URL,
    );
    expect(ids(plan.changes)).toEqual([
      'create project["R"].member["bob@x.com"]',
      'create invite["new@x.com"]',
      'delete project["R"].member["alice@x.com"]',
    ]);
    expect(plan.changes[1]?.after).toEqual({ email: 'new@x.com', role: 'reader', projects: [{ project: 'R', role: 'member' }] });
    expect(plan.changes[2]?.dependsOn).toEqual(['create project["R"].member["bob@x.com"]']);
  });

  it('extends a pending invite rather than narrowing it, and leaves an equal one alone', () => {
    const pending = invite('inv_1', 'new@x.com', { projects: [{ id: 'proj_2', role: 'owner' }] });
    const live = liveOrg([liveProject('proj_1', 'R'), liveProject('proj_2', 'S')], { proj_1: { members: [] } }, { users, invites: [pending] });
    const desired = desiredOrg({ projects: [desiredProject('R', { members: [{ email: 'new@x.com', role: 'member' }] })] });
    const plan = makePlan(desired, live, URL);
    expect(plan.changes).toEqual([
      expect.objectContaining({
        action: 'replace',
        target_id: 'inv_1',
        after: { email: 'new@x.com', role: 'reader', projects: [{ project: 'R', role: 'member' }, { project: 'S', role: 'owner' }] },
      }),
    ]);
    const accepted = invite('inv_2', 'new@x.com', {
      projects: [{ id: 'proj_1', role: 'member' }, { id: 'proj_2', role: 'owner' }],
    });
    const settled = liveOrg(live.projects, live.parts, { users, invites: [accepted] });
    expect(makePlan(desired, settled, URL).changes).toEqual([]);
  });

  it('revokes pending invites not in a present invites: list, replaces expired ones', () => {
    const live = liveOrg([], {}, {
      users,
      invites: [invite('inv_1', 'gone@x.com'), invite('inv_2', 'late@x.com', { status: 'expired' })],
    });
    const plan = makePlan(
      desiredOrg({ invites: [{ email: 'late@x.com', role: 'reader', projects: [] }, { email: 'bob@x.com', role: 'reader', projects: [] }] }),
      live,
      URL,
    );
    expect(plan.changes.map((c) => [c.action, c.address])).toEqual([
      ['replace', 'invite["late@x.com"]'],
      ['delete', 'invite["gone@x.com"]'],
    ]);
    expect(plan.notes.map((n) => n.message)).toContain('bob@x.com is already an organization user: no invite needed');
  });

  it('never removes service accounts or SCIM users, and refuses to remove the last owner', () => {
    const live = liveOrg([], {}, { users, invites: [] });
    const plan = makePlan(desiredOrg({ users: [{ email: 'alice@x.com', role: 'owner' }] }), live, URL);
    expect(ids(plan.changes)).toEqual(['delete user["bob@x.com"]']);
    expect(plan.unmanaged.map((u) => u.count)).toEqual([1, 1]);
    const ownerless = makePlan(desiredOrg({ users: [{ email: 'bob@x.com', role: 'reader' }] }), live, URL);
    expect(ownerless.refusals.map((r) => r.rule)).toEqual(['last_owner']);
    expect(() => assertNoRefusals(ownerless)).toThrow(UnsafePlanError);
    expect(plan.refusals).toEqual([]);
    const handover = makePlan(desiredOrg({ users: [{ email: 'bob@x.com', role: 'owner' }] }), live, URL);
    expect(ids(handover.changes)).toEqual(['update user["bob@x.com"]', 'delete user["alice@x.com"]']);
    expect(handover.changes[1]?.dependsOn).toEqual(['update user["bob@x.com"]']);
  });

  it('an invite can name a project this plan creates', () => {
    const plan = makePlan(
      desiredOrg({
        projects: [desiredProject('New')],
        invites: [{ email: 'n@x.com', role: 'reader', projects: [{ project: 'New', role: 'member' }] }],
      }),
      liveOrg([], {}, { users, invites: [] }),
      URL,
    );
    expect(ids(plan.changes)).toEqual(['create project["New"]', 'create invite["n@x.com"]']);
    expect(plan.changes[1]?.dependsOn).toEqual(['create project["New"]']);
    expect(plan.changes[1]?.project_refs).toEqual([{ name: 'New', created_by: 'create project["New"]' }]);
  });
});

describe('determinism', () => {
  it('gives the same plan for the same inputs, byte for byte', () => {
    const make = () =>
      JSON.stringify(
        makePlan(
          desiredOrg({ projects: [desiredProject('B', { spend_alerts: [] }), desiredProject('A')] }),
          liveOrg([liveProject('p1', 'B')], { p1: { spend_alerts: [alert('x', 5, []), alert('y', 1, [])] } }),
          URL,
        ),
      );
    expect(make()).toEqual(make());
  });
});
