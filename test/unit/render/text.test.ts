import { describe, expect, it } from 'vitest';
import { renderPlanMarkdown, renderPlanText } from '../../../src/render/index.js';
import { ANSI, change, plan, projectChanges } from './build.js';

const research = { name: 'Research', id: 'proj_1' };

describe('renderPlanText', () => {
  const mixed = plan([
    change('update', 'model_permissions', 'project["Research"].model_permissions',
      { mode: 'allow_list', model_ids: ['gpt-4o', 'o1'] },
      { mode: 'allow_list', model_ids: ['o1', 'o3'] },
      { project: research }),
    change('delete', 'spend_alert', 'project["Research"].spend_alert[100]', { threshold_amount: 100 }, null, {
      project: research,
      target_id: 'alert_1',
    }),
    change('create', 'user', 'user["a@example.com"]', null, { email: 'a@example.com', role: 'reader' }),
    change('archive', 'project', 'project["Old"]', { name: 'Old' }, null, { target_id: 'proj_old' }),
  ]);

  it('has no ANSI escapes with colour off, and some with colour on', () => {
    expect(renderPlanText(mixed, { color: false })).not.toMatch(ANSI);
    const colored = renderPlanText(mixed, { color: true });
    expect(colored).toMatch(ANSI);
    expect(colored).toContain('\u001b[1mPlan: 1 to create, 1 to update, 1 to delete, 1 to archive.\u001b[0m');
  });

  it('shows list changes item by item and marks destructive changes', () => {
    const text = renderPlanText(mixed, { color: false });
    expect(text).toContain('      model_ids:\n        - gpt-4o\n          o1\n        + o3\n');
    expect(text).toContain('  - project["Research"].spend_alert[100] (destructive)\n      id: alert_1\n      threshold_amount: 100\n');
    expect(text).toContain('  # project["Old"] (destructive)');
    expect(text).toContain('  + user["a@example.com"]\n      email: a@example.com\n      role: reader\n');
  });

  it('groups by scope: organization, projects in plan order, invites, users; plan order inside', () => {
    const p = plan([
      change('create', 'user', 'user["u@x.io"]', null, { email: 'u@x.io', role: 'reader' }),
      change('create', 'spend_limit', 'project["B"].spend_limit', null, { threshold_amount: 1 }, { project: { name: 'B', id: 'b' } }),
      change('create', 'invite', 'invite["i@x.io"]', null, { email: 'i@x.io' }),
      change('create', 'project', 'project["A"]', null, { name: 'A' }),
      change('update', 'organization_data_retention', 'organization.data_retention', { retention_type: 'none' }, { retention_type: 'zero_data_retention' }),
      change('delete', 'rate_limit', 'project["B"].rate_limit["o3"]', { model: 'o3' }, null, { project: { name: 'B', id: 'b' } }),
    ]);
    const headings = renderPlanText(p, { color: false })
      .split('\n')
      .filter((l) => /^(Organization|Project|Invites|Users)/.test(l));
    expect(headings).toEqual(['Organization', 'Project "B"', 'Project "A"', 'Invites', 'Users']);
    const text = renderPlanText(p, { color: false });
    expect(text.indexOf('project["B"].spend_limit')).toBeLessThan(text.indexOf('project["B"].rate_limit'));
    expect(text.indexOf('project["B"].rate_limit')).toBeLessThan(text.indexOf('project["A"]'));
  });

  it('renders the three states of attribution', () => {
    const at = Date.UTC(2025, 0, 2, 3, 4, 59) / 1000;
    const p = plan([
      change('update', 'user', 'user["a"]', { role: 'owner' }, { role: 'reader' }, {
        attribution: { actor: 'bob@example.com', at, event_type: 'user.updated' },
      }),
      change('update', 'user', 'user["b"]', { role: 'owner' }, { role: 'reader' }, { attribution: null }),
      change('update', 'user', 'user["c"]', { role: 'owner' }, { role: 'reader' }),
    ]);
    const text = renderPlanText(p, { color: false });
    expect(text).toContain('  ~ user["a"]\n      role: owner → reader\n      changed by bob@example.com at 2025-01-02 03:04 UTC (user.updated)\n');
    expect(text).toContain('  ~ user["b"]\n      role: owner → reader\n      the audit log says nothing about this change\n');
    expect(text).toContain('  ~ user["c"]\n      role: owner → reader\n\n');
  });

  it('says where inherited values are set (--explain), not repeating what the project sets itself', () => {
    const p = plan([
      change('update', 'rate_limit', 'project["Research"].rate_limit["gpt-4.1"]', { model: 'gpt-4.1' }, { model: 'gpt-4.1', max_requests_per_1_minute: 10, max_tokens_per_1_minute: 5 }, {
        project: research,
        sources: {
          '/projects/Research/rate_limits/gpt-4.1/max_requests_per_1_minute': { from: 'template', template: 'standard', file: 'org.yaml', line: 12, column: 7, value: 10 },
          '/projects/Research/rate_limits/gpt-4.1/max_tokens_per_1_minute': { from: 'project', file: 'org.yaml', line: 30, column: 7, value: 5 },
        },
      }),
      change('create', 'project_member', 'project["Research"].member["a@example.com"]', null, { email: 'a@example.com', role: 'owner' }, {
        project: research,
        sources: { '/projects/Research/members': { from: 'defaults', file: 'org.yaml', line: 4, column: 3 } },
      }),
    ]);
    const text = renderPlanText(p, { color: false });
    expect(text).toContain('      max_tokens_per_1_minute: (absent) → 5\n      rate_limits."gpt-4.1".max_requests_per_1_minute = 10   (from template "standard", org.yaml:12)\n  + project');
    expect(text).toContain('      role: owner\n      members   (from defaults, org.yaml:4)\n');
    expect(text).not.toContain('org.yaml:30');
    const md = renderPlanMarkdown(p).join('');
    expect(md).toContain('\n  members   (from defaults, org.yaml:4)\n');
  });

  it('diffs nested objects as pretty JSON lines and collapses long unchanged runs', () => {
    const many = Array.from({ length: 20 }, (_, i) => `m${String(i).padStart(2, '0')}`);
    const p = plan([
      change('update', 'rate_limit', 'project["R"].rate_limit["x"]',
        { limits: { a: 1, b: 2 } }, { limits: { a: 1, b: 3 } }, { project: research }),
      change('update', 'model_permissions', 'project["R"].model_permissions',
        { model_ids: many }, { model_ids: [...many.slice(0, 10), 'new', ...many.slice(10)] }, { project: research }),
    ]);
    const text = renderPlanText(p, { color: false });
    expect(text).toContain('      limits:\n          {\n            "a": 1,\n        -   "b": 2\n        +   "b": 3\n          }\n');
    expect(text).toContain('          … 7 unchanged\n          m07\n          m08\n          m09\n        + new\n          m10\n          m11\n          m12\n          … 7 unchanged\n');
  });

  it('says No changes. and still prints notes and what is left alone', () => {
    const text = renderPlanText(
      plan([], {
        notes: [{ level: 'warning', address: 'project["X"]', message: 'careful' }],
        unmanaged: [
          { kind: 'spend_alert', project: 'Research', count: 4, why: 'no spend_alerts: key' },
          { kind: 'user', project: null, count: 1, why: 'no users: key' },
        ],
      }),
      { color: false },
    );
    expect(text).toContain('Warning: project["X"]: careful\n');
    expect(text).toContain('  4 spend alerts in project "Research" are not managed by this file (no spend_alerts: key).\n');
    expect(text).toContain('  1 user in the organization is not managed by this file (no users: key).\n');
    expect(text.endsWith('\nNo changes.\n')).toBe(true);
  });

  it('never has trailing whitespace', () => {
    const p = plan([...projectChanges('P', 5), ...mixed.changes]);
    for (const color of [false, true]) {
      for (const line of renderPlanText(p, { color }).split('\n')) expect(line).toBe(line.trimEnd());
    }
  });

  it('neutralises control characters and bidi overrides in names', () => {
    const hostile = 'Evil\u001b[31m\nProject "X"\u202e';
    const p = plan([
      change('create', 'project', `project[${JSON.stringify(hostile)}]`, null, { name: hostile }, {
        reason: 'line one\nline two',
      }),
    ]);
    const text = renderPlanText(p, { color: false });
    expect(text).not.toMatch(ANSI);
    expect(text).not.toContain('\u202e');
    expect(text).toContain('\nProject "Evil\\u001b[31m\\nProject \\"X\\"\\u202e"\n');
    expect(text).toContain('reason: line one\\nline two\n');
  });
});
