// How a create meets another writer: two applies of one file started together, or a create whose
// answer was lost. A kind that creates by identity (a project's name, a spend alert's threshold, a
// member's user) says how to find the live objects with that identity and, where the API lets two
// exist, how to remove one; apply/converge.ts does the rest.

import type { Change } from '../plan/types.js';
import { compareText } from '../util/compare.js';
import type { ApplyContext } from './kind.js';

/** A live object with the identity a create gives. */
export interface LiveCopy {
  id: string;
  /** Unix seconds; absent where the API does not say (spend alerts). */
  created_at?: number;
}

type FindCopies = (change: Change, ctx: ApplyContext) => Promise<LiveCopy[]>;

export type CreateIdentity =
  | {
      /** The API answers a second create of the same identity with an error (roles, members, assignments). */
      duplicates: 'refused';
      /** The live objects with the identity the change creates, in one list read. */
      find: FindCopies;
    }
  | {
      /** The API makes a second object with the same identity (projects, service accounts, alerts, groups). */
      duplicates: 'allowed';
      find: FindCopies;
      /** How a copy is removed: projects are archived (the API cannot delete them), the rest deleted. */
      removal: 'archived' | 'deleted';
      /** Removes one copy; "already removed" counts as done. */
      remove(change: Change, ctx: ApplyContext, id: string): Promise<void>;
    };

/**
 * The copy every writer keeps: the oldest `created_at`, then the smallest id (code-unit order).
 * Two runs that see the same copies keep the same one, whichever of them made it.
 */
export function survivor<T extends LiveCopy>(copies: readonly T[]): T | undefined {
  let best: T | undefined;
  for (const copy of copies) if (best === undefined || isOlder(copy, best)) best = copy;
  return best;
}

function isOlder(a: LiveCopy, b: LiveCopy): boolean {
  const at = a.created_at ?? 0;
  const bt = b.created_at ?? 0;
  return at !== bt ? at < bt : compareText(a.id, b.id) < 0;
}
