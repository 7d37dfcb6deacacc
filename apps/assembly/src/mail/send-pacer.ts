/**
 * Paces sends to a rate per minute (a token bucket): a burst of at most one
 * second's worth, then one message per 60 s / rate. Mail providers throttle
 * or block senders that go faster than agreed, so the limit holds across
 * retries and restarts of the loop alike.
 */
export class SendPacer {
  readonly #perMs: number;
  readonly #burst: number;
  #tokens: number;
  #at: number;

  constructor(ratePerMinute: number, now: number) {
    if (!(ratePerMinute > 0)) throw new RangeError("the mail rate must be positive");
    this.#perMs = ratePerMinute / 60_000;
    this.#burst = Math.max(1, Math.ceil(ratePerMinute / 60));
    this.#tokens = this.#burst;
    this.#at = now;
  }

  /** Messages that may go out now. */
  available(now: number): number {
    this.#refill(now);
    return Math.floor(this.#tokens);
  }

  /** Spends `count` of what `available` allowed. */
  take(count: number, now: number): void {
    this.#refill(now);
    this.#tokens -= count;
  }

  /** Milliseconds until the next message may go out. */
  waitMs(now: number): number {
    this.#refill(now);
    return this.#tokens >= 1 ? 0 : Math.ceil((1 - this.#tokens) / this.#perMs);
  }

  #refill(now: number): void {
    this.#tokens = Math.min(this.#burst, this.#tokens + Math.max(0, now - this.#at) * this.#perMs);
    this.#at = now;
  }
}
