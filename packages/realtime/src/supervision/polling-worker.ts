import type { Child, ChildSpec } from "./child.ts";
import { describeError, silentLog, type Log } from "./log.ts";
import type { SupervisionMetrics } from "./metrics.ts";
import { stableHash } from "./stable-hash.ts";

export interface PollingWorkerOptions<T> {
  /** Dataset name; used in logs and as the metrics label. */
  readonly name: string;
  /** Pause between the end of one query and the start of the next. */
  readonly intervalMs: number;
  /** Adds a uniform random 0…jitterMs to every pause, so many workers spread out. Default 0. */
  readonly jitterMs?: number;
  /** Delay before the first query. Default 0 (a new tree has data at once). */
  readonly initialDelayMs?: number;
  /** The query. The signal aborts when the worker closes. */
  readonly query: (signal: AbortSignal) => Promise<T>;
  /**
   * Called with a result that differs from the last published one. Return
   * `false` when the publish was refused (e.g. fencing): the result is then
   * offered again on the next change check instead of being treated as sent.
   */
  // biome-ignore lint/suspicious/noConfusingVoidType: a publish that returns nothing counts as sent
  readonly publish: (result: T) => boolean | void | Promise<boolean | void>;
  /** Consecutive failures (query or publish) after which the worker crashes. Default 3. */
  readonly maxFailures?: number;
  /** Crash report, wired to `ChildContext.crash` by {@link PollingWorker.spec}. */
  readonly onCrash: (error: unknown) => void;
  readonly log?: Log;
  readonly metrics?: SupervisionMetrics;
  /** Source of jitter; injectable for tests. */
  readonly random?: () => number;
}

export interface PolledResult<T> {
  readonly value: T;
  /** Epoch ms when the query that produced it finished. */
  readonly at: number;
}

/**
 * Runs `query` every `intervalMs` and publishes only changes.
 *
 * Guarantees:
 * - No overlap: the next query is scheduled only after the previous one (and
 *   its publish) settled, so a slow database slows the worker instead of
 *   piling up queries.
 * - Publish on change only: a result is published when its {@link stableHash}
 *   differs from the last published result (the first result always is).
 * - `last()` is the latest successful result, for a viewer that just joined.
 * - A failed query is logged and counted; after `maxFailures` consecutive
 *   failures the worker stops polling and reports a crash through `onCrash`,
 *   once. Its supervisor decides what happens next.
 * - After `close()` no query starts and no result is published; an in-flight
 *   query is aborted through its signal and awaited. Timers are unref'ed.
 */
export class PollingWorker<T> implements Child {
  readonly name: string;
  readonly #options: PollingWorkerOptions<T>;
  readonly #maxFailures: number;
  readonly #log: Log;
  #timer: NodeJS.Timeout | undefined;
  #inFlight: Promise<void> | undefined;
  #abort = new AbortController();
  #state: "idle" | "running" | "crashed" | "closed" = "idle";
  #last: PolledResult<T> | undefined;
  #publishedHash: string | undefined;
  #polls = 0;
  #errors = 0;
  #failures = 0;
  #changes = 0;
  #lastPollAt: number | undefined;
  #lastDurationMs: number | undefined;
  #lastError: string | undefined;

  /** A child spec whose incarnations report crashes to their supervisor. */
  static spec<T>(options: Omit<PollingWorkerOptions<T>, "onCrash"> & { readonly id?: string }): ChildSpec {
    return {
      id: options.id ?? options.name,
      start: (context) => new PollingWorker({ ...options, onCrash: (error) => context.crash(error) }),
    };
  }

  constructor(options: PollingWorkerOptions<T>) {
    if (typeof options.name !== "string" || options.name === "") throw new TypeError("PollingWorker: name must be a non-empty string");
    if (!(options.intervalMs > 0)) throw new RangeError(`PollingWorker "${options.name}": intervalMs must be > 0`);
    if (options.jitterMs !== undefined && !(options.jitterMs >= 0))
      throw new RangeError(`PollingWorker "${options.name}": jitterMs must be ≥ 0`);
    if (options.initialDelayMs !== undefined && !(options.initialDelayMs >= 0)) {
      throw new RangeError(`PollingWorker "${options.name}": initialDelayMs must be ≥ 0`);
    }
    const maxFailures = options.maxFailures ?? 3;
    if (!Number.isInteger(maxFailures) || maxFailures < 1)
      throw new RangeError(`PollingWorker "${options.name}": maxFailures must be an integer ≥ 1`);
    if (typeof options.query !== "function" || typeof options.publish !== "function" || typeof options.onCrash !== "function") {
      throw new TypeError(`PollingWorker "${options.name}": query, publish and onCrash must be functions`);
    }
    this.name = options.name;
    this.#options = options;
    this.#maxFailures = maxFailures;
    this.#log = options.log ?? silentLog;
  }

  async start(): Promise<void> {
    if (this.#state !== "idle") return;
    this.#state = "running";
    this.#options.metrics?.workers.inc();
    this.#schedule(this.#options.initialDelayMs ?? 0);
  }

  async close(): Promise<void> {
    if (this.#state === "closed") return;
    const wasCounted = this.#state === "running" || this.#state === "crashed";
    this.#state = "closed";
    if (wasCounted) this.#options.metrics?.workers.dec();
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#abort.abort(new Error(`PollingWorker "${this.name}" closed`));
    await this.#inFlight;
  }

  last(): PolledResult<T> | undefined {
    return this.#last;
  }

  describe(): Record<string, unknown> {
    return {
      polls: this.#polls,
      changes: this.#changes,
      errors: this.#errors,
      consecutiveFailures: this.#failures,
      lastPollAt: this.#lastPollAt ?? null,
      lastDurationMs: this.#lastDurationMs ?? null,
      lastResultAt: this.#last?.at ?? null,
      lastError: this.#lastError ?? null,
    };
  }

  #schedule(delayMs: number): void {
    if (this.#state !== "running") return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#inFlight = this.#tick().finally(() => {
        this.#inFlight = undefined;
      });
    }, delayMs);
    this.#timer.unref();
  }

  async #tick(): Promise<void> {
    const started = performance.now();
    try {
      const value = await this.#options.query(this.#abort.signal);
      if (this.#state !== "running") return;
      const at = Date.now();
      this.#last = { value, at };
      const hash = stableHash(value);
      if (hash !== this.#publishedHash) {
        const accepted = await this.#options.publish(value);
        if (accepted !== false && this.#state === "running") {
          this.#publishedHash = hash;
          this.#changes += 1;
        }
      }
      this.#failures = 0;
    } catch (error) {
      if (this.#state !== "running") return;
      this.#fail(error);
    } finally {
      const seconds = (performance.now() - started) / 1000;
      this.#polls += 1;
      this.#lastPollAt = Date.now();
      this.#lastDurationMs = seconds * 1000;
      this.#options.metrics?.pollDuration.observe({ worker: this.name }, seconds);
      this.#schedule(this.#nextDelay());
    }
  }

  #fail(error: unknown): void {
    this.#errors += 1;
    this.#failures += 1;
    this.#lastError = describeError(error);
    this.#options.metrics?.pollErrors.inc({ worker: this.name });
    this.#log.warn({ worker: this.name, failures: this.#failures, err: error }, "poll failed");
    if (this.#failures >= this.#maxFailures) {
      this.#state = "crashed";
      clearTimeout(this.#timer);
      this.#options.onCrash(error);
    }
  }

  #nextDelay(): number {
    const jitter = this.#options.jitterMs ?? 0;
    return this.#options.intervalMs + (jitter > 0 ? (this.#options.random ?? Math.random)() * jitter : 0);
  }
}
