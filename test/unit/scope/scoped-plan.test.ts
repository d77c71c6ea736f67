// A scoped plan is the whole-file plan cut to its scope: the same changes, byte for byte, for what
// the scope covers (and what those depend on), and nothing else.

import equal from 'fast-deep-equal';
import { describe, expect, it } from 'vitest';
import type { DesiredOrg } from '../../../src/config/model.js';
import { PROJECT_KINDS } from '../../../src/kinds/registry.js';
import type { LiveOrg } from '../../../src/kinds/live-state.js';
import type { Plan } from '../../../src/plan/types.js';
import { makePlan } from '../../../src/planner/plan.js';
import { safetyOfConfig } from '../../../src/planner/safety.js';
import { coversChange, projectOfAddress } from '../../../src/scope/covers.js';
import { scopedPlanning } from '../../../src/scope/describe.js';
import { formatSelector } from '../../../src/scope/selectors.js';
import { parseSelection, resolveScope } from '../../../src/scope/scope.js';
import { PLAN_CASES, planCase } from '../planner/cases.js';
import { alert, desiredOrg, desiredProject, liveOrg, liveProject, member, orgUser } from '../planner/builders.js';

const URL = 'https://api.openai.example/v1';

function scopedPlan(config: DesiredOrg, live: LiveOrg, target: string[] | null, exclude: string[] = []): Plan {
  const selection = parseSelection(target, exclude);
  const names = new Map(config.projects.map((p) => [p.name, p.renamed_from === undefined ? [] : [p.renamed_from]]));
  const scope = resolveScope(selection, names, config.file);
  const { desired, scoped } = scopedPlanning(config, selection, scope);
  return makePlan(desired, live, URL, safetyOfConfig(config), scoped);
}

/** Every selector a file gives: the org's units and each project, whole and part by part. */
function selectorsOf(config: DesiredOrg): string[] {
  return [
    'organization',
    'users',
    'invites',
    ...config.projects.flatMap((p) => [
      formatSelector({ type: 'project', name: p.name }),
      ...PROJECT_KINDS.filter((k) => p[k.part] !== undefined).map((k) => formatSelector({ type: 'project', name: p.name, part: k.part })),
    ]),
  ];
}

describe.each(PLAN_CASES)('scoped plans of golden case %s', (name) => {
  const { config, live, plan: full } = planCase(name);

  it.each(selectorsOf(config))('--target %s plans exactly the whole plan’s changes it covers', (selector) => {
    const plan = scopedPlan(config, live, [selector]);
    const scope = resolveScope(parseSelection([selector], []), new Map(config.projects.map((p) => [p.name, []])), 'org.yaml');
    for (const change of plan.changes) {
      expect(full.changes.some((c) => equal(c, change)), `${change.id} is not in the whole plan as it is`).toBe(true);
      if (!plan.scope?.dependencies.includes(change.id)) {
        expect(coversChange(scope, change, () => change.kind === 'invite'), `${change.id} is outside ${selector}`).toBe(true);
      }
    }
    // Everything of the whole plan the selector covers (invites aside: one is covered where a
    // covered part needs it) is in the scoped plan.
    for (const change of full.changes.filter((c) => c.kind !== 'invite' && coversChange(scope, c, () => false))) {
      expect(plan.changes.map((c) => c.id), `${change.id} is missing`).toContain(change.id);
    }
    expect(plan.scope?.target).toEqual([selector]);
  });

  it('everything but one project is the whole plan without that project (invites it names included: they are invites)', () => {
    const project = config.projects[0]?.name;
    if (project === undefined) return;
    const plan = scopedPlan(config, live, null, [formatSelector({ type: 'project', name: project })]);
    const outside = (address: string) => projectOfAddress(address) === project;
    expect(plan.changes.filter((c) => !plan.scope?.dependencies.includes(c.id)).map((c) => c.id)).toEqual(
      full.changes.filter((c) => !outside(c.address)).map((c) => c.id),
    );
  });
});

describe('a scoped plan never changes what it did not look at', () => {
  const config = desiredOrg({
    users: [{ email: 'owner@example.com', role: 'owner' }],
    projects: [
      desiredProject('A', { spend_alerts: [], members: [{ email: 'owner@example.com', role: 'owner' }] }),
      desiredProject('B', { spend_alerts: [], members: [] }),
    ],
  });
  const live = liveOrg(
    [liveProject('proj_a', 'A'), liveProject('proj_b', 'B')],
    {
      proj_a: { spend_alerts: [alert('a1', 100, ['x@example.com'])], members: [member('u1', 'owner@example.com', 'owner')] },
      proj_b: { spend_alerts: [alert('b1', 100, ['x@example.com'])], members: [member('u2', 'gone@example.com', 'member')] },
    },
    { users: [orgUser('u1', 'owner@example.com', 'owner'), orgUser('u2', 'gone@example.com', 'owner')], invites: [], key_owner_ids: ['u1'] },
  );

  it('plans the removals of the project it targets, and none of another', () => {
    const plan = scopedPlan(config, live, ['project:A']);
    expect(plan.changes.map((c) => c.id)).toEqual(['delete project["A"].spend_alert[100]']);
    expect(plan.scope).toMatchObject({ target: ['project:A'], exclude: [], dependencies: [] });
    expect(plan.scope?.not_looked_at).toEqual(['users:', '1 other project of the file']);
  });

  it('keeps the invariants of what it covers: removing the last other owner under users: is planned, and checked', () => {
    const users = scopedPlan(config, live, ['users']);
    expect(users.changes.map((c) => c.id)).toEqual(['delete user["gone@example.com"]']);
    const onlyOwner = scopedPlan({ ...config, users: [] }, live, ['users']);
    expect(onlyOwner.refusals.map((r) => r.rule).sort()).toEqual(['key_owner', 'last_owner']);
    // The same file scoped to a project: no user change, so no refusal about users.
    expect(scopedPlan({ ...config, users: [] }, live, ['project:B']).refusals).toEqual([]);
  });

  it('counts the destroy limits within the scope', () => {
    const limited = { ...config, limits: { max_count: 0, max_fraction: 1 } };
    expect(scopedPlan(limited, live, ['project:B/spend_alerts']).refusals.map((r) => r.rule)).toEqual(['destroy_limit']);
    expect(scopedPlan(limited, live, ['project:B/members']).changes.map((c) => c.id)).toEqual(['delete project["B"].member["gone@example.com"]']);
    expect(scopedPlan(limited, live, ['organization']).refusals).toEqual([]);
  });

  it('counts only what the scope covers as the destroy limits’ base, not what it compares as context', () => {
    const emails = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `${prefix}${i}@example.com`);
    const a = emails(10, 'a');
    const b = emails(30, 'b');
    const wide = desiredOrg({
      projects: [
        desiredProject('A', { members: a.slice(0, 6).map((email) => ({ email, role: 'member' as const })) }),
        desiredProject('B', { members: b.map((email) => ({ email, role: 'member' as const })), role_assignments: [] }),
      ],
    });
    const users = [...a, ...b].map((email, i) => orgUser(`u${i}`, email, 'reader'));
    const wideLive = liveOrg(
      [liveProject('proj_a', 'A'), liveProject('proj_b', 'B')],
      {
        proj_a: { members: a.map((email, i) => member(`u${i}`, email, 'member')) },
        proj_b: { members: b.map((email, i) => member(`u${i + 10}`, email, 'member')), role_assignments: { users: {}, groups: {} }, groups: [] },
      },
      { users, invites: [], groups: [] },
    );
    // B's members are compared (its role assignments consult them), not counted: 4 of A's 10 go.
    const plan = scopedPlan(wide, wideLive, ['project:A/members', 'project:B/role_assignments']);
    expect(plan.managed_counts['project_member']).toBe(10);
    expect(plan.refusals.map((r) => r.message)).toEqual([expect.stringMatching(/removes 4 project members of 10 managed \(40%\)/)]);
    // With B's members in scope, 4 of 40 is within the limits.
    expect(scopedPlan(wide, wideLive, ['project:A/members', 'project:B/members']).refusals).toEqual([]);
  });

  it('plans a new project’s creation with a part of it, and says so', () => {
    const plan = scopedPlan({ ...config, projects: [...config.projects, desiredProject('C', { spend_alerts: [{ threshold_amount: 5, recipients: [], subject_prefix: null }] })] }, live, [
      'project:C/spend_alerts',
    ]);
    expect(plan.changes.map((c) => c.id)).toEqual(['create project["C"]', 'create project["C"].spend_alert[5]']);
    expect(plan.scope?.dependencies).toEqual(['create project["C"]']);
  });

  it('an empty scope plans nothing', () => {
    const plan = scopedPlan(config, liveOrg(), []);
    expect(plan.changes).toEqual([]);
    expect(plan.unmanaged).toEqual([]);
  });
});
