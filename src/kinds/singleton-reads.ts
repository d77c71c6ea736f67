// Where the contract is silent on "not set", every plausible answer maps to one meaning here
// (the table in docs/operations.md, "Reading what the contract leaves open"). Anything else is
// an error naming the endpoint and what came back: a guess here would become a plan.

import { setTimeout as sleep } from 'node:timers/promises';
import { ApiError, UnexpectedAnswerError } from '../errors.js';
import type { ApiPath } from '../providers/openai/api-path.js';
import type { ApiModelPermissions, ApiSpendLimit } from '../providers/openai/api-types.js';
import type { AdminClient } from '../providers/openai/client.js';
import { shorten } from '../providers/openai/wire.js';

/** The answer to a GET, or NOT_FOUND for a 404. */
export const NOT_FOUND = Symbol('404');
export type Answer = unknown;

export async function getAnswer(client: AdminClient, path: ApiPath): Promise<Answer> {
  try {
    return await client.get<unknown>(path);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return NOT_FOUND;
    throw error;
  }
}

export const UNRESTRICTED: ApiModelPermissions = { object: 'project.model_permissions', mode: 'deny_list', model_ids: [] };

/** 404, an empty body, or no mode with no models: no restriction (an empty deny list). */
export function readModelPermissions(answer: Answer, fail: (detail: string) => never): ApiModelPermissions {
  if (answer === NOT_FOUND || answer === null) return UNRESTRICTED;
  const { mode, model_ids } = answer as { mode?: unknown; model_ids?: unknown };
  const noModels = model_ids === undefined || model_ids === null || (Array.isArray(model_ids) && model_ids.length === 0);
  if ((mode === undefined || mode === null) && noModels) return UNRESTRICTED;
  if (mode !== 'allow_list' && mode !== 'deny_list') fail(`a mode that is neither allow_list nor deny_list: ${describe(answer)}`);
  if (noModels) return { object: 'project.model_permissions', mode, model_ids: [] };
  if (!Array.isArray(model_ids) || model_ids.some((id) => typeof id !== 'string')) fail(`model_ids that are not a list of strings: ${describe(answer)}`);
  return { object: 'project.model_permissions', mode, model_ids: model_ids as string[] };
}

/**
 * 404, an empty body, or a limit without a positive threshold_amount (whatever its enforcement
 * status): no limit. A positive amount is a limit, `inactive` or `enforcing` alike (inactive is
 * a limit not reached, not an absent one).
 */
export function readSpendLimit(answer: Answer, fail: (detail: string) => never): ApiSpendLimit | null {
  if (answer === NOT_FOUND || answer === null) return null;
  const limit = answer as Partial<ApiSpendLimit>;
  const amount = limit.threshold_amount as unknown;
  if (amount === undefined || amount === null || amount === 0) return null;
  if (typeof amount !== 'number' || !Number.isInteger(amount) || amount < 0) fail(`a threshold_amount that is not a whole number of cents: ${describe(answer)}`);
  return {
    object: 'project.spend_limit',
    currency: typeof limit.currency === 'string' ? limit.currency : 'USD',
    interval: typeof limit.interval === 'string' ? limit.interval : 'month',
    threshold_amount: amount,
    enforcement: { status: typeof limit.enforcement?.status === 'string' ? limit.enforcement.status : 'unknown' },
  };
}

/** A project's retention: 404, an empty body or no type mean it follows the organization's. */
export function readProjectRetention(answer: Answer, fail: (detail: string) => never): string {
  if (answer === NOT_FOUND || answer === null) return 'organization_default';
  const type = (answer as { type?: unknown }).type;
  if (type === undefined || type === null) return 'organization_default';
  if (typeof type !== 'string' || type === '') fail(`a type that is not a retention type: ${describe(answer)}`);
  return type;
}

/** The error for an answer none of the readings above accepts. */
export function failer(client: AdminClient, path: ApiPath): (detail: string) => never {
  return (detail) => {
    throw new UnexpectedAnswerError(client.baseUrl, `GET ${path.template}`, detail);
  };
}

function describe(answer: Answer): string {
  return shorten(JSON.stringify(answer) ?? String(answer));
}

/**
 * For an object this run just created: a 404 can be the API not having caught up yet, so the
 * request is tried again for a few seconds before the 404 counts.
 */
export async function retryWhileNotFound<T>(run: () => Promise<T>, waitsMs: readonly number[] = [250, 500, 1000, 2000, 2000]): Promise<T> {
  for (const wait of waitsMs) {
    try {
      return await run();
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 404)) throw error;
      await sleep(wait);
    }
  }
  return run();
}
