// Assembles the plan: diff, order, summary, then the safety step. Pure.

import type { DesiredOrg } from '../config/model.js';
import { formatProblem, PlanError } from '../errors.js';
import type { LiveOrg } from '../kinds/live-state.js';
import { wordsFor } from '../kinds/registry.js';
import { PLAN_FORMAT_VERSION, type Change, type Plan, type PlanSummary } from '../plan/types.js';
import { VERSION } from '../version.js';
import { compareText } from '../util/compare.js';
import { diffOrg } from './diff.js';
import { orderChanges } from './order.js';
import { safetyOfConfig, withRefusals, type SafetyOptions } from './safety.js';
import type { ScopedPlanning } from '../scope/describe.js';

/** A problem with the file that only the live state shows is an error; a refusal is part of the plan. */
export function makePlan(
  desired: DesiredOrg,
  live: LiveOrg,
  apiBaseUrl: string,
  safety: SafetyOptions = safetyOfConfig(desired),
  /** A scoped plan: `desired` is the whole file cut to the scope (scope/describe.ts scopedPlanning). */
  scoped?: ScopedPlanning,
): Plan {
  const out = diffOrg(desired, live, scoped);
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
  const changes = orderChanges(out.changes);
  const managed_counts = sortKeys(out.managedCounts);
  const plan: Plan = {
    format_version: PLAN_FORMAT_VERSION,
    orgform_version: VERSION,
    config: { file: desired.file, digest: desired.digest },
    api_base_url: apiBaseUrl,
    refusals: out.refusals,
    changes,
    summary: summarize(changes),
    notes: out.notes,
    unmanaged: out.unmanaged,
    fingerprints: sortKeys(out.fingerprints),
    managed_counts,
    kinds: wordsFor([...changes.map((c) => c.kind), ...out.unmanaged.map((u) => u.kind), ...Object.keys(managed_counts)]),
    ...(scoped ? { scope: { ...scoped.record, dependencies: changes.filter((c) => out.dependencies.includes(c.id)).map((c) => c.id) } } : {}),
  };
  return withRefusals(plan, safety);
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
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => compareText(a, b)));
}
