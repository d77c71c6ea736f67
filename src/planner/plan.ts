// Assembles the plan: diff, order, summary. Pure.

import type { DesiredOrg } from '../config/model.js';
import { formatProblem, PlanError, UnsafePlanError } from '../errors.js';
import type { LiveOrg } from '../kinds/live-state.js';
import { VERSION } from '../version.js';
import { diffOrg } from './diff.js';
import { orderChanges } from './order.js';
import { PLAN_FORMAT_VERSION, type Change, type Plan, type PlanSummary } from '../plan/types.js';

export function makePlan(desired: DesiredOrg, live: LiveOrg, apiBaseUrl: string): Plan {
  const out = diffOrg(desired, live);
  if (out.problems.length > 0) {
    throw new PlanError(
      out.problems
        .map((p) =>
          p.line !== undefined
            ? formatProblem({ file: p.file ?? desired.file, line: p.line, col: p.col ?? 1, message: p.message })
            : `${desired.file}: ${p.message}`,
        )
        .join('\n'),
    );
  }
  if (out.unsafe.length > 0) throw new UnsafePlanError(out.unsafe.join('\n'));
  const changes = orderChanges(out.changes);
  return {
    format_version: PLAN_FORMAT_VERSION,
    orgform_version: VERSION,
    config: { file: desired.file, digest: desired.digest },
    api_base_url: apiBaseUrl,
    changes,
    summary: summarize(changes),
    notes: out.notes,
    unmanaged: out.unmanaged,
    fingerprints: sortKeys(out.fingerprints),
    managed_counts: sortKeys(out.managedCounts),
  };
}

/** Terraform's counting: a replace is one to create and one to delete. */
export function summarize(changes: Change[]): PlanSummary {
  const summary: PlanSummary = { create: 0, update: 0, delete: 0, archive: 0 };
  for (const c of changes) {
    if (c.action === 'replace') {
      summary.create++;
      summary.delete++;
    } else summary[c.action]++;
  }
  return summary;
}

function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
