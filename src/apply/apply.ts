// Executes a plan: in plan order, phase by phase, each change only after what it depends on
// succeeded. A failure skips its dependents and nothing else; the report says what was applied,
// what failed and what was skipped.

import { ApiError } from '../errors.js';
import type { AdminClient } from '../providers/openai/client.js';
import type { ApplyContext, ApplyResult } from '../kinds/kind.js';
import { kindModule } from '../kinds/registry.js';
import { phaseOf } from '../planner/order.js';
import type { Change, Plan, ProjectRef } from '../plan/types.js';
import type { ApplyReport, Outcome } from './types.js';

export interface ApplyOptions {
  client: AdminClient;
  secretsDir?: string;
  /** Changes carried out at once within a phase. */
  concurrency?: number;
  /** Called as each change finishes, in completion order. */
  onOutcome?: (outcome: Outcome) => void;
  /** When aborted, no new change starts; those in flight finish. */
  signal?: AbortSignal;
}

const ADOPT_ATTEMPTS = 3;

export async function applyPlan(plan: Plan, opts: ApplyOptions): Promise<ApplyReport> {
  const created = new Map<string, string>();
  const ctx: ApplyContext = {
    client: opts.client,
    projectId: (ref: ProjectRef) => resolveProject(ref, created),
    ...(opts.secretsDir === undefined ? {} : { secretsDir: opts.secretsDir }),
  };
  const outcomes = new Map<string, Outcome>();
  const finish = (outcome: Outcome): void => {
    outcomes.set(outcome.change.id, outcome);
    opts.onOutcome?.(outcome);
  };

  for (const phase of groupByPhase(plan.changes)) {
    await runBounded(phase, opts.concurrency ?? 8, async (change) => {
      const blocker = change.dependsOn.find((d) => outcomes.get(d)?.status !== 'applied');
      if (blocker !== undefined) {
        finish({ change, status: 'skipped', error: `depends on ${blocker}, which ${describe(outcomes.get(blocker))}` });
        return;
      }
      if (opts.signal?.aborted) {
        finish({ change, status: 'skipped', error: 'apply was interrupted before this change started' });
        return;
      }
      try {
        const result = await applyOne(change, ctx);
        if (result.createdId !== undefined) created.set(change.id, result.createdId);
        finish({ change, status: 'applied', ...(result.message === undefined ? {} : { message: result.message }) });
      } catch (error) {
        finish({
          change,
          status: 'failed',
          error: error instanceof Error ? error.message : String(error),
          requestId: error instanceof ApiError ? error.requestId : null,
        });
      }
    });
  }
  return {
    outcomes: plan.changes.map((c) => outcomes.get(c.id) ?? { change: c, status: 'skipped', error: 'not reached' }),
    interrupted: opts.signal?.aborted ?? false,
  };
}

/**
 * One change. A create whose outcome is unknown (timeout, dropped connection, 5xx after sending)
 * is never blindly re-sent: orgform looks for the object first and adopts it if the server made it.
 */
async function applyOne(change: Change, ctx: ApplyContext): Promise<ApplyResult> {
  const module = kindModule(change.kind);
  for (let attempt = 1; ; attempt++) {
    try {
      return await module.apply(change, ctx);
    } catch (error) {
      const uncertain = error instanceof ApiError && error.outcomeUnknown;
      if (!uncertain || !module.findCreated || attempt >= ADOPT_ATTEMPTS) throw error;
      if (change.action !== 'create' && change.action !== 'replace') throw error;
      const found = await module.findCreated(change, ctx);
      if (found !== null) {
        const more = 'completeAdopted' in module ? await module.completeAdopted?.(change, ctx, found) : undefined;
        return {
          createdId: found,
          message: `the answer was lost, but the server had made it: adopted, not created twice${more ? `; ${more}` : ''}`,
        };
      }
    }
  }
}

function resolveProject(ref: ProjectRef, created: Map<string, string>): string {
  if ('id' in ref) return ref.id;
  const id = created.get(ref.created_by);
  if (id === undefined) throw new Error(`project ${JSON.stringify(ref.name)} was not created`);
  return id;
}

function describe(outcome: Outcome | undefined): string {
  if (!outcome) return 'did not run';
  return outcome.status === 'failed' ? 'failed' : 'was skipped';
}

function groupByPhase(changes: Change[]): Change[][] {
  const phases: Change[][] = [];
  let current = -1;
  for (const change of changes) {
    const phase = phaseOf(change);
    if (phase !== current) {
      phases.push([]);
      current = phase;
    }
    phases[phases.length - 1]?.push(change);
  }
  return phases;
}

async function runBounded<T>(items: T[], limit: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await run(item);
    }
  });
  await Promise.all(workers);
}
