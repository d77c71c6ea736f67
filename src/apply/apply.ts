// Executes a plan on its dependency graph: a change starts as soon as every change it depends on
// has been applied, up to `concurrency` at once, in plan order among those ready. A failure skips
// its dependents (each says which dependency) and nothing else; the report says what was applied,
// what failed and what was skipped.

import { ApiError, InternalError } from '../errors.js';
import type { ApplyContext } from '../kinds/kind.js';
import { kindSpec } from '../kinds/registry.js';
import type { Change, JsonObject, Plan, ProjectRef } from '../plan/types.js';
import type { AdminClient } from '../providers/openai/client.js';
import { carries } from '../kinds/read-back.js';
import type { KeySink, StoredKey } from '../secrets/key-sink.js';
import { applyCreate, recheckKept, type Applied } from './converge.js';
import { SharedLists } from './shared-lists.js';
import type { ApplyReport, Outcome } from './types.js';

export interface ApplyOptions {
  client: AdminClient;
  /** Where new service accounts' one-time keys go; without one, no key is made. */
  keySink?: KeySink;
  /** Changes carried out at once. */
  concurrency?: number;
  /** Called as each change starts (after its dependencies succeeded). */
  onStart?: (change: Change) => void;
  /** Called as each change finishes, in completion order. */
  onOutcome?: (outcome: Outcome) => void;
  /** Called for each one-time key a change kept (where it went; never the key). */
  onKeyStored?: (change: Change, key: StoredKey) => void;
  /** When aborted, no new change starts; those in flight finish. */
  signal?: AbortSignal;
}

export async function applyPlan(plan: Plan, opts: ApplyOptions): Promise<ApplyReport> {
  const created = new Map<string, string>();
  const ctx: ApplyContext = {
    client: opts.client,
    projectId: (ref: ProjectRef) => resolveProject(ref, created),
    configFile: plan.config.file,
    ...(opts.keySink === undefined ? {} : { keySink: opts.keySink }),
  };
  const outcomes = new Map<string, Outcome>();
  const finish = (outcome: Outcome): void => {
    outcomes.set(outcome.change.id, outcome);
    opts.onOutcome?.(outcome);
  };

  const rechecks: NonNullable<Applied['recheck']>[] = [];
  const lists = new SharedLists();
  const run = async (change: Change): Promise<void> => {
    if (opts.signal?.aborted) {
      finish({ change, status: 'skipped', error: 'apply was interrupted before this change started' });
      return;
    }
    opts.onStart?.(change);
    try {
      const result = await applyOne(change, { ...ctx, onKeyStored: (key) => opts.onKeyStored?.(change, key) }, lists);
      if (result.createdId !== undefined) created.set(change.id, result.createdId);
      if (result.recheck) rechecks.push(result.recheck);
      finish({
        change,
        status: 'applied',
        ...(result.message === undefined ? {} : { message: result.message }),
        ...(result.converged === undefined ? {} : { converged: result.converged }),
      });
    } catch (error) {
      finish({
        change,
        status: 'failed',
        error: error instanceof Error ? error.message : String(error),
        requestId: error instanceof ApiError ? error.requestId : null,
      });
    }
  };
  await runGraph(plan.changes, opts.concurrency ?? 8, outcomes, finish, run);
  const interrupted = opts.signal?.aborted ?? false;
  return {
    outcomes: plan.changes.map((c) => outcomes.get(c.id) ?? { change: c, status: 'skipped', error: 'not reached' }),
    // An interrupted apply stops here: the next plan shows where things stand.
    superseded: interrupted ? [] : await recheckKept(rechecks, ctx, lists),
    interrupted,
  };
}

/**
 * One change. A create of an object with an identity goes through converge.ts: re-checked before,
 * verified after, adopted when another writer or its own lost answer made it. An update whose
 * answer was lost is read back.
 */
async function applyOne(change: Change, ctx: ApplyContext, lists: SharedLists): Promise<Applied> {
  const spec = kindSpec(change.kind);
  if ((change.action === 'create' || change.action === 'replace') && spec.identity) return applyCreate(change, ctx, spec, spec.identity, lists);
  try {
    const { keep, ...result } = await spec.apply(change, ctx);
    const kept = await keep?.();
    return kept === undefined ? result : { ...result, message: kept };
  } catch (error) {
    const uncertain = error instanceof ApiError && error.outcomeUnknown;
    if (uncertain && change.action === 'update' && spec.readBack) return confirmUpdate(change, ctx, spec.readBack, error);
    throw error;
  }
}

/**
 * An update whose answer was lost (after the client's own retries): the object is read back, and
 * the report says what is live rather than "failed" for a change the server made.
 */
async function confirmUpdate(
  change: Change,
  ctx: ApplyContext,
  readBack: (change: Change, ctx: ApplyContext) => Promise<JsonObject | null>,
  error: ApiError,
): Promise<Applied> {
  const live = await readBack(change, ctx);
  if (carries(change.after, live)) return { message: 'the answer was lost, but a re-read shows the change was made' };
  throw new Error(
    `${error.message}; the answer was lost, and a re-read shows ${live === null ? 'it is gone' : `it is ${JSON.stringify(live)}`}: ` +
      'not changed. Run plan again.',
  );
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

/**
 * Runs each change once all its dependencies are applied, at most `limit` at a time, picking the
 * earliest in plan order among those ready. A change whose dependency did not apply is skipped
 * (and so, in turn, are its dependents) without running.
 */
async function runGraph(
  changes: Change[],
  limit: number,
  outcomes: Map<string, Outcome>,
  finish: (outcome: Outcome) => void,
  run: (change: Change) => Promise<void>,
): Promise<void> {
  const position = new Map(changes.map((c, i) => [c.id, i]));
  const dependents = new Map<string, Change[]>();
  const waitingOn = new Map<string, number>();
  for (const change of changes) {
    waitingOn.set(change.id, change.dependsOn.length);
    for (const d of change.dependsOn) {
      if (!position.has(d)) throw new InternalError(`${change.id} depends on ${d}, which is not in the plan`);
      dependents.set(d, [...(dependents.get(d) ?? []), change]);
    }
  }
  const ready = changes.filter((c) => c.dependsOn.length === 0);
  let running = 0;
  return new Promise<void>((resolve, reject) => {
    const settle = (change: Change): void => {
      for (const dependent of dependents.get(change.id) ?? []) {
        const left = (waitingOn.get(dependent.id) ?? 0) - 1;
        waitingOn.set(dependent.id, left);
        if (left > 0) continue;
        const blocker = dependent.dependsOn.find((d) => outcomes.get(d)?.status !== 'applied');
        if (blocker === undefined) {
          insertByPosition(ready, dependent, position);
        } else {
          finish({ change: dependent, status: 'skipped', error: `depends on ${blocker}, which ${describe(outcomes.get(blocker))}` });
          settle(dependent);
        }
      }
    };
    const pump = (): void => {
      while (running < limit && ready.length > 0) {
        const change = ready.shift() as Change;
        running++;
        run(change).then(
          () => {
            running--;
            settle(change);
            pump();
          },
          reject,
        );
      }
      if (running === 0 && ready.length === 0) resolve();
    };
    pump();
  });
}

function insertByPosition(list: Change[], item: Change, position: Map<string, number>): void {
  const at = position.get(item.id) ?? 0;
  let i = 0;
  while (i < list.length && (position.get((list[i] as Change).id) ?? 0) < at) i++;
  list.splice(i, 0, item);
}
