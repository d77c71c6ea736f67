// Client-side pacing per endpoint. The admin endpoints throttle quietly: a 429 with no
// retry-after and no rate-limit headers. So each endpoint learns its own budget from the 429s it
// meets (slowing to what got through), speeds up carefully after a run of successes (10 % after
// 20 in a row), and other endpoints keep flowing meanwhile.

const WINDOW_MS = 60_000;
const SPEED_UP_AFTER = 20; // successes in a row before the interval shrinks
const SPEED_UP_FACTOR = 0.9;
const FIRST_SLOWDOWN_MS = 1000;
const ESTIMATE_MARGIN = 1.05;
const SLOW_DOWN_FACTOR = 1.25;

interface EndpointState {
  /** Minimum spacing between request starts, ms; 0 = unpaced. */
  intervalMs: number;
  nextStartAt: number;
  successesInRow: number;
  /** Start times of recent successes, for estimating the budget on a 429. */
  recent: number[];
  slowedAt: number;
}

export class Pacer {
  private readonly endpoints = new Map<string, EndpointState>();
  /** The floor set by --max-rpm (per endpoint), 0 when uncapped. */
  private readonly floorMs: number;

  // A high-resolution clock: "started before the slow-down" must not tie within one millisecond.
  constructor(
    maxRpm = 0,
    private readonly now: () => number = () => performance.now(),
    private readonly wait: (ms: number) => Promise<void> = sleep,
  ) {
    this.floorMs = maxRpm > 0 ? WINDOW_MS / maxRpm : 0;
  }

  /**
   * Resolves when a request to `endpoint` may start, books its slot and returns the start time.
   * Waiters re-check after sleeping: a 429 meanwhile may have pushed the next slot later.
   */
  async acquire(endpoint: string): Promise<number> {
    const state = this.state(endpoint);
    for (;;) {
      const now = this.now();
      if (now >= state.nextStartAt) {
        state.nextStartAt = now + state.intervalMs;
        return now;
      }
      await this.wait(state.nextStartAt - now);
    }
  }

  onSuccess(endpoint: string): void {
    const state = this.state(endpoint);
    const now = this.now();
    state.recent.push(now);
    while (state.recent.length > 0 && (state.recent[0] ?? 0) < now - WINDOW_MS) state.recent.shift();
    state.successesInRow++;
    if (state.successesInRow >= SPEED_UP_AFTER && state.intervalMs > this.floorMs) {
      state.intervalMs = Math.max(this.floorMs, state.intervalMs * SPEED_UP_FACTOR);
      state.successesInRow = 0;
    }
  }

  /**
   * A 429. When the server says how long to wait, that is the answer. When it says nothing (the
   * admin API's way), estimate the budget from what got through in the last window, and slow
   * down to it; a paced request that is still refused slows it by a quarter more.
   */
  onThrottled(endpoint: string, startedAt: number, serverWaitMs?: number): number {
    const state = this.state(endpoint);
    const now = this.now();
    if (serverWaitMs !== undefined) {
      state.nextStartAt = Math.max(state.nextStartAt, now + serverWaitMs);
      return serverWaitMs;
    }
    // Requests already in flight when we slowed down tell us nothing new.
    if (startedAt < state.slowedAt) return Math.max(0, state.nextStartAt - now);
    state.slowedAt = now;
    const okInWindow = state.recent.filter((t) => t >= now - WINDOW_MS).length;
    // A little under the budget that got through, so a bucket refilling at exactly that rate is
    // not hit on the boundary; a paced request still refused slows down by a quarter.
    const estimateMs = okInWindow > 0 ? (WINDOW_MS / okInWindow) * ESTIMATE_MARGIN : FIRST_SLOWDOWN_MS;
    state.intervalMs = Math.min(WINDOW_MS, Math.max(this.floorMs, estimateMs, state.intervalMs * SLOW_DOWN_FACTOR));
    state.successesInRow = 0;
    // The bucket is empty now: the next request waits at least one interval.
    state.nextStartAt = Math.max(state.nextStartAt, now + state.intervalMs);
    return state.nextStartAt - now;
  }

  /** Whether the endpoint was slowed down after `time` (a turn taken before then is stale). */
  slowedSince(endpoint: string, time: number): boolean {
    return this.state(endpoint).slowedAt > time;
  }

  /** The current spacing between request starts for an endpoint, ms. */
  intervalOf(endpoint: string): number {
    return this.state(endpoint).intervalMs;
  }

  private state(endpoint: string): EndpointState {
    let state = this.endpoints.get(endpoint);
    if (!state) {
      state = { intervalMs: this.floorMs, nextStartAt: 0, successesInRow: 0, recent: [], slowedAt: 0 };
      this.endpoints.set(endpoint, state);
    }
    return state;
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
