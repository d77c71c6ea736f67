// Client-side pacing per endpoint, after the AWS SDKs' "adaptive" retry mode (our own code): an
// endpoint is unpaced until its first 429; then it gets a pace, cut by a factor on each throttle
// and regrown over time on a cubic curve: quickly back towards the rate that was throttled, a
// flat stretch there, then probing above it. So a sporadic 429 costs seconds, and a budget is
// found and then held with a 429 every few dozen requests. Each endpoint has its own state.
//
// Where the admin endpoints differ from AWS's: budgets are per minute (7-10 requests a minute),
// so a pace under one a second is bounded by what got through in the last minute, and the
// regrowth takes a number of the endpoint's own intervals (minutes at 10 a minute, milliseconds
// at hundreds a second), not a fixed number of seconds. A server's hint says when the next
// request may start, and bounds the rate from above (a bucket that needs `hint` ms for its next
// token refills no faster than one per `hint`).

const WINDOW_MS = 60_000;
/** The cut on a throttle: the new rate is this share of the rate that was throttled. */
const BETA = 0.8;
/**
 * The regrowth back to the throttled rate takes this many of its intervals, within bounds: many
 * for a per-minute budget (few probes, so few 429s), few for a fast endpoint (where 429s that
 * come every 25 requests, say, must not ratchet the pace down faster than it regrows).
 */
const REGROW_INTERVALS = 30;
const REGROW_INTERVALS_FAST = 8;
const REGROW_MIN_MS = 50;
const REGROW_MAX_MS = 300_000;
/**
 * Never slower than one request a minute. A first 429 never slows an endpoint below one a
 * second, and when that floor is what it comes to (a quiet endpoint), it regrows in seconds.
 */
const MIN_RATE = 1 / 60;
const SPORADIC_RATE = 1;
const SPORADIC_REGROW_MS = 3_000;
/** The longest hold after a first 429 (a round trip, but the start time includes queueing). */
const FIRST_HOLD_MS = 100;
/** Under this many a second, an endpoint's budget is counted in what got through per minute. */
const SLOW_RATE = 5;
/** Successes are counted over at least this long, so a burst does not read as a huge rate. */
const MIN_SPAN_MS = 50;

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export interface PacerOptions {
  /** The cap set by --max-rpm (per endpoint), 0 when uncapped. */
  maxRpm?: number;
  now?: () => number;
  sleep?: Sleep;
}

interface EndpointState {
  /** Requests per second once throttled; Infinity until the first 429. */
  rate: number;
  /** The last start handed out, and no start before `holdUntil` (a throttle or a server hint). */
  lastStartAt: number;
  holdUntil: number;
  /** Requests waiting for a start, first come first served; `timer` counts schedules. */
  waiters: { resolve: (startedAt: number) => void; reject: (reason: unknown) => void }[];
  timer: number;
  /** The rate when last throttled, and when that was (−Infinity: never). */
  throttledRate: number;
  throttledAt: number;
  /** The first throttle after a minute without one (the server's bucket was empty then), and successes since. */
  episodeAt: number;
  episodeSuccesses: number;
  /** How long the regrowth back to `throttledRate` takes. */
  regrowMs: number;
  /** Start times of successes, and of every request, in the last window. */
  successes: number[];
  sends: number[];
  firstAt: number;
  throttles: number;
  /** Whether the last throttle came with a server hint (how long to wait). */
  hinted: boolean;
}

/** An endpoint's pacing as data, for whoever shows it (the CLI's progress). */
export interface PaceState {
  endpoint: string;
  /** Requests a minute now; null while unpaced. */
  perMinute: number | null;
  /** What sets the pace: --max-rpm, or 429s (`hinted`: the last one said how long to wait). */
  cause: 'max-rpm' | 'throttled' | 'hinted' | null;
  throttles: number;
  /** Until the endpoint's next start, ms (0: now), and the requests waiting for a start. */
  nextInMs: number;
  waiting: number;
}

export class Pacer {
  private readonly endpoints = new Map<string, EndpointState>();
  private readonly maxRate: number;
  private readonly now: () => number;
  private readonly sleep: Sleep;

  constructor(options: PacerOptions = {}) {
    this.maxRate = options.maxRpm ? options.maxRpm / 60 : Infinity;
    // A high-resolution clock: "started before the slow-down" must not tie within one millisecond.
    this.now = options.now ?? (() => performance.now());
    this.sleep = options.sleep ?? sleep;
  }

  /**
   * Resolves when a request to `endpoint` may start, books its slot and returns the start time.
   * Waiters are served in order, one per interval at the pace of the moment they are served.
   */
  acquire(endpoint: string, signal?: AbortSignal): Promise<number> {
    signal?.throwIfAborted();
    const state = this.state(endpoint);
    const now = this.now();
    if (state.waiters.length === 0 && now >= this.nextStart(state)) {
      this.started(state, now);
      return Promise.resolve(now);
    }
    return new Promise((resolve, reject) => {
      const waiter = {
        resolve: (startedAt: number) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(startedAt);
        },
        reject,
      };
      const onAbort = () => {
        state.waiters.splice(state.waiters.indexOf(waiter), 1);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      state.waiters.push(waiter);
      if (state.waiters.length === 1) this.schedule(state);
    });
  }

  onSuccess(endpoint: string): void {
    const state = this.state(endpoint);
    const now = this.now();
    state.successes.push(now);
    state.episodeSuccesses++;
    while ((state.successes[0] ?? now) < now - WINDOW_MS) state.successes.shift();
    if (state.rate === Infinity) return;
    if (state.waiters.length > 0) this.schedule(state); // a faster pace brings the next start forward
    // Time-based regrowth, but never past twice what actually gets through (an endpoint with
    // little demand must not bank a rate it never tried), unless that is under the rate that was
    // throttled (a quiet endpoint must not be held below it).
    const demand = Math.max(2 * this.rateOf(state.successes, state, now), state.throttledRate);
    state.rate = Math.max(MIN_RATE, Math.min(this.cubic(state, now), demand));
  }

  /**
   * A 429 for a request that started at `startedAt`. A server hint sets the next start; the pace
   * is cut to BETA of the rate that was throttled. A request that started before the last cut
   * tells nothing new. Returns the wait before the endpoint's next start, ms.
   */
  onThrottled(endpoint: string, startedAt: number, hintMs?: number): number {
    const state = this.state(endpoint);
    const now = this.now();
    if (hintMs !== undefined) state.holdUntil = Math.max(state.holdUntil, now + hintMs);
    state.hinted = hintMs !== undefined && hintMs > 0;
    // "Retry after 0": the server asks for no slowing down.
    if (startedAt >= state.throttledAt && hintMs !== 0) {
      state.throttles++;
      if (now - state.throttledAt > WINDOW_MS) {
        state.episodeAt = now;
        state.episodeSuccesses = 0;
      }
      let throttled = this.throttledRate(state, now);
      const quiet = state.rate === Infinity && throttled <= SPORADIC_RATE / BETA && hintMs === undefined;
      if (state.rate === Infinity) {
        // A first 429 may be sporadic: it never slows an unpaced endpoint below SPORADIC_RATE.
        throttled = Math.max(throttled, SPORADIC_RATE / BETA);
        // Unpaced, other requests are in flight: hold for about a round trip so their answers
        // (429s too, if this is a budget) come back before more go out on a guessed pace.
        state.holdUntil = Math.max(state.holdUntil, now + Math.min(FIRST_HOLD_MS, now - startedAt));
      }
      if (hintMs !== undefined && hintMs > 0) throttled = Math.min(throttled, 1000 / hintMs);
      state.throttledRate = Math.min(this.maxRate, Math.max(MIN_RATE, throttled));
      state.throttledAt = now;
      const intervals = state.throttledRate < SLOW_RATE ? REGROW_INTERVALS : REGROW_INTERVALS_FAST;
      state.regrowMs = quiet
        ? SPORADIC_REGROW_MS
        : Math.min(REGROW_MAX_MS, Math.max(REGROW_MIN_MS, (intervals * 1000) / state.throttledRate));
      state.rate = Math.max(MIN_RATE, BETA * state.throttledRate);
      // The bucket is empty now: the next request waits at least one interval.
      state.holdUntil = Math.max(state.holdUntil, now + this.intervalOf(endpoint));
    }
    return Math.max(0, this.nextStart(state) - now);
  }

  /** Whether the endpoint was slowed down after `time` (a turn taken before then is stale). */
  slowedSince(endpoint: string, time: number): boolean {
    return this.state(endpoint).throttledAt > time;
  }

  /** The current spacing between request starts for an endpoint, ms (0 = unpaced). */
  intervalOf(endpoint: string): number {
    const rate = Math.min(this.maxRate, this.state(endpoint).rate);
    return rate === Infinity ? 0 : 1000 / rate;
  }

  /** How long a request to `endpoint` queued now would wait for its start, ms. */
  waitFor(endpoint: string): number {
    const state = this.state(endpoint);
    return Math.max(0, this.nextStart(state) - this.now()) + state.waiters.length * this.intervalOf(endpoint);
  }

  /** The endpoint's pacing now, as data. */
  paceOf(endpoint: string): PaceState {
    const state = this.state(endpoint);
    const rate = Math.min(this.maxRate, state.rate);
    return {
      endpoint,
      perMinute: rate === Infinity ? null : rate * 60,
      cause: rate === Infinity ? null : this.maxRate <= state.rate ? 'max-rpm' : state.hinted ? 'hinted' : 'throttled',
      throttles: state.throttles,
      nextInMs: Math.max(0, this.nextStart(state) - this.now()),
      waiting: state.waiters.length,
    };
  }

  /** One line of state for the debug log. */
  describe(endpoint: string): string {
    const state = this.state(endpoint);
    const now = this.now();
    const perMin = (rate: number) => (rate === Infinity ? 'unpaced' : `${(rate * 60).toFixed(1)}/min`);
    const parts = [
      `pace ${perMin(Math.min(this.maxRate, state.rate))}`,
      `${state.successes.filter((t) => t >= now - WINDOW_MS).length} ok in the last 60 s`,
      `${state.throttles} throttled`,
    ];
    if (state.throttledAt > -Infinity) {
      parts.push(`last at ${perMin(state.throttledRate)} ${((now - state.throttledAt) / 1000).toFixed(1)} s ago, regrow over ${(state.regrowMs / 1000).toFixed(0)} s`);
    }
    const next = this.nextStart(state);
    if (next > now) parts.push(`next in ${((next - now) / 1000).toFixed(1)} s`);
    if (state.waiters.length > 0) parts.push(`${state.waiters.length} waiting`);
    return `${endpoint}: ${parts.join(', ')}`;
  }

  private started(state: EndpointState, now: number): void {
    state.lastStartAt = now;
    state.sends.push(now);
    while ((state.sends[0] ?? now) < now - WINDOW_MS) state.sends.shift();
  }

  private nextStart(state: EndpointState): number {
    const rate = Math.min(this.maxRate, state.rate);
    return Math.max(state.holdUntil, rate === Infinity ? 0 : state.lastStartAt + 1000 / rate);
  }

  /** Wakes at the next start and serves the first waiter; a later schedule supersedes this one. */
  private schedule(state: EndpointState): void {
    const timer = ++state.timer;
    const wait = this.nextStart(state) - this.now();
    void this.sleep(Math.max(0, wait)).then(() => {
      if (timer !== state.timer) return;
      const now = this.now();
      if (now < this.nextStart(state)) return this.schedule(state);
      const waiter = state.waiters.shift();
      if (!waiter) return;
      this.started(state, now);
      waiter.resolve(now);
      if (state.waiters.length > 0) this.schedule(state);
    });
  }

  /**
   * The rate that was throttled: the pace, or, unpaced, the rate requests were sent at. Bounded,
   * for a slow endpoint (a per-minute budget) or early in an episode, by what got through since
   * the server's bucket ran dry: that is the server's refill rate, where cutting the pace by
   * BETA per 429 would take a 429 storm to get there. Nothing through yet: under one per twice
   * the time waited so far (the next try then comes at about three times it).
   */
  private throttledRate(state: EndpointState, now: number): number {
    if (state.rate === Infinity) return this.rateOf(state.sends, state, now);
    if (state.rate >= SLOW_RATE && state.episodeSuccesses > 1) return state.rate;
    // Up to the last success: the time since then says nothing more about the refill.
    const until = state.episodeSuccesses > 0 ? (state.successes.at(-1) ?? now) : now;
    const refill = Math.max(1, state.episodeSuccesses) / (Math.max(MIN_SPAN_MS, until - state.episodeAt) / 1000);
    // One of the last minute's successes may have spent a token saved up while the pace was lower.
    const lastMinute = state.rate < SLOW_RATE ? this.rateOf(state.successes, state, now, WINDOW_MS, 1) : Infinity;
    return Math.min(state.rate, refill, lastMinute);
  }

  /** W(t) = Wmax + C·(t − K)³ with W(0) = BETA·Wmax and W(K) = Wmax, capped by --max-rpm. */
  private cubic(state: EndpointState, now: number): number {
    const k = state.regrowMs;
    const c = (state.throttledRate * (1 - BETA)) / k ** 3;
    return Math.min(this.maxRate, state.throttledRate + c * (now - state.throttledAt - k) ** 3);
  }

  /**
   * Successes per second over the last REGROW_INTERVALS intervals at the current pace (at least
   * a second, at most a minute, and not before the endpoint's first request).
   */
  private rateOf(times: number[], state: EndpointState, now: number, window = this.windowOf(state), less = 0): number {
    const span = Math.max(MIN_SPAN_MS, Math.min(window, now - state.firstAt));
    return Math.max(0, times.filter((t) => t >= now - span).length - less) / (span / 1000);
  }

  private windowOf(state: EndpointState): number {
    return state.rate === Infinity ? WINDOW_MS : Math.min(WINDOW_MS, Math.max(1000, (REGROW_INTERVALS * 1000) / state.rate));
  }

  private state(endpoint: string): EndpointState {
    let state = this.endpoints.get(endpoint);
    if (!state) {
      state = {
        rate: Infinity,
        lastStartAt: -Infinity,
        holdUntil: 0,
        waiters: [],
        timer: 0,
        throttledRate: 0,
        throttledAt: -Infinity,
        episodeAt: 0,
        episodeSuccesses: 0,
        regrowMs: REGROW_MIN_MS,
        successes: [],
        sends: [],
        firstAt: this.now(),
        throttles: 0,
        hinted: false,
      };
      this.endpoints.set(endpoint, state);
    }
    return state;
  }
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason as Error);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
