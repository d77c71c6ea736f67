// Words shared by every renderer: how values, times, kinds and counts read.
// Everything that comes from the plan is user or API data, so it goes through `sanitize` before it
// reaches a terminal or a Markdown document: no control characters, no bidi overrides.

import type { Action, Attribution, Change, Json, Kind, KindWords, PlanScope, PlanSummary, Unmanaged } from '../plan/types.js';

/** The symbol each action is shown with, Terraform-style. */
export const ACTION_SYMBOL: Record<Action, string> = {
  create: '+',
  update: '~',
  replace: '-/+',
  delete: '-',
  archive: '#',
};

/** The widest symbol: symbols are right-aligned to this width so addresses line up. */
export const SYMBOL_WIDTH = 3;

// C0/C1 controls, DEL, line/paragraph separators, and the bidi embedding/override/isolate marks
// (a name must not be able to reorder or hide the text around it).
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** Replace unprintable and direction-changing characters with visible escapes (`\n`, `\u001b`). */
export function sanitize(s: string): string {
  return s.replace(UNSAFE, (c) => {
    if (c === '\n') return '\\n';
    if (c === '\t') return '\\t';
    if (c === '\r') return '\\r';
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}

// A string that reads unambiguously without quotes: no spaces, not a keyword, not a number.
const PLAIN = /^[A-Za-z0-9][A-Za-z0-9_.@:/+-]*$/;

function isPlainString(s: string): boolean {
  if (!PLAIN.test(s)) return false;
  if (s === 'null' || s === 'true' || s === 'false') return false;
  return !Number.isFinite(Number(s));
}

/**
 * One value on one line: plain strings bare (`gpt-4o`), other strings quoted, arrays as
 * `[a, b]`, objects as `{key: value}` with sorted keys; `undefined` (absent key) as `(absent)`.
 */
export function formatValue(v: Json | undefined): string {
  if (v === undefined) return '(absent)';
  if (v === null || typeof v === 'boolean' || typeof v === 'number') return String(v);
  if (typeof v === 'string') return isPlainString(v) ? v : sanitize(JSON.stringify(v));
  if (Array.isArray(v)) return `[${v.map(formatValue).join(', ')}]`;
  const keys = Object.keys(v).sort();
  return `{${keys.map((k) => `${formatKey(k)}: ${formatValue(v[k])}`).join(', ')}}`;
}

export function formatKey(k: string): string {
  return /^[A-Za-z0-9_.-]+$/.test(k) ? k : sanitize(JSON.stringify(k));
}

/** Canonical pretty JSON (sorted object keys, arrays in order), for line diffs. */
export function prettyJson(v: Json): string {
  return JSON.stringify(sortKeys(v), null, 2);
}

export function sortKeys(v: Json): Json {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(sortKeys);
  const out: { [key: string]: Json } = {};
  for (const k of Object.keys(v).sort()) {
    const child = v[k];
    if (child !== undefined) out[k] = sortKeys(child);
  }
  return out;
}

/**
 * Where the file sets what a change makes, for the values a project inherits (`plan --explain`):
 * `spend_limit.threshold_amount = 100000   (from template "standard", org.yaml:12)`. What the
 * project sets itself is in the change already.
 */
export function sourceLines(change: Change): string[] {
  return Object.entries(change.sources ?? {}).flatMap(([pointer, s]) => {
    if (s.from === 'project') return [];
    const layer = s.from === 'template' ? `template ${sanitize(JSON.stringify(s.template ?? ''))}` : 'defaults';
    const value = s.value === undefined ? '' : ` = ${formatValue(s.value)}`;
    return [`${projectKeyOf(pointer)}${value}   (from ${layer}, ${sanitize(s.file)}:${s.line})`];
  });
}

/** `/projects/Research/rate_limits/gpt-4.1/max_requests_per_1_minute` → `rate_limits."gpt-4.1".max_requests_per_1_minute`. */
function projectKeyOf(pointer: string): string {
  const segments = pointer.split('/').slice(3).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  return segments.map((s) => (/^[A-Za-z0-9_-]+$/.test(s) ? s : sanitize(JSON.stringify(s)))).join('.');
}

/** Unix seconds → `YYYY-MM-DD HH:MM UTC`. */
export function formatTime(unixSeconds: number): string {
  const iso = new Date(unixSeconds * 1000).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/** The attribution sentence, or undefined when attribution was not looked up. */
export function attributionLine(a: Attribution | null | undefined): string | undefined {
  if (a === undefined) return undefined;
  if (a === null) return 'the audit log says nothing about this change';
  // The live object is as orgform last applied it: the change comes from the file, not drift.
  if (a.actor === 'orgform') return `last applied by orgform at ${formatTime(a.at)}: this change comes from the file`;
  return `changed by ${sanitize(a.actor)} at ${formatTime(a.at)} (${sanitize(a.event_type)})`;
}

/** `1 spend alert`, `4 spend alerts`, in the plan's own words for the kind. */
export function countKind(kind: Kind, kinds: Record<Kind, KindWords>, count: number): string {
  const [one, many] = kinds[kind]?.noun ?? [kind, kind];
  return `${count} ${count === 1 ? one : many}`;
}

/** `4 spend alerts in project "Research" are not managed by this file (why)`; `project` pre-escaped. */
export function unmanagedSentence(
  u: Unmanaged,
  kinds: Record<Kind, KindWords>,
  projectText: (name: string) => string,
  why: string,
): string {
  const where = u.project === null ? 'in the organization' : `in project ${projectText(u.project)}`;
  const verb = u.count === 1 ? 'is' : 'are';
  return `${countKind(u.kind, kinds, u.count)} ${where} ${verb} not managed by this file${why ? ` (${why})` : ''}`;
}

/** The closing line, identical in every renderer. */
export function closingLine(summary: PlanSummary, changeCount: number): string {
  if (changeCount === 0) return 'No changes.';
  return (
    `Plan: ${summary.create} to create, ${summary.update} to update, ` +
    `${summary.delete} to delete, ${summary.archive} to archive.`
  );
}

export function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** What a scoped plan says of itself before its changes, one sentence a line, in every renderer. */
export function scopeSentences(scope: PlanScope): string[] {
  const list = (items: string[]) => items.join(', ');
  const since = scope.changed_since;
  const at = since ? `${since.ref} (${since.commit.slice(0, 12)})` : '';
  let covers: string;
  if (since?.file === 'unchanged') covers = `nothing the file manages changed since ${at}: nothing was read or compared`;
  else if (since?.file === 'new') covers = `the file is not at ${at}, so everything in it is new: the plan covers all of it`;
  else if (since?.file === 'invalid') covers = `the file at ${at} is not a valid config: the plan covers all of it`;
  else if (scope.target === null) covers = `covers everything but ${list(scope.exclude)}`;
  else {
    const what = scope.target.length > 0 ? list(scope.target) : 'nothing';
    covers = `${since ? `what changed since ${at}: ` : 'covers '}${what}${scope.exclude.length > 0 ? `, except ${list(scope.exclude)}` : ''}`;
  }
  return [
    `Scoped plan: ${covers}.`,
    ...(scope.not_looked_at.length > 0 ? [`Not looked at: ${scope.not_looked_at.join('; ')}.`] : []),
    ...(scope.dependencies.length > 0 ? [`Outside the selectors, planned because changes inside depend on them: ${list(scope.dependencies)}.`] : []),
  ];
}
