// A project singleton the API updates field by field (hosted tool permissions, service tier
// settings): only the fields the file names are compared and written, like rate limits' fields.
// It always exists, so it is only ever updated.

import equal from 'fast-deep-equal';
import type { PlanBuilder } from '../plan/builder.js';
import type { Json, JsonObject } from '../plan/types.js';
import type { ApiPath } from '../providers/openai/api-path.js';
import { onProject, payload, requireProject, type ProjectKind, type ProjectScope } from './kind.js';
import type { LiveOrg, LiveProjectParts } from './live-state.js';
import { mostCommon } from '../util/most-common.js';

type SettingPart = 'hosted_tool_permissions' | 'service_tier_settings';

export interface PartialSettingDef<P extends SettingPart, A> {
  part: P;
  noun: [singular: string, plural: string];
  path(projectId: string): ApiPath;
  /** The API's answer as the file writes it (and as it is compared). */
  normalize(answer: A): NonNullable<LiveProjectParts[P]>;
  /** The request body that sets the fields of a change's `after`. */
  toBody(after: JsonObject): JsonObject;
  /** The live part as the file writes it (export). */
  toConfig(live: NonNullable<LiveProjectParts[P]>): unknown;
}

export function partialSettingKind<P extends SettingPart, A>(def: PartialSettingDef<P, A>): ProjectKind<P> {
  return {
    kind: def.part,
    scope: 'project',
    words: { noun: def.noun, group: 'project' },
    phase: 2,
    part: def.part,

    read: async (client, projectId) => def.normalize(await client.get<A>(def.path(projectId))),
    // Like rate limits: a project with what most projects have needs no key (absent: left alone).
    toConfig: (live, ctx) =>
      !ctx.scoped && JSON.stringify(live) === usualValue(ctx.live, def.part) ? {} : { value: def.toConfig(live as NonNullable<LiveProjectParts[P]>) },

    diff(scope, out) {
      const desired = scope.desired[def.part];
      if (desired === undefined) return;
      const live = scope.live?.[def.part];
      planPartialSetting(scope, out, def.part, { ...desired }, live && { ...live });
    },

    async apply(change, ctx) {
      const body = def.toBody(payload<JsonObject>(change.after, change));
      await ctx.client.post(def.path(requireProject(change, ctx)), body, { idempotent: true });
      return {};
    },
  };
}

/** `desired`: the fields the file names; `live`: the whole setting, undefined for a new project. */
function planPartialSetting(scope: ProjectScope, out: PlanBuilder, key: SettingPart, desired: JsonObject, live: JsonObject | undefined): void {
  const address = `${scope.address}.${key}`;
  const common = { action: 'update', kind: key, address, dependsOn: onProject(scope), project: scope.ref } as const;
  if (!live) {
    // A project this plan creates: what it starts with is the API's to say; apply sets the fields.
    out.add({ ...common, before: {}, after: desired, reason: 'the new project starts with the API\'s defaults' });
    return;
  }
  const before: JsonObject = {};
  for (const field of Object.keys(desired)) before[field] = (live[field] ?? null) as Json;
  out.fingerprint(address, before);
  if (equal(before, desired)) return;
  out.add({ ...common, before, after: desired });
}

const usualByExport = new WeakMap<LiveOrg, Map<SettingPart, string>>();

/** The setting most projects have (what a new project gets), as JSON; ties go to the first in code-unit order. */
function usualValue(live: LiveOrg, part: SettingPart): string | undefined {
  const known = usualByExport.get(live) ?? new Map<SettingPart, string>();
  usualByExport.set(live, known);
  if (!known.has(part)) {
    const best = mostCommon(Object.values(live.parts).flatMap((parts) => (parts[part] === undefined ? [] : [parts[part]])));
    if (best) known.set(part, best.json);
  }
  return known.get(part);
}
