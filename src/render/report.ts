// Apply's output: one line per change as it finishes, and the closing summary.
//
//   ✓ applied  project["Research"]
//   ✗ failed   project["Research"].spend_alert[50000]: 400 threshold too low (request id req_1)
//   - skipped  project["Research"].service_account["ci"]: project["Research"] failed

import type { ApplyReport, Convergence, Outcome, OutcomeStatus, RemovedCopy, Superseded } from '../apply/types.js';
import { type Painter, painter } from './ansi.js';
import { sanitize } from './words.js';

const MESSAGE_INDENT = '    ';

export function renderOutcomeLine(o: Outcome, opts: { color: boolean }): string {
  const paint = painter(opts.color);
  const address = sanitize(o.change.address);
  const lines = [statusLine(o, address, paint)];
  if (o.message) lines.push(...sanitizeLines(o.message).map((l) => MESSAGE_INDENT + l));
  return lines.map((l) => l.trimEnd()).join('\n');
}

function statusLine(o: Outcome, address: string, paint: Painter): string {
  switch (o.status) {
    case 'applied':
      // Another writer made it: adopted, not created by this apply.
      return `${paint('green', o.converged?.adopted ? '✓ adopted ' : '✓ applied ')} ${address}`;
    case 'failed':
      return `${paint('red', '✗ failed  ')} ${address}: ${failure(o)}`;
    case 'skipped':
      return `${paint('yellow', '- skipped ')} ${address}: ${skipReason(o)}`;
  }
}

export function renderReportText(r: ApplyReport, opts: { color: boolean }): string {
  const paint = painter(opts.color);
  const count = (s: OutcomeStatus): number => r.outcomes.filter((o) => o.status === s).length;
  const counts = `${count('applied')} applied, ${count('failed')} failed, ${count('skipped')} skipped.`;
  const lines = [
    r.interrupted
      ? paint('bold', `Apply interrupted: ${counts}`) + ' Changes not started were left alone; run plan to see what remains.'
      : paint('bold', `Apply complete: ${counts}`),
  ];
  const failed = r.outcomes.filter((o) => o.status === 'failed');
  if (failed.length > 0) {
    lines.push('', paint('red', 'Failed:'));
    for (const o of failed) lines.push(`  ${sanitize(o.change.address)}: ${failure(o)}`);
  }
  const skipped = r.outcomes.filter((o) => o.status === 'skipped');
  if (skipped.length > 0) {
    lines.push('', paint('yellow', 'Skipped:'));
    for (const o of skipped) lines.push(`  ${sanitize(o.change.address)}: ${skipReason(o)}`);
  }
  const converged = r.outcomes.filter((o) => o.converged !== undefined);
  if (converged.length > 0) {
    lines.push('', paint('yellow', 'Another writer made the same objects at the same time; this apply did instead:'));
    for (const o of converged) lines.push(`  ${sanitize(o.change.address)}: ${deviation(o.converged as Convergence)}`);
  }
  if (r.superseded.length > 0) {
    lines.push('', paint('yellow', 'Removed by another writer after this apply made it (a copy made in the same second stands for it now):'));
    for (const s of r.superseded) lines.push(`  ${sanitize(s.change.address)}: ${supersededLine(s)}`);
  }
  return lines.map((l) => l.trimEnd()).join('\n') + '\n';
}

function supersededLine(s: Superseded): string {
  const what = `${sanitize(s.made)} was ${s.removal}, ${sanitize(s.kept)} is kept`;
  // The one thing the other writer's copy does not make good: a key only this apply holds.
  if (s.change.kind === 'service_account') return `${what}; a key this apply stored for ${sanitize(s.made)} no longer works`;
  return `${what}; what this apply did in or with ${sanitize(s.made)} went with it (run plan to check)`;
}

/** What a create did instead of what the plan said, in one line. */
function deviation(c: Convergence): string {
  const kept = sanitize(c.kept);
  const removed = c.removed.map((r) => `${r.removal} ${sanitize(r.id)} (${MADE_BY[r.made_by]})`);
  if (c.removed.length === 0) return `adopted ${kept} instead of creating it`;
  return [c.adopted ? `adopted ${kept}, made by another writer` : `kept ${kept}, made by this apply`, ...removed].join('; ');
}

const MADE_BY: Record<RemovedCopy['made_by'], string> = {
  this_apply: 'made by this apply',
  another_writer: 'made by another writer',
  unknown: 'made by another writer or by this apply',
};

function failure(o: Outcome): string {
  const error = o.error ? sanitize(o.error) : 'failed';
  // An API error's message already names its request id.
  return o.requestId && !error.includes(o.requestId) ? `${error} (request id ${sanitize(o.requestId)})` : error;
}

function skipReason(o: Outcome): string {
  return o.error ? sanitize(o.error) : 'a change it depends on did not succeed';
}

/** A multi-line message keeps its lines; each is made safe on its own. */
function sanitizeLines(text: string): string[] {
  return text.split('\n').map(sanitize);
}
