import { describe, expect, it } from 'vitest';
import { makePlan } from '../../../src/planner/plan.js';
import { desiredOrg, desiredProject, liveOrg, liveProject } from './builders.js';

const URL = 'http://emulator/v1';

describe('project names against the live org', () => {
  it('match after NFC: a decomposed é in the file is the live composed one, not a new project', () => {
    const plan = makePlan(desiredOrg({ projects: [desiredProject('Cafe\u0301')] }), liveOrg([liveProject('proj_c', 'Caf\u00e9')]), URL);
    expect(plan.changes).toEqual([]);
    expect(plan.unmanaged).toEqual([]);
  });

  it('warn when a new project looks like a live one, naming it', () => {
    const plan = makePlan(
      desiredOrg({ projects: [desiredProject('R\u0435search'), desiredProject('Billing')] }),
      liveOrg([liveProject('proj_r', 'Research'), liveProject('proj_o', 'Other')]),
      URL,
    );
    expect(plan.changes.map((c) => c.id)).toEqual(['create project["Billing"]', 'create project["R\u0435search"]']);
    expect(plan.notes.filter((n) => n.level === 'warning')).toEqual([
      {
        level: 'warning',
        address: 'project["R\u0435search"]',
        message: expect.stringContaining('new project "R\u0435search" looks like live project "Research" (proj_r)'),
      },
    ]);
  });

  it('say nothing for a look-alike that is archived', () => {
    const plan = makePlan(desiredOrg({ projects: [desiredProject('research')] }), liveOrg([liveProject('proj_r', 'Research', true)]), URL);
    expect(plan.notes.filter((n) => n.level === 'warning')).toEqual([]);
  });
});
