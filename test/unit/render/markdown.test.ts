import { describe, expect, it } from 'vitest';
import type { Change } from '../../../src/plan/types.js';
import { renderPlanMarkdown } from '../../../src/render/index.js';
import { escapeMarkdown } from '../../../src/render/markdown.js';
import { change, plan, projectChanges } from './build.js';

/** Fails unless every code fence closes and every <details> closes, in order, inside the part. */
function assertBalanced(part: string): void {
  let fence: string | undefined;
  let details = 0;
  for (const line of part.split('\n')) {
    if (fence !== undefined) {
      if (line === fence) fence = undefined;
      continue;
    }
    const open = /^(`{3,})[a-z]*$/.exec(line);
    if (open?.[1]) {
      fence = open[1];
      continue;
    }
    details += (line.match(/<details>/g) ?? []).length;
    details -= (line.match(/<\/details>/g) ?? []).length;
    expect(details).toBeGreaterThanOrEqual(0);
  }
  expect(fence, 'a code fence is left open').toBeUndefined();
  expect(details, 'a <details> is left open').toBe(0);
}

function headerLine(c: Change): string {
  return `${c.action} ${c.address}`;
}

describe('renderPlanMarkdown', () => {
  const big = plan([
    change('update', 'organization_data_retention', 'organization.data_retention', { retention_type: 'none' }, { retention_type: 'zero_data_retention' }),
    ...Array.from({ length: 12 }, (_, i) => projectChanges(`Project ${i}`, 6)).flat(),
    change('delete', 'user', 'user["gone@example.com"]', { email: 'gone@example.com', role: 'reader' }, null),
  ], {
    notes: Array.from({ length: 30 }, (_, i) => ({ level: 'info' as const, message: `note number ${i}` })),
    unmanaged: [{ kind: 'spend_alert', project: 'Project 1', count: 3, why: 'no spend_alerts: key' }],
  });

  it('returns one part when the plan fits', () => {
    const parts = renderPlanMarkdown(big);
    expect(parts).toHaveLength(1);
    expect(parts[0]?.startsWith('## orgform plan\n')).toBe(true);
    assertBalanced(parts[0] ?? '');
  });

  it('splits a large plan into balanced parts under maxChars, losing nothing', () => {
    const maxChars = 2500;
    const parts = renderPlanMarkdown(big, { maxChars });
    expect(parts.length).toBeGreaterThan(5);
    parts.forEach((part, i) => {
      expect(part.length).toBeLessThanOrEqual(maxChars);
      expect(part.startsWith(`## orgform plan (part ${i + 1} of ${parts.length})\n`)).toBe(true);
      assertBalanced(part);
    });
    const all = parts.join('\n');
    for (const c of big.changes) expect(all).toContain(headerLine(c));
    for (const n of big.notes) expect(all).toContain(n.message);
    expect(all).toContain('(12 changes, continued)</summary>');
    expect(parts.at(-1)).toContain('**Plan: 0 to create, 73 to update, 73 to delete, 0 to archive.**');
  });

  it('splits one huge change across parts, reopening its fence', () => {
    const ids = Array.from({ length: 400 }, (_, i) => `model-${i}`);
    const p = plan([
      change('create', 'model_permissions', 'project["R"].model_permissions', null, { model_ids: ids }),
      change('update', 'model_permissions', 'project["S"].model_permissions', { model_ids: [] }, { model_ids: ids }),
    ]);
    const parts = renderPlanMarkdown(p, { maxChars: 1200 });
    expect(parts.length).toBeGreaterThan(3);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(1200);
      assertBalanced(part);
    }
    const all = parts.join('\n');
    for (const id of ids) expect(all).toContain(`+   ${id}\n`);
  });

  it('cuts a single line longer than a part instead of overflowing', () => {
    const p = plan([change('create', 'user', 'user["x"]', null, { email: 'x'.repeat(5000) })]);
    const parts = renderPlanMarkdown(p, { maxChars: 1000 });
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(1000);
      assertBalanced(part);
    }
  });

  it('refuses a maxChars too small for any part', () => {
    expect(() => renderPlanMarkdown(big, { maxChars: 60 })).toThrow(RangeError);
  });

  it('calls out destructive changes before the sections', () => {
    const md = renderPlanMarkdown(big)[0] ?? '';
    const warning = md.indexOf('> [!WARNING]');
    expect(warning).toBeGreaterThan(0);
    expect(warning).toBeLessThan(md.indexOf('<details>'));
    expect(md).toContain('> **73 destructive changes:**\n> - **delete** project\\["Project 0"\\].spend\\_alert\\[1000\\]\n');
  });

  it('escapes hostile project names everywhere they appear', () => {
    const name = '<img src=x onerror=alert(1)> | `code` & *bold* [x](http://e.vil)';
    const address = `project[${JSON.stringify(name)}]`;
    const p = plan([
      change('create', 'project', address, null, { name }),
      change('create', 'spend_limit', `${address}.spend_limit`, null, { threshold_amount: 5 }, { project: { name, created_by: `create ${address}` } }),
      change('delete', 'project_member', `${address}.member["a\`\`\`b"]`, { email: 'a```b' }, null, { project: { name, id: 'p' }, reason: name }),
    ], {
      notes: [{ level: 'warning', address, message: name }],
      unmanaged: [{ kind: 'rate_limit', project: name, count: 2, why: name }],
    });
    const [md = ''] = renderPlanMarkdown(p);
    assertBalanced(md);
    for (const line of md.split('\n')) expect(line).toBe(line.trimEnd());
    const outsideFences = md.replace(/^(`{3,})diff\n[\s\S]*?\n\1$/gm, '');
    expect(outsideFences).not.toMatch(/(?<!\\)<img/);
    expect(outsideFences).not.toMatch(/(?<!\\)\[x/);
    expect(outsideFences).not.toMatch(/(?<!\\)\*bold/);
    expect(outsideFences).not.toMatch(/(?<!\\)`code/);
    expect(outsideFences).not.toMatch(/(?<!\\)& /);
    expect(outsideFences).not.toMatch(/(?<!\\)\| (\\`|&#96;)code/);
    expect(md).toContain(
      '<summary>Project &#60;img src=x onerror=alert(1)&#62; &#124; &#96;code&#96; &#38; &#42;bold&#42; &#91;x&#93;(http://e.vil) (3 changes)</summary>',
    );
    expect(md).toContain('- **Warning:** project\\["\\<img src=x onerror=alert(1)\\> \\| \\`code\\` \\& \\*bold\\* \\[x\\](http://e.vil)"\\]: ');
    // A backtick run inside the block makes its fence longer.
    expect(md).toContain('````diff\n- delete project[');
  });

  it('never mentions a GitHub user or team from a name', () => {
    const name = '@acme/platform';
    const [md = ''] = renderPlanMarkdown(plan([change('create', 'project', `project[${JSON.stringify(name)}]`, null, { name })]));
    const outsideFences = md.replace(/^(`{3,})diff\n[\s\S]*?\n\1$/gm, '');
    expect(outsideFences).toContain('<summary>Project @&#8288;acme/platform (1 change)</summary>');
    expect(outsideFences).not.toMatch(/@acme/);
    // An email's @ is not a mention, and stays as it is.
    expect(escapeMarkdown('ops@example.com')).toBe('ops@example.com');
    expect(escapeMarkdown('ping @ops')).toBe('ping @\u2060ops');
  });
});
