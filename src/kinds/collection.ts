// The shape shared by the keyed collections inside a project (spend alerts, members, service
// accounts): create what is missing, update what differs, remove what the file does not list,
// removals waiting for the additions and updates so a project never passes through an empty or
// ownerless state.

import equal from 'fast-deep-equal';
import { matchByKey, type PlanBuilder } from '../plan/builder.js';
import type { JsonObject, Kind, ProjectRef } from '../plan/types.js';

/** Where a collection lives: a project (a ProjectScope), or the organization (`{}`). */
export interface CollectionScope {
  ref?: ProjectRef;
  /** The change that creates the project, when this plan creates it. */
  createdBy?: string;
}

export interface CollectionSpec<D, L> {
  kind: Kind;
  desired: D[];
  live: L[];
  key(d: D): string;
  liveKey(l: L): string;
  liveId(l: L): string;
  /** The address of one item, by its key. */
  address(key: string): string;
  fromDesired(d: D): JsonObject;
  fromLive(l: L): JsonObject;
  /** For a create: the live id it acts on (members: the org user), or null to plan no change. */
  createTarget?(d: D): string | null | undefined;
  /** What a create carries beyond what is compared (a new key's expiry); default fromDesired. */
  forCreate?(d: D): JsonObject;
}

export function planCollection<D, L>(out: PlanBuilder, scope: CollectionScope, spec: CollectionSpec<D, L>): void {
  const { both, onlyDesired, onlyLive } = matchByKey(spec.desired, spec.live, spec.key, spec.liveKey);
  const project = scope.ref ? { project: scope.ref } : {};
  const additions: string[] = [];
  for (const d of onlyDesired) {
    const target = spec.createTarget?.(d);
    if (target === null) continue;
    const change = out.add({
      action: 'create',
      kind: spec.kind,
      address: spec.address(spec.key(d)),
      before: null,
      after: spec.forCreate?.(d) ?? spec.fromDesired(d),
      dependsOn: scope.createdBy ? [scope.createdBy] : [],
      ...project,
      ...(target === undefined ? {} : { target_id: target }),
    });
    additions.push(change.id);
  }
  for (const [d, l] of both) {
    const before = spec.fromLive(l);
    const after = spec.fromDesired(d);
    if (equal(before, after)) continue;
    const change = out.add({
      action: 'update',
      kind: spec.kind,
      address: spec.address(spec.key(d)),
      before,
      after,
      ...project,
      target_id: spec.liveId(l),
    });
    additions.push(change.id);
  }
  const counts = new Map<string, number>();
  for (const l of spec.live) counts.set(spec.liveKey(l), (counts.get(spec.liveKey(l)) ?? 0) + 1);
  for (const l of onlyLive) {
    const key = spec.liveKey(l);
    // A live duplicate of a key (the API allows them) gets its id in the address.
    const address = (counts.get(key) ?? 0) > 1 ? `${spec.address(key)}#${spec.liveId(l)}` : spec.address(key);
    out.add({
      action: 'delete',
      kind: spec.kind,
      address,
      before: spec.fromLive(l),
      after: null,
      dependsOn: additions,
      ...project,
      target_id: spec.liveId(l),
    });
  }
}
