// A scoped plan says so first, in every format: its selectors, what it did not look at, and the
// changes it made outside the selectors because changes inside depend on them.

import { describe, expect, it } from 'vitest';
import type { PlanScope } from '../../../src/plan/types.js';
import { renderPlanJson, renderPlanMarkdown, renderPlanText, validatePlanDocument } from '../../../src/render/index.js';
import { change, plan } from './build.js';

const scoped = (scope: Partial<PlanScope>) =>
  plan([change('create', 'project', 'project["New"]', null, { name: 'New' }), change('create', 'spend_alert', 'project["New"].spend_alert[5]', null, { threshold_amount: 5 })], {
    scope: { target: ['project:New/spend_alerts'], exclude: [], not_looked_at: ['users:', '3 other projects of the file'], dependencies: ['create project["New"]'], ...scope },
  });

describe('the scoped plan header', () => {
  it('text: after the first line, before the changes', () => {
    const lines = renderPlanText(scoped({}), { color: false }).split('\n');
    expect(lines.slice(1, 4)).toEqual([
      'Scoped plan: covers project:New/spend_alerts.',
      'Not looked at: users:; 3 other projects of the file.',
      'Outside the selectors, planned because changes inside depend on them: create project["New"].',
    ]);
    expect(renderPlanText(plan([]), { color: false })).not.toContain('Scoped plan');
  });

  it('says how --changed-since chose, and what --exclude left out', () => {
    const commit = 'a'.repeat(40);
    const text = (scope: Partial<PlanScope>) => renderPlanText(scoped(scope), { color: false }).split('\n')[1];
    expect(text({ changed_since: { ref: 'origin/main', commit, file: 'changed' } })).toBe(
      'Scoped plan: what changed since origin/main (aaaaaaaaaaaa): project:New/spend_alerts.',
    );
    expect(text({ target: [], changed_since: { ref: 'HEAD~1', commit, file: 'unchanged' } })).toBe(
      'Scoped plan: nothing the file manages changed since HEAD~1 (aaaaaaaaaaaa): nothing was read or compared.',
    );
    expect(text({ target: null, changed_since: { ref: 'v1', commit, file: 'new' } })).toMatch(/the file is not at v1 .*covers all of it\.$/);
    expect(text({ target: null, exclude: ['invites', 'project:Old'] })).toBe('Scoped plan: covers everything but invites, project:Old.');
    expect(text({ target: ['users'], exclude: ['invites'] })).toBe('Scoped plan: covers users, except invites.');
  });

  it('Markdown: the heading and a NOTE block before the numbers; JSON: a valid plan with scope', () => {
    const [md] = renderPlanMarkdown(scoped({ not_looked_at: ['project "a*b"'] }));
    expect(md).toMatch(/^## orgform plan \(scoped\)\n/);
    expect(md).toContain('> [!NOTE]\n> Scoped plan: covers project:New/spend\\_alerts.\n>\n> Not looked at: project "a\\*b".');
    expect(md?.indexOf('[!NOTE]')).toBeLessThan(md?.indexOf('| Create |') ?? 0);
    const json = JSON.parse(renderPlanJson(scoped({})));
    expect(validatePlanDocument(json)).toEqual([]);
    expect(Object.keys(json.scope)).toEqual(['target', 'exclude', 'not_looked_at', 'dependencies']);
  });
});
