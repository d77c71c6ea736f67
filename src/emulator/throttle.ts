// Throttle mode: one token bucket per endpoint (method + route template), holding
// `requestsPerMinute` tokens and refilled continuously at requestsPerMinute / 60 per second.
// A full bucket at start allows a burst of one minute's worth (or `burst`).

export interface ThrottleSettings {
  requestsPerMinute: number;
  /** Bucket size; requestsPerMinute when absent. */
  burst?: number;
  /** The 429's message ends "try again after N seconds" (the time to the next token); never headers. */
  hint?: boolean;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

export class Throttle {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    readonly settings: ThrottleSettings,
    private readonly clock: () => number = Date.now,
  ) {
    if (!(settings.requestsPerMinute > 0)) throw new Error('requestsPerMinute must be > 0');
  }

  /** Takes a token for `endpoint`; false when the bucket is empty. */
  take(endpoint: string): boolean {
    const capacity = this.settings.burst ?? this.settings.requestsPerMinute;
    const rate = this.settings.requestsPerMinute;
    const now = this.clock();
    const bucket = this.buckets.get(endpoint) ?? { tokens: capacity, updatedAt: now };
    const refill = ((now - bucket.updatedAt) / 60_000) * rate;
    bucket.tokens = Math.min(capacity, bucket.tokens + refill);
    bucket.updatedAt = now;
    this.buckets.set(endpoint, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  /** After a refused take(): ms until `endpoint` has a token again. */
  msToNextToken(endpoint: string): number {
    const tokens = this.buckets.get(endpoint)?.tokens ?? 0;
    return (Math.max(0, 1 - tokens) / this.settings.requestsPerMinute) * 60_000;
  }
}
