import { describe, expect, it } from 'vitest';
import { PlanError } from '../../../src/errors.js';
import { diffOrg } from '../../../src/planner/diff.js';
import { makePlan } from '../../../src/planner/plan.js';
import { desiredOrg, desiredProject, invite, liveOrg, liveProject, member, orgUser } from './builders.js';

const URL = 'http://emulator/v1';

describe('renamed_from when both names exist live', () => {
  it('is a problem naming both, not silently ignored', () => {
    const run = () =>
      makePlan(
        desiredOrg({ projects: [desiredProject('New', { renamed_from: 'Old' })] }),
        liveOrg([liveProject('proj_new', 'New'), liveProject('proj_old', 'Old')]),
        URL,
      );
    expect(run).toThrow(PlanError);
    expect(run).toThrow(/project "New" \(proj_new\) is renamed_from "Old", but both exist live \("Old" is proj_old\)/);
  });

  it('is fine once the old one is archived, and a no-op once renamed', () => {
    const archived = makePlan(
      desiredOrg({ projects: [desiredProject('New', { renamed_from: 'Old' })] }),
      liveOrg([liveProject('proj_new', 'New'), liveProject('proj_old', 'Old', true)]),
      URL,
    );
    expect(archived.changes).toEqual([]);
  });
});

describe('a user listed but not yet in the org', () => {
  const desired = desiredOrg({ users: [{ email: 'owner@x.com', role: 'owner' }, { email: 'new@x.com', role: 'reader' }] });
  const users = [orgUser('u1', 'owner@x.com', 'owner')];

  it('with a pending invite: no change, and the note does not say an invite is sent', () => {
    const plan = makePlan(desired, liveOrg([], {}, { users, invites: [invite('inv1', 'new@x.com')] }), URL);
    expect(plan.changes).toEqual([]);
    expect(plan.notes.map((n) => n.message)).toEqual([
      'new@x.com is not in the organization yet: they have a pending invite with role reader, and join when they accept it',
    ]);
  });

  it('without one: an invite is planned, and the note says it is sent', () => {
    const plan = makePlan(desired, liveOrg([], {}, { users, invites: [] }), URL);
    expect(plan.changes.map((c) => c.id)).toEqual(['create invite["new@x.com"]']);
    expect(plan.notes.map((n) => n.message)).toEqual(['new@x.com is not in the organization yet: an invite is sent with role reader']);
  });
});

describe('--count-unmanaged', () => {
  it('does not count a service account listed among a project\'s users as a member', () => {
    const parts = { proj_r: { members: [member('u1', 'a@x.com', 'owner'), member('svc_1', null, 'member')] } };
    const out = diffOrg(desiredOrg({ projects: [desiredProject('Research')] }), liveOrg([liveProject('proj_r', 'Research')], parts));
    expect(out.unmanaged.filter((u) => u.kind === 'project_member').map((u) => u.count)).toEqual([1]);
  });
});
