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

/** `retry-after-ms`, else `retry-after` in seconds or as an HTTP date; only 0..60 s counts. */
export function retryAfterMs(headers: Record<string, string | string[] | undefined>): number | undefined {
  const ms = Number.parseFloat(headerValue(headers['retry-after-ms']) ?? '');
  if (Number.isFinite(ms) && ms >= 0 && ms <= 60_000) return ms;
  const raw = headerValue(headers['retry-after']);
  if (raw === null) return undefined;
  const seconds = Number.parseFloat(raw);
  const value = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(raw) - Date.now();
  return Number.isFinite(value) && value >= 0 && value <= 60_000 ? value : undefined;
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
