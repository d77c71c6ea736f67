import type { DesiredSpendLimit } from '../config/model.js';
import type { PlanBuilder } from '../plan/builder.js';
import type { Change, Kind, ProjectRef } from '../plan/types.js';
import { apiPath, type ApiPath } from '../providers/openai/api-path.js';
import type { ApiSpendLimit } from '../providers/openai/api-types.js';
import type { AdminClient } from '../providers/openai/client.js';
import { failer, getAnswer, readSpendLimit as readLimitAnswer } from './singleton-reads.js';
import { deleteIfPresent, onProject, payload, requireProject, type Exported, type ProjectKind } from './kind.js';

// The project's and the organization's spend limits: one singleton shape, one set of rules.

/** The limit at `path`; null when none is set (every plausible "not set" answer). */
export async function readSpendLimit(client: AdminClient, path: ApiPath): Promise<ApiSpendLimit | null> {
  return readLimitAnswer(await getAnswer(client, path), failer(client, path));
}

export interface SpendLimitPlace {
  kind: Kind;
  address: string;
  /** What was read; undefined when the owner does not exist yet (a project this plan creates). */
  live: ApiSpendLimit | null | undefined;
  dependsOn: string[];
  project?: ProjectRef;
  /** Whose limit it is, for the reason of a lift: "project's", "organization's". */
  whose: string;
}

export function planSpendLimit(out: PlanBuilder, desired: DesiredSpendLimit | null, place: SpendLimitPlace): void {
  const live = place.live ?? null;
  const before = live ? { threshold_amount: live.threshold_amount } : null;
  if (place.live !== undefined) out.fingerprint(place.address, before);
  // A limit is a control: lifting one is counted like a removal.
  out.countManaged(place.kind, before ? 1 : 0);
  const after = desired ? { threshold_amount: desired.threshold_amount } : null;
  if (before?.threshold_amount === after?.threshold_amount) return;
  const common = {
    kind: place.kind,
    address: place.address,
    dependsOn: place.dependsOn,
    ...(place.project ? { project: place.project } : {}),
  };
  if (after === null) {
    if (before) out.add({ ...common, action: 'delete', before, after: null, reason: `lifts the ${place.whose} spend limit` });
  } else if (before === null) {
    out.add({ ...common, action: 'create', before: null, after });
  } else {
    out.add({ ...common, action: 'update', before, after });
  }
}

export async function applySpendLimit(change: Change, client: AdminClient, path: ApiPath): Promise<void> {
  if (change.action === 'delete') {
    await deleteIfPresent(client, path);
    return;
  }
  const { threshold_amount } = payload<{ threshold_amount: number }>(change.after, change);
  await client.post(path, { currency: 'USD', interval: 'month', threshold_amount }, { idempotent: true });
}

/** The export mapping: the file's shape of a live limit (null: none). */
export function spendLimitToConfig(live: ApiSpendLimit | null): Exported {
  return live ? { value: { threshold_amount: live.threshold_amount } } : { value: null, comment: 'no hard limit (the default)' };
}

export const spendLimit: ProjectKind<'spend_limit'> = {
  kind: 'spend_limit',
  scope: 'project',
  words: { noun: ['spend limit', 'spend limits'], group: 'project' },
  phase: 2,
  part: 'spend_limit',

  read: (client, projectId) => readSpendLimit(client, apiPath`/organization/projects/${projectId}/spend_limit`),

  diff(scope, out) {
    const desired = scope.desired.spend_limit;
    if (desired === undefined) return;
    planSpendLimit(out, desired, {
      kind: 'spend_limit',
      address: `${scope.address}.spend_limit`,
      live: scope.live ? (scope.live.spend_limit ?? null) : undefined,
      dependsOn: onProject(scope),
      project: scope.ref,
      whose: "project's",
    });
  },

  toConfig: spendLimitToConfig,

  async apply(change, ctx) {
    const projectId = requireProject(change, ctx);
    await applySpendLimit(change, ctx.client, apiPath`/organization/projects/${projectId}/spend_limit`);
    return {};
  },
};
