// What the client reads from and writes to the wire: query strings, headers, error bodies.

import type { Query } from './client.js';

export function encodeQuery(query: Query | undefined): string {
  if (!query) return '';
  const parts: string[] = [];
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) {
      for (const item of value) parts.push(`${encodeURIComponent(key)}%5B%5D=${encodeURIComponent(item)}`);
    } else {
      parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`);
    }
  }
  return parts.length ? `?${parts.join('&')}` : '';
}

export function headerValue(value: string | string[] | undefined): string | null {
  return (Array.isArray(value) ? value[0] : value) ?? null;
}

type Headers = Record<string, string | string[] | undefined>;

/** The longest server wait honoured; a longer one is not trusted (the pacer decides instead). */
const MAX_HINT_MS = 120_000;

/** What a failed answer says about retrying: when, and whether at all (`x-should-retry`). */
export interface RetrySignals {
  waitMs?: number;
  shouldRetry?: boolean;
}

/**
 * `retry-after-ms`, else `retry-after` (seconds or an HTTP date), else the message's "try again
 * after 6.937 seconds" / "in 7s"; and `x-should-retry: true|false`.
 */
export function retrySignals(headers: Headers, message: string, now = Date.now()): RetrySignals {
  const signals: RetrySignals = {};
  const waitMs = retryAfterMs(headers, now) ?? messageWaitMs(message);
  if (waitMs !== undefined) signals.waitMs = waitMs;
  const should = headerValue(headers['x-should-retry'])?.trim().toLowerCase();
  if (should === 'true' || should === 'false') signals.shouldRetry = should === 'true';
  return signals;
}

function retryAfterMs(headers: Headers, now = Date.now()): number | undefined {
  const ms = inRange(parseNumber(headerValue(headers['retry-after-ms'])) ?? NaN);
  if (ms !== undefined) return ms;
  const raw = headerValue(headers['retry-after'])?.trim();
  if (!raw) return undefined;
  const seconds = parseNumber(raw);
  return inRange(seconds !== undefined ? seconds * 1000 : Date.parse(raw) - now);
}

const HINT = /try again (?:after|in) (\d+(?:\.\d+)?) ?(ms|milliseconds?|s|secs?|seconds?)\b/i;

/** "…please try again after 6.937 seconds." / "Please try again in 7s." / "in 250ms". */
export function messageWaitMs(message: string): number | undefined {
  const match = HINT.exec(message);
  if (!match) return undefined;
  const value = Number(match[1]);
  return inRange(/^m/i.test(match[2] ?? '') ? value : value * 1000);
}

function parseNumber(raw: string | null | undefined): number | undefined {
  if (raw === null || raw === undefined || !/^\s*\d+(\.\d+)?\s*$/.test(raw)) return undefined;
  return Number(raw);
}

function inRange(ms: number): number | undefined {
  return Number.isFinite(ms) && ms >= 0 && ms <= MAX_HINT_MS ? ms : undefined;
}

export interface ErrorBody {
  message: string;
  code: string | null;
  param: string | null;
  /** The body is the OpenAI error object `{ error: { message, … } }`. */
  isApiError: boolean;
}

export function parseErrorBody(text: string): ErrorBody {
  try {
    const parsed = JSON.parse(text) as { error?: { message?: unknown; code?: unknown; param?: unknown } } | null;
    const error = parsed?.error;
    return {
      message: typeof error?.message === 'string' ? error.message : shorten(text),
      code: typeof error?.code === 'string' ? error.code : null,
      param: typeof error?.param === 'string' ? error.param : null,
      isApiError: typeof error === 'object' && error !== null,
    };
  } catch {
    return { message: shorten(text) || '(no body)', code: null, param: null, isApiError: false };
  }
}

/** One short line from any body: an HTML page's title (or its text), whitespace collapsed. */
export function shorten(text: string, max = 160): string {
  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(text)?.[1];
  const plain = (title ?? text.replace(/<[^>]*>/g, ' ')).replace(/\s+/g, ' ').trim();
  const html = /^\s*</.test(text) ? 'an HTML page: ' : '';
  return html + (plain.length > max ? `${plain.slice(0, max - 1)}…` : plain);
}

export function isConnectRefused(cause: unknown): boolean {
  const code = (cause as { code?: unknown } | null)?.code;
  return code === 'ECONNREFUSED' || code === 'ENOTFOUND';
}

/** undici's per-request timeouts: no headers in time, or a body that stopped arriving. */
export function timeoutKind(cause: unknown): 'headers' | 'body' | undefined {
  const code = (cause as { code?: unknown } | null)?.code;
  return code === 'UND_ERR_HEADERS_TIMEOUT' ? 'headers' : code === 'UND_ERR_BODY_TIMEOUT' ? 'body' : undefined;
}
