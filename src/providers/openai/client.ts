// The one HTTP client for the Admin API: auth, pagination, bounded concurrency, pacing,
// retries and typed errors. The admin key is held here and nowhere else, and never printed.

import { request, type Dispatcher } from 'undici';
import { ApiError, UnexpectedAnswerError } from '../../errors.js';
import { VERSION } from '../../version.js';
import type { ApiPath } from './api-path.js';
import { makeDispatcher } from './dispatcher.js';
import type { ClientEvent } from './events.js';
import { Pacer, sleep } from './pacer.js';
import { PageChain, type CursorStyle } from './list-pages.js';
import { encodeQuery, headerValue, isConnectRefused, parseErrorBody, retrySignals, shorten, timeoutKind } from './wire.js';

export const DEFAULT_BASE_URL = 'https://api.openai.com/v1';

export interface ClientOptions {
  baseUrl: string;
  adminKey: string;
  /** Requests in flight at once. */
  concurrency?: number;
  /** Per attempt. */
  timeoutMs?: number;
  /** Attempts for a retryable failure (429s are paced, not counted here). */
  maxAttempts?: number;
  /** Give up retrying a request after this long. */
  maxRetryTimeMs?: number;
  /** Cap per endpoint, requests per minute; 0 = learn it from the API's 429s. */
  maxRpm?: number;
  random?: () => number;
  /** Aborting cancels every wait and retry (an interrupt); a request already sent finishes or times out. */
  signal?: AbortSignal;
  /** `debug`: every throttle, retry and the endpoint's pacing state, one line each to `log`. */
  logLevel?: LogLevel;
  /** Where debug lines go; stderr unless told otherwise. */
  log?: (line: string) => void;
  /** Each request queued and settled, and each wait before one goes out (for progress). */
  onEvent?: (event: ClientEvent) => void;
  /** Time as the client waits it out (back-off, pacing): a test may skip ahead instead of sleeping. */
  clock?: Clock;
  /** Where HTTPS_PROXY / HTTP_PROXY / NO_PROXY are read; default process.env. */
  env?: Readonly<Record<string, string | undefined>>;
}

export interface Clock {
  /** Milliseconds, high resolution, from any origin. */
  now(): number;
  /** Resolves after `ms`; rejects as soon as `signal` aborts (a fake clock may ignore it). */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const REAL_CLOCK: Clock = { now: () => performance.now(), sleep };

export type LogLevel = 'info' | 'debug';

export type QueryValue = string | number | boolean | string[] | undefined;
export type Query = Record<string, QueryValue>;

const LIST_LIMIT = 100;
const RETRYABLE_STATUS = new Set([408, 409, 429, 500, 502, 503, 504]);

export class AdminClient {
  private readonly base: string;
  private readonly dispatcher: Dispatcher;
  private readonly pacer: Pacer;
  private inFlight = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly waitingUrgent: (() => void)[] = [];
  private readonly concurrency: number;
  private readonly timeoutMs: number;
  private readonly maxAttempts: number;
  private readonly maxRetryTimeMs: number;
  private readonly random: () => number;
  private readonly clock: Clock;

  constructor(private readonly options: ClientOptions) {
    this.base = options.baseUrl.replace(/\/+$/, '');
    this.concurrency = options.concurrency ?? 16;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.maxAttempts = options.maxAttempts ?? 5;
    this.maxRetryTimeMs = options.maxRetryTimeMs ?? 10 * 60_000;
    this.random = options.random ?? Math.random;
    this.clock = options.clock ?? REAL_CLOCK;
    this.pacer = new Pacer({ maxRpm: options.maxRpm ?? 0, now: this.clock.now, sleep: this.clock.sleep });
    this.dispatcher = makeDispatcher(this.concurrency, options.env);
  }

  /** The base URL requests go to (no credentials in it: env-check refuses those). */
  get baseUrl(): string {
    return this.base;
  }

  get<T>(p: ApiPath, query?: Query): Promise<T> {
    return this.send<T>('GET', p, { query, idempotent: true });
  }

  /** `idempotent: false` for creates: an unknown outcome is reported, never blindly re-sent. */
  post<T>(p: ApiPath, body: unknown, opts: { idempotent: boolean }): Promise<T> {
    return this.send<T>('POST', p, { body, idempotent: opts.idempotent });
  }

  delete<T>(p: ApiPath): Promise<T> {
    return this.send<T>('DELETE', p, { idempotent: true });
  }

  /**
   * Every item of a cursor-paginated list, in the list's own style: `last_id` (the default,
   * ConversationCursorPage) or `next` (NextCursorPage: groups, roles, role assignments).
   */
  async list<T extends { id?: string }>(p: ApiPath, query: Query = {}, opts: { cursor?: CursorStyle } = {}): Promise<T[]> {
    const chain = new PageChain<T>(this.base, `GET ${p.template}`, LIST_LIMIT, opts.cursor ?? 'last_id');
    let after: string | undefined;
    for (;;) {
      // A next page is a link in a chain (it needs the previous page's cursor): it goes ahead of
      // the independent reads queued for a slot, or a long list ends the whole read late.
      const page = await this.send<unknown>('GET', p, {
        query: { ...query, limit: LIST_LIMIT, after },
        idempotent: true,
        urgent: after !== undefined,
      });
      const cursor = chain.take(page);
      if (cursor === null) return chain.items;
      after = cursor;
    }
  }

  /**
   * Whether a key's `redacted_value` (e.g. `sk-admin...abcd`) could be the key in use: how
   * orgform finds who owns it without the key ever leaving this class.
   */
  isKeyInUse(redacted: string): boolean {
    const [prefix, suffix, ...rest] = redacted.split('...');
    if (prefix === undefined || suffix === undefined || rest.length > 0 || prefix.length + suffix.length < 6) return false;
    const key = this.options.adminKey;
    return key.length > prefix.length + suffix.length && key.startsWith(prefix) && key.endsWith(suffix);
  }

  async close(): Promise<void> {
    await this.dispatcher.close();
  }

  private async send<T>(
    method: string,
    p: ApiPath,
    opts: { query?: Query; body?: unknown; idempotent: boolean; urgent?: boolean },
  ): Promise<T> {
    const url = this.base + p.path + encodeQuery(opts.query);
    const endpoint = `${method} ${p.template}`;
    const firstAt = this.clock.now();
    let last: ApiError | undefined;
    this.options.onEvent?.({ type: 'queued', method, endpoint });
    try {
      for (let attempt = 1; ; attempt++) {
        const outcome = await this.attempt(method, url, p.path, endpoint, attempt, opts);
        if (outcome.ok) return outcome.value as T;
        const error = (last = outcome.error);
        // The server's x-should-retry decides over the status; true also vouches that nothing was done.
        const canRetry =
          (outcome.shouldRetry ?? outcome.retryable) &&
          (opts.idempotent || !error.outcomeUnknown || outcome.shouldRetry === true) &&
          (outcome.throttled || attempt < this.maxAttempts);
        if (!canRetry) throw error;
        // A throttled retry waits its turn in the pacer; anything else sleeps the server's wait or a back-off.
        const waitMs = outcome.throttled ? outcome.waitMs ?? 0 : outcome.waitMs ?? this.backoff(attempt);
        const elapsed = this.clock.now() - firstAt;
        if (elapsed + waitMs > this.maxRetryTimeMs) throw this.pastDeadline(error, attempt, elapsed + waitMs);
        this.debug(`${method} ${p.path} → ${error.status || `no response (${error.apiMessage})`}: attempt ${attempt + 1} in ${(waitMs / 1000).toFixed(1)} s`);
        this.options.onEvent?.({
          type: 'wait',
          cause: outcome.throttled ? 'throttled' : 'retry',
          method,
          path: p.path,
          waitMs,
          attempt: attempt + 1,
          status: error.status,
          pace: this.pacer.paceOf(endpoint),
        });
        if (!outcome.throttled) await this.clock.sleep(waitMs, this.options.signal);
      }
    } catch (error) {
      if (this.options.signal?.aborted && !(error instanceof ApiError)) throw this.interrupted(method, p.path, last);
      throw error;
    } finally {
      this.options.onEvent?.({ type: 'settled', method, endpoint });
    }
  }

  /** The retry deadline: the error says it was hit, and what it was. */
  private pastDeadline(error: ApiError, attempts: number, atMs: number): ApiError {
    const deadline = seconds(this.maxRetryTimeMs);
    return new ApiError({
      ...error,
      apiMessage: `${error.apiMessage} (gave up after ${attempts} attempt${attempts === 1 ? '' : 's'}: the next would start after ${seconds(atMs)}, past the retry deadline of ${deadline})`,
    });
  }

  private interrupted(method: string, path: string, last: ApiError | undefined): ApiError {
    return new ApiError({
      status: last?.status ?? 0,
      method,
      path,
      apiMessage: last ? `interrupted while waiting to retry (last answer: ${last.apiMessage})` : 'interrupted before it was sent',
      requestId: last?.requestId ?? null,
      outcomeUnknown: last?.outcomeUnknown ?? false,
    });
  }

  private async attempt(
    method: string,
    url: string,
    path: string,
    endpoint: string,
    attempt: number,
    opts: { body?: unknown; idempotent: boolean; urgent?: boolean },
  ): Promise<AttemptOutcome> {
    const startedAt = await this.takeTurn(method, path, endpoint, attempt, opts.urgent ?? false);
    let response: Dispatcher.ResponseData;
    try {
      response = await request(url, {
        method: method as Dispatcher.HttpMethod,
        dispatcher: this.dispatcher,
        headers: this.headers(opts.body !== undefined),
        body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
        headersTimeout: this.timeoutMs,
        bodyTimeout: this.timeoutMs,
      });
    } catch (cause) {
      this.leave();
      // Refused before anything was sent: safe to retry even a create.
      const notSent = isConnectRefused(cause);
      const message = this.failureMessage(cause);
      return {
        ok: false,
        retryable: true,
        throttled: false,
        error: new ApiError({ status: 0, method, path, apiMessage: message, requestId: null, outcomeUnknown: !notSent }),
      };
    }
    let text: string;
    try {
      text = await response.body.text();
    } catch (cause) {
      this.leave();
      const message = this.failureMessage(cause);
      return {
        ok: false,
        retryable: true,
        throttled: false,
        error: new ApiError({ status: 0, method, path, apiMessage: message, requestId: null, outcomeUnknown: true }),
      };
    }
    this.leave();
    const requestId = headerValue(response.headers['x-request-id']);
    const status = response.statusCode;
    if (status >= 200 && status < 300) {
      this.pacer.onSuccess(endpoint);
      return { ok: true, value: this.parseSuccess(text, endpoint) };
    }
    const body = parseErrorBody(text);
    // A 4xx that is not the OpenAI error object is another server (a proxy, a web page): no retry.
    if (!body.isApiError && status >= 400 && status < 500 && !RETRYABLE_STATUS.has(status)) {
      throw new UnexpectedAnswerError(this.base, endpoint, `answered ${status} with ${this.redact(body.message)}`);
    }
    const throttled = status === 429;
    const signals = retrySignals(response.headers, body.message);
    let waitMs = signals.waitMs;
    if (throttled) {
      // The pacer holds the endpoint's next slot; the retry then waits its turn in acquire().
      waitMs = this.pacer.onThrottled(endpoint, startedAt, signals.waitMs);
      this.debug(`${method} ${path} → 429${signals.waitMs === undefined ? '' : ` (server: wait ${Math.round(signals.waitMs)} ms)`}; ${this.pacer.describe(endpoint)}`);
    }
    return {
      ok: false,
      retryable: RETRYABLE_STATUS.has(status) || status >= 500,
      throttled,
      waitMs,
      ...(signals.shouldRetry === undefined ? {} : { shouldRetry: signals.shouldRetry }),
      error: new ApiError({
        status,
        method,
        path,
        apiMessage: this.redact(body.message),
        requestId,
        code: body.code,
        param: body.param,
        // A 5xx or 408 after sending may have done the work; any other 4xx (a 429, a refusal) did not.
        outcomeUnknown: status === 408 || status >= 500,
      }),
    };
  }

  /**
   * Paced first, then a concurrency slot: a request waiting out its endpoint's pace must not hold
   * a slot another endpoint could use. If the endpoint was slowed down while this request waited
   * for its slot, it goes back to wait its pace: it must not go out on a stale turn.
   */
  private async takeTurn(method: string, path: string, endpoint: string, attempt: number, urgent: boolean): Promise<number> {
    for (;;) {
      const waitMs = this.options.onEvent ? this.pacer.waitFor(endpoint) : 0;
      if (waitMs > 0) this.options.onEvent?.({ type: 'wait', cause: 'paced', method, path, waitMs, attempt, pace: this.pacer.paceOf(endpoint) });
      const startedAt = await this.pacer.acquire(endpoint, this.options.signal);
      await this.enter(urgent);
      if (this.options.signal?.aborted) {
        this.leave();
        this.options.signal.throwIfAborted();
      }
      if (!this.pacer.slowedSince(endpoint, startedAt)) return startedAt;
      this.leave();
    }
  }

  /** A success is a JSON object (or empty): anything else is not the Admin API answering. */
  private parseSuccess(text: string, endpoint: string): unknown {
    if (text === '') return null;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new UnexpectedAnswerError(this.base, endpoint, `a success that is not JSON: ${this.redact(shorten(text))}`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new UnexpectedAnswerError(this.base, endpoint, `a success that is not a JSON object: ${this.redact(shorten(text))}`);
    }
    return value;
  }

  private headers(hasBody: boolean): Record<string, string> {
    const headers: Record<string, string> = {
      authorization: `Bearer ${this.options.adminKey}`,
      accept: 'application/json',
      'user-agent': `orgform/${VERSION}`,
    };
    if (hasBody) headers['content-type'] = 'application/json';
    return headers;
  }

  /** Exponential back-off with jitter: 0.5 s, 1 s, 2 s … capped at 8 s, minus up to 25 %. */
  private backoff(attempt: number): number {
    return Math.min(500 * 2 ** (attempt - 1), 8000) * (1 - this.random() * 0.25);
  }

  private debug(line: string): void {
    if (this.options.logLevel !== 'debug') return;
    (this.options.log ?? ((text: string) => process.stderr.write(text)))(`orgform debug: ${line}\n`);
  }

  /** Why a request got no answer: the timeout in plain words, else the transport's message. */
  private failureMessage(cause: unknown): string {
    const limit = seconds(this.timeoutMs);
    switch (timeoutKind(cause)) {
      case 'headers':
        return `no answer within ${limit} (the per-request timeout)`;
      case 'body':
        return `the answer stalled for ${limit} (the per-request timeout)`;
      case undefined:
        return this.redact(cause instanceof Error ? cause.message : String(cause));
    }
  }

  private redact(message: string): string {
    return this.options.adminKey ? message.split(this.options.adminKey).join('[redacted]') : message;
  }

  /** A concurrency slot: taken now if one is free, or handed over by leave() in queue order. */
  private async enter(urgent: boolean): Promise<void> {
    if (this.inFlight < this.concurrency) {
      this.inFlight++;
      return;
    }
    await new Promise<void>((resolve) => (urgent ? this.waitingUrgent : this.waiting).push(resolve));
  }

  private leave(): void {
    const next = this.waitingUrgent.shift() ?? this.waiting.shift();
    if (next) next();
    else this.inFlight--;
  }
}

type AttemptOutcome =
  | { ok: true; value: unknown }
  | { ok: false; retryable: boolean; throttled: boolean; waitMs?: number; shouldRetry?: boolean; error: ApiError };

function seconds(ms: number): string {
  return ms >= 120_000 ? `${(ms / 60_000).toFixed(ms % 60_000 ? 1 : 0)} min` : `${(ms / 1000).toFixed(1)} s`;
}
