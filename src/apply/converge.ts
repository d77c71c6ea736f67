// A create that meets another writer (two applies of one file started together) or its own lost
// answer. For a kind that knows its objects' identity (kinds/identity.ts):
//
//  1. Before the create, where the API lets two objects share the identity: one list read. If the
//     object exists now, it is adopted, not created.
//  2. The create. A lost answer: the object is looked for and adopted if the server made it. A
//     refusal as a duplicate (a role name, a member): the object that exists is adopted.
//  3. After it, where the API lets two exist: one more list read. If another writer made the same
//     object meanwhile, the copy every writer keeps (the oldest, identity.ts `survivor`) is kept
//     and adopted, and every other copy seen is removed, this run's and the other writer's: a
//     writer that listed before the other's create never sees it, so the writer that sees both
//     must remove the loser, or two would stay. Removing a copy twice is harmless.
//  4. After the apply's last change, one more look at each copy it kept (`recheck`): one made by
//     another writer in the same second, after this apply's check, with a smaller id, wins, and
//     its writer removes this one; the report then says so (`Superseded`).
//
// The checks share their list reads with other creates under way (shared-lists.ts). Each
// deviation from the plan is in the outcome (`converged`) and its message.

import { ApiError } from '../errors.js';
import type { ApplyContext, ApplyResult, KindSpec } from '../kinds/kind.js';
import { survivor, type CreateIdentity, type LiveCopy } from '../kinds/identity.js';
import type { Change } from '../plan/types.js';
import { SharedLists, type Since } from './shared-lists.js';
import type { Convergence, RemovedCopy, Superseded } from './types.js';

/** What a change came to: the kind's result, and how a create converged with another writer. */
export type Applied = Omit<ApplyResult, 'keep'> & {
  converged?: Convergence;
  /** For a copy this apply kept: looks again, after the last change, whether another writer's copy replaced it. */
  recheck?: Recheck;
};

type Recheck = (ctx: ApplyContext) => Promise<Superseded | undefined>;

type AllowedIdentity = Extract<CreateIdentity, { duplicates: 'allowed' }>;

/** A create whose answer is lost is looked for, then sent again, this many times in all. */
const ADOPT_ATTEMPTS = 3;

const LOST_ANSWER = 'the answer was lost, but the server had made it: adopted, not created twice';

/** Statuses with which an API refuses a second object of the same identity. */
const REFUSED = new Set([400, 409, 422]);

interface Made {
  result: ApplyResult;
  /** The answer was lost: the object was found by its identity (which copy was this run's is unknown). */
  lostAnswer: boolean;
  /** The list read that found it, after the create. */
  copies?: LiveCopy[];
}

/**
 * `lists` shares the checks' list reads between creates in flight (shared-lists.ts); each check
 * joins only a read that started after what it must see.
 */
export async function applyCreate(
  change: Change,
  ctx: ApplyContext,
  spec: KindSpec,
  identity: CreateIdentity,
  lists: SharedLists = new SharedLists(),
): Promise<Applied> {
  // Look for the object now: made since the plan, by whoever. Any read under way will do.
  const look = (since: Since) => identity.find(change, lists.view(ctx, since));
  if (identity.duplicates === 'allowed') {
    const existing = survivor(await look(0));
    if (existing) return adoptOthers(change, ctx, spec, existing.id, 'another writer made it after the plan was made');
  }
  let made: Made;
  try {
    made = await send(change, ctx, spec, () => look(lists.now()));
  } catch (error) {
    if (!(error instanceof ApiError && REFUSED.has(error.status) && !error.outcomeUnknown)) throw error;
    const existing = survivor(await look(lists.now()));
    if (!existing) throw error;
    return adoptOthers(change, ctx, spec, existing.id, 'another writer made it first (the API refused a second one)');
  }
  // Relations (a member, an assignment) have no id of their own, and the API refuses them twice.
  if (identity.duplicates === 'refused' || made.result.createdId === undefined) return finish(made);
  return settle(change, ctx, spec, identity, made, made.result.createdId, made.copies ?? (await look(lists.now())));
}

/** The create, with its lost answers: look for the object, adopt it if the server made it, else send again. */
async function send(change: Change, ctx: ApplyContext, spec: KindSpec, look: () => Promise<LiveCopy[]>): Promise<Made> {
  for (let attempt = 1; ; attempt++) {
    try {
      return { result: await spec.apply(change, ctx), lostAnswer: false };
    } catch (error) {
      if (!(error instanceof ApiError && error.outcomeUnknown) || attempt >= ADOPT_ATTEMPTS) throw error;
      const copies = await look();
      const found = survivor(copies);
      if (found) {
        const more = await spec.completeAdopted?.(change, ctx, found.id, 'lost_answer');
        return { result: { createdId: found.id, message: join(LOST_ANSWER, more) }, lostAnswer: true, copies };
      }
    }
  }
}

/** The object made is the only one: its last step runs (a new account's key is stored). */
async function finish(made: Made): Promise<Applied> {
  const { keep, ...result } = made.result;
  const kept = keep ? await keep() : undefined;
  const message = join(result.message, kept);
  return { ...result, ...(message === undefined ? {} : { message }) };
}

/** After the create: one copy is kept by the rule every writer follows, every other copy seen is removed. */
async function settle(
  change: Change,
  ctx: ApplyContext,
  spec: KindSpec,
  identity: AllowedIdentity,
  made: Made,
  createdId: string,
  copies: LiveCopy[],
): Promise<Applied> {
  const mine: LiveCopy = { id: createdId, ...(made.result.createdAt === undefined ? {} : { created_at: made.result.createdAt }) };
  // A list that does not show the new object yet still has it.
  const all = copies.some((c) => c.id === mine.id) ? copies : [...copies, mine];
  const kept = survivor(all) as LiveCopy;
  const losers = all.filter((c) => c.id !== kept.id);
  const recheck = recheckOf(change, identity, mine.id);
  if (losers.length === 0) return { ...(await finish(made)), recheck };
  const noun = spec.words.noun[0];
  const removed: RemovedCopy[] = [];
  for (const loser of losers) {
    try {
      await identity.remove(change, ctx, loser.id);
    } catch (error) {
      const left = losers.filter((l) => !removed.some((r) => r.id === l.id)).map((l) => l.id);
      throw new Error(
        `another writer made the same ${noun} at the same time; ${kept.id} is kept (oldest, then smallest id), but ${loser.id} could not be ` +
          `${identity.removal} (${error instanceof Error ? error.message : String(error)}): ${identity.removal === 'archived' ? 'archive' : 'delete'} ` +
          `${left.join(', ')} by hand, then run plan`,
        { cause: error },
      );
    }
    removed.push({ id: loser.id, made_by: madeBy(loser, mine, made.lostAnswer), removal: identity.removal });
  }
  const gone = removed.map((r) => (r.made_by === 'this_apply' ? `${r.id}, which this apply made` : r.id));
  const what = `another writer made the same ${noun} at the same time: kept ${kept.id} (oldest, then smallest id), ${identity.removal} ${gone.join(', ')}`;
  if (kept.id === mine.id) {
    const done = await finish(made);
    return { ...done, message: join(what, done.message), converged: { kept: kept.id, adopted: false, removed }, recheck };
  }
  // This run's copy lost: the one kept is another writer's, and what depends on this change goes there.
  const more = await spec.completeAdopted?.(change, ctx, kept.id, 'another_writer');
  const { keep: _unkept, ...result } = made.result;
  return {
    ...result,
    createdId: kept.id,
    ...(kept.created_at === undefined ? {} : { createdAt: kept.created_at }),
    message: join(`${what}; adopted ${kept.id}`, more),
    converged: { kept: kept.id, adopted: true, removed },
  };
}

/**
 * Another writer whose create landed in the same second as this one, after this apply's check,
 * keeps its own copy if its id is smaller, and removes this one: by then this apply has moved on.
 * One more look after the last change tells the user so.
 */
function recheckOf(change: Change, identity: AllowedIdentity, made: string): Recheck {
  return async (ctx) => {
    const kept = survivor(await identity.find(change, ctx));
    return kept && kept.id !== made ? { change, made, kept: kept.id, removal: identity.removal } : undefined;
  };
}

/** Runs the rechecks of the copies this apply kept, all at once: each distinct list is read once. */
export async function recheckKept(rechecks: Recheck[], ctx: ApplyContext, lists: SharedLists): Promise<Superseded[]> {
  const shared = lists.view(ctx, lists.now());
  const found = await Promise.all(rechecks.map((recheck) => recheck(shared)));
  return found.filter((s): s is Superseded => s !== undefined);
}

async function adoptOthers(change: Change, ctx: ApplyContext, spec: KindSpec, id: string, why: string): Promise<Applied> {
  const more = await spec.completeAdopted?.(change, ctx, id, 'another_writer');
  return { createdId: id, message: join(`${why}: adopted ${id}, not created`, more), converged: { kept: id, adopted: true, removed: [] } };
}

function madeBy(copy: LiveCopy, mine: LiveCopy, lostAnswer: boolean): RemovedCopy['made_by'] {
  if (lostAnswer) return 'unknown';
  return copy.id === mine.id ? 'this_apply' : 'another_writer';
}

function join(...parts: Array<string | undefined>): string | undefined {
  const present = parts.filter((p): p is string => p !== undefined && p !== '');
  return present.length > 0 ? present.join('; ') : undefined;
}
