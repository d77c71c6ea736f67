// A saved plan is applied only if the live objects it was made from are as they were.

import equal from 'fast-deep-equal';
import type { Change, Plan } from '../plan/types.js';

/** What changed between the live state a saved plan read and the live state now. */
export function staleAddresses(saved: Plan, fresh: Plan): string[] {
  const addresses = new Set([...Object.keys(saved.fingerprints), ...Object.keys(fresh.fingerprints)]);
  const changed = [...addresses].filter((a) => saved.fingerprints[a] !== fresh.fingerprints[a]).sort();
  if (changed.length > 0) return changed.map((a) => `${a} changed since the plan was made`);
  // Same live state and same file give the same plan, change for change. Anything else is a plan
  // edited by hand or made by another orgform: never applied.
  const differing = fresh.changes.length !== saved.changes.length
    ? ['the saved plan has another number of changes than the file and the org give now']
    : fresh.changes.flatMap((c, i) =>
        equal(comparable(c), comparable(saved.changes[i] as Change))
          ? []
          : [`${saved.changes[i]?.id ?? c.id} differs from what the file and the org give now`],
      );
  return differing;
}

/** What a change does: who last changed the object and where the file sets it (--explain) are commentary. */
function comparable(change: Change): Change {
  const { attribution: _attribution, sources: _sources, ...rest } = change;
  return rest;
}
