import { chunks, insertBatchRows } from "./context.ts";

interface Waiter<V> {
  readonly resolve: (value: V | undefined) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Coalesces single-key reads into one query over all their keys (per
 * `insertBatchRows`): those made in the same turn of the event loop, and while
 * a query is out, all made until it returns. In a burst every request
 * authenticates first; one query per request would cost a pool checkout, a
 * round trip and a wake-up of the database each. Each read still runs after it
 * was asked for, so it sees every write committed before the call, as a query
 * of its own would.
 */
export class BatchedLookup<V> {
  readonly #load: (keys: readonly string[]) => Promise<ReadonlyMap<string, V>>;
  #waiting = new Map<string, Waiter<V>[]>();
  #flushing = false;

  constructor(load: (keys: readonly string[]) => Promise<ReadonlyMap<string, V>>) {
    this.#load = load;
  }

  get(key: string): Promise<V | undefined> {
    return new Promise<V | undefined>((resolve, reject) => {
      if (this.#waiting.size === 0 && !this.#flushing) setImmediate(() => this.#flush());
      const waiters = this.#waiting.get(key);
      if (waiters === undefined) this.#waiting.set(key, [{ resolve, reject }]);
      else waiters.push({ resolve, reject });
    });
  }

  #flush(): void {
    const waiting = this.#waiting;
    this.#waiting = new Map();
    this.#flushing = true;
    // A load that throws at once (a store closed meanwhile) fails its readers, never the process.
    const loads = chunks([...waiting.keys()], insertBatchRows).map((keys) =>
      Promise.resolve(keys)
        .then(this.#load)
        .then(
          (found) => {
            for (const key of keys) for (const waiter of waiting.get(key) ?? []) waiter.resolve(found.get(key));
          },
          (error: unknown) => {
            for (const key of keys) for (const waiter of waiting.get(key) ?? []) waiter.reject(error);
          },
        ),
    );
    void Promise.all(loads).then(() => {
      this.#flushing = false;
      if (this.#waiting.size > 0) this.#flush();
    });
  }
}
