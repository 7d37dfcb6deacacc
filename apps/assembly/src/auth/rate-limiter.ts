/** Whether a key may try again now. */
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
 * Callers `hit` only what should be limited (failed logins, unknown tokens),
 * so a venue of 3,000 people behind one NAT address can all sign in at 16:00
 * while guessing from that address is still damped.
 *
 * Guarantees: once about `limit` hits for a key fall within any `windowMs`
 * span, `check` refuses the key until they age out; memory is bounded by the
 * keys hit in the last two windows (older ones are swept by an unref'ed
 * timer). Per-node only: in a cluster the effective limit is `limit` × nodes,
 * acceptable for brute-force damping.
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

  /** Whether `key` may try now; does not count as a hit. */
  check(key: string): RateDecision {
    const now = this.#now();
    this.#roll(now);
    const elapsed = (now - this.#windowStart) / this.#windowMs;
    const estimate = (this.#previous.get(key) ?? 0) * (1 - elapsed) + (this.#current.get(key) ?? 0);
    if (estimate < this.#limit) return { allowed: true };
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((this.#windowStart + this.#windowMs - now) / 1000)) };
  }

  /** Counts one limited event for `key`. */
  hit(key: string): void {
    this.#roll(this.#now());
    this.#current.set(key, (this.#current.get(key) ?? 0) + 1);
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
