// A virtual-time simulation of the client's pacing loop against a throttling server, so the
// pacer's behaviour over minutes is tested in milliseconds: `concurrency` requests in flight,
// each paced by the Pacer, answered after `latencyMs`, retried after a 429.
import { Pacer } from '../../../src/providers/openai/pacer.js';

export class VirtualClock {
  now = 0;
  private timers: { at: number; seq: number; resolve: () => void }[] = [];
  private seq = 0;
  readonly sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = { at: this.now + Math.max(0, ms), seq: this.seq++, resolve };
      let lo = 0;
      let hi = this.timers.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((this.timers[mid] as { at: number }).at <= timer.at) lo = mid + 1;
        else hi = mid;
      }
      this.timers.splice(lo, 0, timer);
    });

  /** Runs timers in time order until none are left. */
  async run(): Promise<void> {
    for (;;) {
      await new Promise((resolve) => setImmediate(resolve));
      if (this.timers.length === 0) return;
      const next = this.timers.shift() as { at: number; resolve: () => void };
      this.now = Math.max(this.now, next.at);
      next.resolve();
    }
  }
}

/** What the server says to a request that reaches it at `now`: ok, or a 429 with an optional hint. */
export type Server = (endpoint: string, now: number) => { ok: true } | { ok: false; hintMs?: number };

/** A token bucket per endpoint, like the emulator's throttle; `hint` adds the time to the next token. */
export function bucketServer(perMinute: number, burst: number, hint: boolean): Server {
  const buckets = new Map<string, { tokens: number; at: number }>();
  return (endpoint, now) => {
    const b = buckets.get(endpoint) ?? { tokens: burst, at: now };
    b.tokens = Math.min(burst, b.tokens + ((now - b.at) / 60_000) * perMinute);
    b.at = now;
    buckets.set(endpoint, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return { ok: true };
    }
    return hint ? { ok: false, hintMs: ((1 - b.tokens) / perMinute) * 60_000 } : { ok: false };
  };
}

/** A 429 without a hint for a share `p` of requests, drawn from a seeded generator. */
export function randomServer(p: number, seed = 1): Server {
  let s = seed;
  const random = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  return () => (random() < p ? { ok: false } : { ok: true });
}

export interface SimResult {
  wallMs: number;
  requests: number;
  throttled: number;
  pacer: Pacer;
}

export async function simulate(opts: {
  jobs: string[];
  server: Server;
  concurrency: number;
  latencyMs: number;
  maxRpm?: number;
}): Promise<SimResult> {
  const clock = new VirtualClock();
  const pacer = new Pacer({ maxRpm: opts.maxRpm, now: () => clock.now, sleep: clock.sleep });
  let requests = 0;
  let throttled = 0;
  let free = opts.concurrency;
  const queue: (() => void)[] = [];
  const slot = async () => {
    if (free > 0) free--;
    else await new Promise<void>((resolve) => queue.push(resolve));
  };
  const release = () => {
    const next = queue.shift();
    if (next) next();
    else free++;
  };
  // Like the client: every request is issued at once, waits its endpoint's pace, then a slot.
  const send = async (endpoint: string) => {
    for (;;) {
      const startedAt = await pacer.acquire(endpoint);
      await slot();
      // A turn taken before the endpoint was slowed down is stale: back to the pace.
      if (pacer.slowedSince(endpoint, startedAt)) {
        release();
        continue;
      }
      requests++;
      await clock.sleep(opts.latencyMs / 2);
      const answer = opts.server(endpoint, clock.now);
      await clock.sleep(opts.latencyMs / 2);
      release();
      if (answer.ok) {
        pacer.onSuccess(endpoint);
        return;
      }
      throttled++;
      pacer.onThrottled(endpoint, startedAt, answer.hintMs);
    }
  };
  const done = Promise.all(opts.jobs.map(send));
  await clock.run();
  await done;
  return { wallMs: clock.now, requests, throttled, pacer };
}

/** `perEndpoint` requests to each of `endpoints`, interleaved as the planner issues them. */
export function interleaved(endpoints: number, perEndpoint: number): string[] {
  const jobs: string[] = [];
  for (let i = 0; i < perEndpoint; i++) for (let e = 0; e < endpoints; e++) jobs.push(`GET /e${e}`);
  return jobs;
}
