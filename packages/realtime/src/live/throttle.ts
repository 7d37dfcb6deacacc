/**
 * Turns "something changed" into at most one call per interval: the first change fires at once (leading edge), changes
 * during the interval collapse into one call at its end (trailing edge), and
 * the last change is never dropped. Senders throttle, receivers fetch: a
 * storm of changes costs one small notification per interval, never a
 * full state per change.
 */
export class Throttle {
  readonly #intervalMs: number;
  readonly #fire: () => void;
  #timer: NodeJS.Timeout | undefined;
  #pending = false;
  #closed = false;

  constructor(intervalMs: number, fire: () => void) {
    if (!(intervalMs > 0)) throw new RangeError("Throttle: intervalMs must be positive");
    this.#intervalMs = intervalMs;
    this.#fire = fire;
  }

  /** Something changed. */
  touch(): void {
    if (this.#closed) return;
    if (this.#timer) {
      this.#pending = true;
      return;
    }
    this.#fire();
    this.#arm();
  }

  /** Drops a pending trailing call. Idempotent. */
  close(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#pending = false;
  }

  #arm(): void {
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      if (this.#pending && !this.#closed) {
        this.#pending = false;
        this.#fire();
        this.#arm();
      }
    }, this.#intervalMs).unref();
  }
}

/** One `Throttle` per key (e.g. per topic), created on demand and dropped when idle. */
export class KeyedThrottle {
  readonly #intervalMs: number;
  readonly #fire: (key: string) => void;
  readonly #throttles = new Map<string, { throttle: Throttle; idle: NodeJS.Timeout }>();

  constructor(intervalMs: number, fire: (key: string) => void) {
    this.#intervalMs = intervalMs;
    this.#fire = fire;
  }

  touch(key: string): void {
    let entry = this.#throttles.get(key);
    if (entry) clearTimeout(entry.idle);
    else {
      entry = { throttle: new Throttle(this.#intervalMs, () => this.#fire(key)), idle: undefined as unknown as NodeJS.Timeout };
      this.#throttles.set(key, entry);
    }
    const current = entry;
    // Forget a key after two quiet intervals: its trailing call has fired by then.
    current.idle = setTimeout(
      () => {
        if (this.#throttles.get(key) === current) this.#throttles.delete(key);
      },
      this.#intervalMs * 2 + 10,
    ).unref();
    current.throttle.touch();
  }

  close(): void {
    for (const { throttle, idle } of this.#throttles.values()) {
      throttle.close();
      clearTimeout(idle);
    }
    this.#throttles.clear();
  }
}
