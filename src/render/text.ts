// The plan for a terminal, Terraform-style:
//
//   Project "Research"
//     ~ project["Research"].model_permissions
//         model_ids:
//             o1
//           + o3
//           - gpt-4o
//         changed by alice@example.com at 2025-05-01 09:30 UTC (project.updated)
//   -/+ invite["bob@example.com"] (destructive)
//
// Symbols: + create, ~ update, -/+ replace (delete then create), - delete, # archive.
// Destructive changes end in `(destructive)`.

import type { Action, Change, Plan, PlanNote } from '../plan/types.js';
import { ACTIONS } from '../plan/types.js';
import { type Painter, type Style, painter } from './ansi.js';
import { type DiffLine, type FieldLine, fieldLines } from './fields.js';
import { type Scope, groupByScope, groupTitle } from './scopes.js';
import {
  ACTION_SYMBOL,
  SYMBOL_WIDTH,
  attributionLine,
  closingLine,
  sanitize,
  scopeSentences,
  sourceLines,
  unmanagedSentence,
} from './words.js';

const ACTION_STYLE: Record<Action, Style> = {
  create: 'green',
  update: 'yellow',
  replace: 'magenta',
  delete: 'red',
  archive: 'red',
};

const BODY = ' '.repeat(SYMBOL_WIDTH + 3);
const NESTED = BODY + '  ';

export function renderPlanText(plan: Plan, opts: { color: boolean }): string {
  const paint = painter(opts.color);
  const lines: string[] = [
    `Plan for ${sanitize(plan.config.file)} against ${sanitize(plan.api_base_url)} ` +
      `(orgform ${sanitize(plan.orgform_version)})`,
    ...(plan.scope ? scopeSentences(plan.scope).map((line) => paint('bold', sanitize(line))) : []),
  ];
  if (plan.refusals.length > 0) {
    lines.push('', paint('red', paint('bold', 'Refused: apply will not carry out this plan.')));
    for (const r of plan.refusals) lines.push(`  ${paint('red', '✗')} ${sanitize(r.message)}`);
  }
  if (plan.changes.length > 0) lines.push('', legend(plan.changes, paint));
  for (const group of groupByScope(plan.changes, plan.kinds)) {
    lines.push('', paint('bold', scopeTitle(group.scope)));
    for (const change of group.changes) lines.push(...changeLines(change, paint));
  }
  if (plan.notes.length > 0) lines.push('', ...plan.notes.map((n) => noteLine(n, paint)));
  if (plan.unmanaged.length > 0) {
    lines.push('', 'Left alone:');
    for (const u of plan.unmanaged) {
      lines.push(`  ${unmanagedSentence(u, plan.kinds, quote, sanitize(u.why))}.`);
    }
  }
  lines.push('', paint('bold', closingLine(plan.summary, plan.changes.length)));
  return lines.map((l) => l.trimEnd()).join('\n') + '\n';
}

/** The symbols this plan uses, e.g. `Symbols: + create, ~ update, - delete.` */
function legend(changes: readonly Change[], paint: Painter): string {
  const used = ACTIONS.filter((a) => changes.some((c) => c.action === a));
  return `Symbols: ${used.map((a) => `${paint(ACTION_STYLE[a], ACTION_SYMBOL[a])} ${a}`).join(', ')}.`;
}

function scopeTitle(scope: Scope): string {
  switch (scope.type) {
    case 'organization':
      return 'Organization';
    case 'project':
      return `Project ${quote(scope.name)}`;
    case 'group':
      return groupTitle(scope.name);
  }
}

function changeLines(change: Change, paint: Painter): string[] {
  const symbol = ACTION_SYMBOL[change.action].padStart(SYMBOL_WIDTH);
  const mark = change.destructive ? ` ${paint('red', '(destructive)')}` : '';
  const out = [`${paint(ACTION_STYLE[change.action], symbol)} ${sanitize(change.address)}${mark}`];
  if (change.reason) out.push(`${BODY}reason: ${sanitize(change.reason)}`);
  for (const field of fieldLines(change)) out.push(...fieldText(field, paint));
  for (const line of sourceLines(change)) out.push(BODY + line);
  const attribution = attributionLine(change.attribution);
  if (attribution) out.push(BODY + attribution);
  return out;
}

function fieldText(f: FieldLine, paint: Painter): string[] {
  switch (f.type) {
    case 'value':
      return [`${BODY}${f.field}: ${f.value}`];
    case 'scalar':
      return [`${BODY}${f.field}: ${f.before} → ${f.after}`];
    case 'lines':
      return [`${BODY}${f.field}:`, ...f.lines.map((l) => NESTED + diffLineText(l, paint))];
  }
}

function diffLineText(l: DiffLine, paint: Painter): string {
  switch (l.op) {
    case '+':
      return paint('green', `+ ${l.text}`);
    case '-':
      return paint('red', `- ${l.text}`);
    case ' ':
      return `  ${l.text}`;
    case 'skip':
      return `  … ${l.count} unchanged`;
  }
}

function noteLine(n: PlanNote, paint: Painter): string {
  const label = n.level === 'warning' ? paint('yellow', 'Warning:') : 'Note:';
  const where = n.address ? `${sanitize(n.address)}: ` : '';
  return `${label} ${where}${sanitize(n.message)}`;
}

/** A user-chosen name in running text: always quoted, so spaces and punctuation stay readable. */
function quote(name: string): string {
  return sanitize(JSON.stringify(name));
}
