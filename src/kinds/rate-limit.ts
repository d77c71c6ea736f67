import { RATE_LIMIT_FIELDS, type RateLimitValues } from '../config/model.js';
import { apiPath } from '../providers/openai/api-path.js';
import type { ApiRateLimit } from '../providers/openai/api-types.js';
import { compareText } from '../util/compare.js';
import { mostCommon } from '../util/most-common.js';
import { suggest } from '../util/suggest.js';
import type { AdminClient } from '../providers/openai/client.js';
import { onProject, payload, requireProject, type ProjectKind } from './kind.js';
import type { LiveOrg } from './live-state.js';

type RateLimitState = RateLimitValues & { model: string };

async function findRow(client: AdminClient, projectId: string, model: string): Promise<string> {
  const rows = await client.list<ApiRateLimit>(apiPath`/organization/projects/${projectId}/rate_limits`);
  const row = rows.find((r) => r.model === model);
  if (!row) throw new Error(`the project has no rate limit for model ${JSON.stringify(model)}`);
  return row.id;
}

// Rate limits exist for every model and cannot be created or deleted: only the fields the file
// gives are compared and changed.
export const rateLimit: ProjectKind<'rate_limits'> = {
  kind: 'rate_limit',
  scope: 'project',
  words: { noun: ['rate limit', 'rate limits'], group: 'project' },
  phase: 2,
  audit: (change) => (change.target_id ? { event_types: ['rate_limit.updated'], resource_ids: [change.target_id] } : null),
  part: 'rate_limits',
  sourcePaths: (change) => [['rate_limits', String((change.after ?? change.before ?? {})['model'])]],

  read: (client, projectId) =>
    client.list<ApiRateLimit>(apiPath`/organization/projects/${projectId}/rate_limits`),

  diff(scope, out) {
    const desired = scope.desired.rate_limits;
    if (desired === undefined) return;
    const live = scope.live?.rate_limits;
    const byModel = new Map((live ?? []).map((row) => [row.model, row]));
    for (const model of Object.keys(desired).sort()) {
      const wanted = desired[model] ?? {};
      const address = `${scope.address}.rate_limit[${JSON.stringify(model)}]`;
      if (!live) {
        // A project this plan creates: its rows exist once it does; apply finds the row by model.
        out.add({
          action: 'update',
          kind: 'rate_limit',
          address,
          before: { model },
          after: { model, ...wanted },
          dependsOn: onProject(scope),
          project: scope.ref,
          reason: 'the new project starts with the API\'s default limits',
        });
        continue;
      }
      const row = byModel.get(model);
      if (!row) {
        const pos = scope.desired.rate_limit_pos?.[model];
        const near = suggest(model, [...byModel.keys()]);
        out.problems.push({
          ...(pos ?? {}),
          message:
            `project ${JSON.stringify(scope.desired.name)} has no rate limit for model ${JSON.stringify(model)}` +
            (near.length ? `; did you mean ${near.map((n) => JSON.stringify(n)).join(', ')}?` : ''),
        });
        continue;
      }
      // The API refuses a field the model's row does not have (images on a text model): refused here, not at apply.
      const carried = RATE_LIMIT_FIELDS.filter((f) => row[f] !== undefined && row[f] !== null);
      const foreign = RATE_LIMIT_FIELDS.filter((f) => wanted[f] !== undefined && !carried.includes(f));
      if (foreign.length > 0) {
        out.problems.push({
          ...(scope.desired.rate_limit_pos?.[model] ?? {}),
          message:
            `project ${JSON.stringify(scope.desired.name)}: the rate limit for model ${JSON.stringify(model)} has no ` +
            `${foreign.join(', ')}; it has ${carried.join(', ')}`,
        });
        continue;
      }
      const before: RateLimitState = { model };
      const after: RateLimitState = { model };
      for (const field of RATE_LIMIT_FIELDS) {
        if (wanted[field] === undefined) continue;
        before[field] = row[field];
        after[field] = wanted[field];
      }
      out.fingerprint(address, { ...before });
      if (RATE_LIMIT_FIELDS.every((f) => before[f] === after[f])) continue;
      out.add({
        action: 'update',
        kind: 'rate_limit',
        address,
        before: { ...before },
        after: { ...after },
        dependsOn: onProject(scope),
        project: scope.ref,
        target_id: row.id,
      });
    }
  },

  toConfig(live, ctx) {
    const usual = ctx.allRateLimits || ctx.scoped ? undefined : usualRateLimits(ctx.live);
    const limits: Record<string, RateLimitValues> = {};
    for (const row of [...live].sort((a, b) => compareText(a.model, b.model))) {
      const fields = rateLimitFields(row);
      if (usual?.get(row.model) !== JSON.stringify(fields)) limits[row.model] = fields;
    }
    // Models not listed are not managed: a project at the usual limits needs no key at all.
    return Object.keys(limits).length > 0 ? { value: limits } : {};
  },

  async readBack(change, ctx) {
    const projectId = requireProject(change, ctx);
    const { model } = payload<RateLimitState>(change.after, change);
    const rows = await ctx.client.list<ApiRateLimit>(apiPath`/organization/projects/${projectId}/rate_limits`);
    const row = rows.find((r) => r.model === model);
    if (!row) return null;
    const state: RateLimitState = { model };
    for (const field of RATE_LIMIT_FIELDS) if (row[field] !== undefined) state[field] = row[field];
    return { ...state };
  },

  async apply(change, ctx) {
    const projectId = requireProject(change, ctx);
    const { model, ...fields } = payload<RateLimitState>(change.after, change);
    const id = change.target_id ?? (await findRow(ctx.client, projectId, model));
    await ctx.client.post(apiPath`/organization/projects/${projectId}/rate_limits/${id}`, fields, {
      idempotent: true,
    });
    return {};
  },
};

function rateLimitFields(row: ApiRateLimit): RateLimitValues {
  const fields: RateLimitValues = {};
  for (const field of RATE_LIMIT_FIELDS) if (row[field] !== undefined) fields[field] = row[field];
  return fields;
}

const usualByExport = new WeakMap<LiveOrg, Map<string, string>>();

/**
 * Per model, the limits most projects have (what a new project gets): rows equal to it are left
 * out of an export, so the file shows only the limits someone changed. Every project carries a
 * row for every model; writing them all would bury the file (and 5,000 projects would write 20 MB).
 */
function usualRateLimits(live: LiveOrg): Map<string, string> {
  const known = usualByExport.get(live);
  if (known) return known;
  const byModel = new Map<string, RateLimitValues[]>();
  for (const parts of Object.values(live.parts)) {
    for (const row of parts.rate_limits ?? []) byModel.set(row.model, [...(byModel.get(row.model) ?? []), rateLimitFields(row)]);
  }
  const usual = new Map<string, string>();
  for (const [model, rows] of byModel) {
    const best = mostCommon(rows);
    if (best) usual.set(model, best.json);
  }
  usualByExport.set(live, usual);
  return usual;
}
