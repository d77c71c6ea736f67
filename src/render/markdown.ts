// The plan for a GitHub PR comment or drift issue: a summary table, destructive changes called
// out first in a `> [!WARNING]` alert, then one collapsible `<details>` section per scope with
// each change as a ```diff block (GitHub colours its `+` and `-` lines), then notes, what is left
// alone, and the closing line. Long plans come back as several parts, each valid on its own.
//
// Names are user input: in running text every character Markdown gives a meaning to is
// backslash-escaped, in a `<summary>` (raw HTML) `&<>"` become character references, and inside
// a fence text is literal: the fence is made longer than any backtick run in it.

import type { Change, Plan } from '../plan/types.js';
import { type DiffLine, type FieldLine, fieldLines } from './fields.js';
import { type Block, type Section, splitParts } from './markdown-parts.js';
import { type Scope, groupByScope, groupTitle } from './scopes.js';
import {
  ACTION_SYMBOL,
  attributionLine,
  closingLine,
  plural,
  sanitize,
  scopeSentences,
  sourceLines,
  unmanagedSentence,
} from './words.js';

/** GitHub's limit on the body of an issue or comment. */
export const GITHUB_COMMENT_LIMIT = 65_536;

/**
 * The plan as Markdown, in parts of at most `maxChars` characters (one part when it fits).
 * Throws a RangeError when `maxChars` is too small to hold a part's frame and one line (a few
 * hundred characters); GitHub's limit is far above that.
 */
export function renderPlanMarkdown(plan: Plan, opts: { maxChars?: number } = {}): string[] {
  const sections: Section[] = [{ blocks: overview(plan) }];
  for (const group of groupByScope(plan.changes, plan.kinds)) {
    const title = `${scopeTitle(group.scope)} (${plural(group.changes.length, 'change', 'changes')}`;
    sections.push({
      open: (continued) => `<details><summary>${title}${continued ? ', continued' : ''})</summary>`,
      close: '</details>',
      blocks: group.changes.map(changeBlock),
    });
  }
  sections.push({ blocks: closing(plan) });
  const title = `orgform plan${plan.scope ? ' (scoped)' : ''}${plan.refusals.length > 0 ? ': refused' : ''}`;
  return splitParts(sections, opts.maxChars ?? GITHUB_COMMENT_LIMIT, (i, n) =>
    n === 1 ? `## ${title}` : `## ${title} (part ${i} of ${n})`,
  );
}

function overview(plan: Plan): Block[] {
  const s = plan.summary;
  const blocks: Block[] = [];
  // A refused plan says so before anything else: the reviewer must not read it as an ordinary plan.
  if (plan.refusals.length > 0) {
    blocks.push({
      head: ['> [!CAUTION]', '> **Refused: apply will not carry out this plan.**'],
      body: plan.refusals.map((r) => `> - ${escapeMarkdown(r.message)}`),
      tail: [],
    });
  }
  blocks.push(
    paragraph(
      `Plan for ${escapeMarkdown(plan.config.file)} against ${escapeMarkdown(plan.api_base_url)} ` +
        `(orgform ${escapeMarkdown(plan.orgform_version)}).`,
    ),
    // A scoped plan says so before its numbers: they are only the scope's.
    ...(plan.scope
      ? [{ head: ['> [!NOTE]'], body: scopeSentences(plan.scope).flatMap((line, i) => [...(i > 0 ? ['>'] : []), `> ${escapeMarkdown(line)}`]), tail: [] }]
      : []),
    {
      head: ['| Create | Update | Delete | Archive |', '| ---: | ---: | ---: | ---: |'],
      body: [`| ${s.create} | ${s.update} | ${s.delete} | ${s.archive} |`],
      tail: [],
    },
  );
  const destructive = plan.changes.filter((c) => c.destructive);
  if (destructive.length > 0) {
    blocks.push({
      head: ['> [!WARNING]', `> **${plural(destructive.length, 'destructive change', 'destructive changes')}:**`],
      body: destructive.map((c) => {
        const why = c.reason ? ` — ${escapeMarkdown(c.reason)}` : '';
        return `> - **${c.action}** ${escapeMarkdown(c.address)}${why}`;
      }),
      tail: [],
    });
  }
  return blocks;
}

function closing(plan: Plan): Block[] {
  const blocks: Block[] = [];
  if (plan.notes.length > 0) {
    blocks.push({
      head: ['### Notes'],
      body: plan.notes.map((n) => {
        const label = n.level === 'warning' ? '**Warning:**' : '**Note:**';
        const where = n.address ? `${escapeMarkdown(n.address)}: ` : '';
        return `- ${label} ${where}${escapeMarkdown(n.message)}`;
      }),
      tail: [],
    });
  }
  if (plan.unmanaged.length > 0) {
    blocks.push({
      head: ['### Left alone'],
      body: plan.unmanaged.map((u) => `- ${unmanagedSentence(u, plan.kinds, (name) => `**${escapeMarkdown(name)}**`, escapeMarkdown(u.why))}.`),
      tail: [],
    });
  }
  blocks.push(paragraph(`**${closingLine(plan.summary, plan.changes.length)}**`));
  return blocks;
}

function scopeTitle(scope: Scope): string {
  switch (scope.type) {
    case 'organization':
      return 'Organization';
    case 'project':
      return `Project ${escapeHtml(scope.name)}`;
    case 'group':
      return groupTitle(scope.name);
  }
}

function changeBlock(change: Change): Block {
  const mark = change.destructive ? ' (destructive)' : '';
  const body = [`${ACTION_SYMBOL[change.action]} ${change.action} ${sanitize(change.address)}${mark}`];
  if (change.reason) body.push(`  reason: ${sanitize(change.reason)}`);
  const sign = change.action === 'create' ? '+' : change.action === 'delete' ? '-' : ' ';
  for (const field of fieldLines(change)) body.push(...fieldDiff(field, sign));
  for (const line of sourceLines(change)) body.push(`  ${line}`);
  const attribution = attributionLine(change.attribution);
  if (attribution) body.push(`  ${attribution}`);
  const fence = '`'.repeat(Math.max(3, longestBacktickRun(body) + 1));
  return { head: [fence + 'diff'], body, tail: [fence] };
}

/** Field lines with the sign in column one, where GitHub's diff highlighting looks for it. */
function fieldDiff(f: FieldLine, sign: '+' | '-' | ' '): string[] {
  switch (f.type) {
    case 'value':
      return [`${sign} ${f.field}: ${f.value}`];
    case 'scalar':
      return [`- ${f.field}: ${f.before}`, `+ ${f.field}: ${f.after}`];
    case 'lines':
      return [`  ${f.field}:`, ...f.lines.map(nestedLine)];
  }
}

function nestedLine(l: DiffLine): string {
  return l.op === 'skip' ? `    … ${l.count} unchanged` : `${l.op}   ${l.text}`;
}

function longestBacktickRun(lines: readonly string[]): number {
  let longest = 0;
  for (const line of lines) for (const run of line.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  return longest;
}

function paragraph(text: string): Block {
  return { head: [], body: [text], tail: [] };
}

// ASCII punctuation Markdown gives a meaning to (emphasis, code, links, tables, headings, math,
// strikethrough, HTML and entities); CommonMark lets a backslash make any of them plain text.
const MARKDOWN_SPECIAL = /[\\`*_[\]<>|~$#&!]/g;

/** User or API text for running Markdown: one line, nothing interpreted. */
export function escapeMarkdown(s: string): string {
  return defuseMentions(sanitize(s).replace(MARKDOWN_SPECIAL, (c) => `\\${c}`), '\u2060');
}

/**
 * `@team` in a project name must not notify anyone from a plan comment. GitHub links an `@` that
 * starts a word (so not an email's); a word joiner after it breaks the link and shows nothing.
 */
function defuseMentions(s: string, joiner: string): string {
  return s.replace(/(^|[^\w])@/g, `$1@${joiner}`);
}

/**
 * User or API text inside an HTML block (a `<summary>`): character references, which HTML
 * decodes and which stay plain text should a renderer parse the summary as Markdown after all.
 */
export function escapeHtml(s: string): string {
  return defuseMentions(sanitize(s).replace(/[\\`*_[\]<>|~$#&!"]/g, (c) => `&#${c.charCodeAt(0)};`), '&#8288;');
}
