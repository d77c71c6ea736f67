// What the emulator's request log says about one run.
import type { RequestLogEntry } from '../src/emulator/index.js';

export interface RunRequests {
  total: number;
  gets: number;
  nonGets: number;
  throttled: number;
  perEndpoint: Record<string, number>;
  nonGetPerEndpoint: Record<string, number>;
  throttledPerEndpoint: Record<string, number>;
  /** ms from the child's spawn to the first request, to the first per-project read, to the last request. */
  firstAt: number;
  firstProjectReadAt: number;
  lastProjectReadAt: number;
  lastAt: number;
  /** Per endpoint: ms from spawn of its first and last request. */
  spans: Record<string, { first: number; last: number }>;
  /** ms from spawn of the first and last 429. */
  throttledSpan: { first: number; last: number } | null;
  /** 429s for requests that reached the server after the client had the endpoint's first 429 in hand. */
  lateThrottled: number;
  /** Per endpoint that met a 429: the ms between its successive successes after the first 429. */
  pacedGaps: Record<string, number[]>;
  /** Requests per endpoint that arrived after the last per-project read. */
  afterProjectReads: Record<string, number>;
}

const endpointOf = (e: RequestLogEntry): string => e.endpoint ?? `${e.method} ${e.path}`;
const bump = (r: Record<string, number>, k: string) => (r[k] = (r[k] ?? 0) + 1);

/** `latency`: what the server adds before answering, so the client has a 429 `latency` ms after it arrived. */
export function summarize(log: RequestLogEntry[], startedAt: number, latency = 0): RunRequests {
  const out: RunRequests = {
    total: log.length,
    gets: 0,
    nonGets: 0,
    throttled: 0,
    perEndpoint: {},
    nonGetPerEndpoint: {},
    throttledPerEndpoint: {},
    firstAt: NaN,
    firstProjectReadAt: NaN,
    lastProjectReadAt: NaN,
    lastAt: NaN,
    spans: {},
    throttledSpan: null,
    lateThrottled: 0,
    pacedGaps: {},
    afterProjectReads: {},
  };
  const lastOk: Record<string, number> = {};
  const first429: Record<string, number> = {};
  for (const e of log) {
    const endpoint = endpointOf(e);
    bump(out.perEndpoint, endpoint);
    if (e.method === 'GET') out.gets++;
    else {
      out.nonGets++;
      bump(out.nonGetPerEndpoint, endpoint);
    }
    if (e.status === 429) {
      out.throttled++;
      const t429 = e.at - startedAt;
      const seen = first429[endpoint];
      if (seen === undefined) first429[endpoint] = e.at;
      else if (e.at > seen + latency + 5) out.lateThrottled++;
      out.throttledSpan = out.throttledSpan
        ? { first: Math.min(out.throttledSpan.first, t429), last: Math.max(out.throttledSpan.last, t429) }
        : { first: t429, last: t429 };
      bump(out.throttledPerEndpoint, endpoint);
    }
    const t = e.at - startedAt;
    if (!(t >= out.firstAt)) out.firstAt = t;
    if (!(t <= out.lastAt)) out.lastAt = t;
    if (endpoint.includes('{project_id}') && !(t >= out.firstProjectReadAt)) out.firstProjectReadAt = t;
    if (endpoint.includes('{project_id}') && !(t <= out.lastProjectReadAt)) out.lastProjectReadAt = t;
    const span = (out.spans[endpoint] ??= { first: t, last: t });
    span.last = Math.max(span.last, t);
    if (e.status === 429) out.pacedGaps[endpoint] ??= [];
    else if (e.status === 200) {
      const gaps = out.pacedGaps[endpoint];
      const prev = lastOk[endpoint];
      if (gaps && prev !== undefined) gaps.push(t - prev);
      lastOk[endpoint] = t;
    }
  }
  for (const e of log) {
    if (e.at - startedAt > out.lastProjectReadAt) bump(out.afterProjectReads, endpointOf(e));
  }
  return out;
}

/** Endpoints read more often than the minimum, and endpoints the minimum does not have. */
export function extraRequests(actual: Record<string, number>, minimum: Record<string, number>): string[] {
  const extra: string[] = [];
  for (const [endpoint, n] of Object.entries(actual)) {
    const min = minimum[endpoint] ?? 0;
    if (n > min) extra.push(`${endpoint}: ${n} (minimum ${min})`);
  }
  return extra;
}
