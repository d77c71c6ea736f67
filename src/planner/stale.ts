// A saved plan is applied only if the live objects it was made from are as they were.

import equal from 'fast-deep-equal';
import type { Plan } from './types.js';

/** What changed between the live state a saved plan read and the live state now. */
export function staleAddresses(saved: Plan, fresh: Plan): string[] {
  const addresses = new Set([...Object.keys(saved.fingerprints), ...Object.keys(fresh.fingerprints)]);
  const changed = [...addresses].filter((a) => saved.fingerprints[a] !== fresh.fingerprints[a]).sort();
  if (changed.length > 0) return changed.map((a) => `${a} changed since the plan was made`);
  // Same live state and same file give the same plan; anything else is a plan from another orgform.
  const savedIds = saved.changes.map((c) => c.id);
  const freshIds = fresh.changes.map((c) => c.id);
  return equal(savedIds, freshIds) ? [] : ['the changes planned now differ from the saved ones'];
}
