/** Outcome of one attempt against a `RateLimiter`. */
export type RateDecision = { readonly allowed: true } | { readonly allowed: false; readonly retryAfterSeconds: number };

export interface RateLimiterOptions {
  /** Attempts allowed per key within one window. */
  readonly limit: number;
  readonly windowMs: number;
  /** Injected clock for tests. */
  readonly now?: () => number;
}

/**
 * In-memory sliding-window limiter (two fixed windows, the previous one
 * weighted by how much of it still overlaps), per process.
 *
 * Guarantees: for any key, at most about `limit` attempts are allowed in any
 * `windowMs` span; memory is bounded by the keys seen in the last two windows
 * (older ones are swept by an unref'ed timer). Per-node only: in a cluster
 * the effective limit is `limit` × nodes, acceptable for brute-force damping.
 */
export class RateLimiter {
  readonly #limit: number;
  readonly #windowMs: number;
  readonly #now: () => number;
  #windowStart: number;
  #current = new Map<string, number>();
  #previous = new Map<string, number>();
  #sweeper: NodeJS.Timeout | undefined;

  constructor(options: RateLimiterOptions) {
    if (!(options.limit >= 1) || !(options.windowMs > 0)) throw new RangeError("limit must be >= 1 and windowMs > 0");
    this.#limit = options.limit;
    this.#windowMs = options.windowMs;
    this.#now = options.now ?? Date.now;
    this.#windowStart = this.#alignedStart(this.#now());
    this.#sweeper = setInterval(() => this.#roll(this.#now()), this.#windowMs);
    this.#sweeper.unref();
  }

  /** Records an attempt for `key` and says whether it may proceed. */
  attempt(key: string): RateDecision {
    const now = this.#now();
    this.#roll(now);
    const elapsed = (now - this.#windowStart) / this.#windowMs;
    const current = this.#current.get(key) ?? 0;
    const estimate = (this.#previous.get(key) ?? 0) * (1 - elapsed) + current;
    if (estimate >= this.#limit) {
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((this.#windowStart + this.#windowMs - now) / 1000)) };
    }
    this.#current.set(key, current + 1);
    return { allowed: true };
  }

  /** Stops the sweeper; idempotent. */
  close(): void {
    if (this.#sweeper) clearInterval(this.#sweeper);
    this.#sweeper = undefined;
    this.#current.clear();
    this.#previous.clear();
  }

  #alignedStart(now: number): number {
    return now - (now % this.#windowMs);
  }

  #roll(now: number): void {
    const start = this.#alignedStart(now);
    if (start === this.#windowStart) return;
    const skippedWholeWindow = start - this.#windowStart > this.#windowMs;
    this.#previous = skippedWholeWindow ? new Map() : this.#current;
    this.#current = new Map();
    this.#windowStart = start;
  }
}
