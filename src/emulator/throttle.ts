// Throttle mode: one token bucket per endpoint (method + route template), holding
// `requestsPerMinute` tokens and refilled continuously at requestsPerMinute / 60 per second.
// A full bucket at start allows a burst of one minute's worth.

export interface ThrottleSettings {
  requestsPerMinute: number;
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
    const capacity = this.settings.requestsPerMinute;
    const now = this.clock();
    const bucket = this.buckets.get(endpoint) ?? { tokens: capacity, updatedAt: now };
    const refill = ((now - bucket.updatedAt) / 60_000) * capacity;
    bucket.tokens = Math.min(capacity, bucket.tokens + refill);
    bucket.updatedAt = now;
    this.buckets.set(endpoint, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  /** How long until `endpoint` has a token again (0 when it has one now). */
  waitMs(endpoint: string): number {
    const bucket = this.buckets.get(endpoint);
    if (!bucket || bucket.tokens >= 1) return 0;
    return Math.ceil(((1 - bucket.tokens) * 60_000) / this.settings.requestsPerMinute);
  }
}
