/**
 * Per-API-key token buckets (docs/protocol.md §9.2): `perMinute` requests a minute on average,
 * bursts up to `burst`. The clock is injectable for tests.
 */
export interface RateLimitOptions {
  perMinute: number;
  burst: number;
  now?: () => number;
}

export interface RateDecision {
  allowed: boolean;
  headers: Record<string, string>;
  /** Seconds until a request would be allowed again (when refused). */
  retryAfter: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly perMs: number;
  private readonly now: () => number;

  constructor(private readonly options: RateLimitOptions) {
    this.perMs = options.perMinute / 60_000;
    this.now = options.now ?? Date.now;
  }

  take(key: string): RateDecision {
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.options.burst, at: now };
    bucket.tokens = Math.min(this.options.burst, bucket.tokens + (now - bucket.at) * this.perMs);
    bucket.at = now;
    const allowed = bucket.tokens >= 1;
    if (allowed) bucket.tokens -= 1;
    this.buckets.set(key, bucket);
    const fullInMs = (this.options.burst - bucket.tokens) / this.perMs;
    const retryAfter = allowed ? 0 : Math.max(1, Math.ceil((1 - bucket.tokens) / this.perMs / 1000));
    return {
      allowed,
      retryAfter,
      headers: {
        'X-RateLimit-Limit': String(this.options.perMinute),
        'X-RateLimit-Remaining': String(Math.floor(bucket.tokens)),
        'X-RateLimit-Reset': String(Math.ceil((now + fullInMs) / 1000)),
      },
    };
  }
}
