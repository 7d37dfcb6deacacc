import type { Child, ChildContext, ChildSpec, RestartPolicy } from "./child.ts";
import { describeError, silentLog, type Log } from "./log.ts";
import type { SupervisionMetrics } from "./metrics.ts";

export interface SupervisorOptions {
  /** Shown in logs, errors and snapshots. */
  readonly name: string;
  /** Started in order by `start()`, stopped in reverse order by `close()`. */
  readonly children?: readonly ChildSpec[];
  /** Restart intensity: more than `maxRestarts` restarts within `windowMs` makes the supervisor give up. Defaults 3 / 5000 ms. */
  readonly maxRestarts?: number;
  readonly windowMs?: number;
  /** Delay before a restart: `initialMs · 2^(n-1)` for the n-th restart of that child within the window, capped at `maxMs`. Default: restart at once. */
  readonly backoff?: { readonly initialMs: number; readonly maxMs: number };
  /** Default time a child's `close()` may take before the supervisor moves on. Default 5000 ms. */
  readonly shutdownMs?: number;
  /** Called once when the supervisor gives up, after all its children are stopped. */
  readonly onGiveUp?: (error: SupervisorGaveUpError) => void;
  readonly log?: Log;
  readonly metrics?: SupervisionMetrics;
}

export type SupervisorState = "idle" | "starting" | "running" | "stopping" | "stopped" | "failed";

export interface ChildInfo {
  readonly id: string;
  readonly restart: RestartPolicy;
  readonly state: "starting" | "running" | "restarting";
  readonly restarts: number;
  readonly lastError?: string;
  readonly details?: Record<string, unknown>;
}

/** Raised (through `onGiveUp`) when restart intensity is exceeded. `cause` is the last child error. */
export class SupervisorGaveUpError extends Error {
  constructor(
    readonly supervisor: string,
    readonly child: string,
    options: { cause: unknown; maxRestarts: number; windowMs: number },
  ) {
    super(
      `supervisor "${supervisor}" gave up: more than ${options.maxRestarts} restarts within ${options.windowMs} ms (last: child "${child}": ${describeError(options.cause)})`,
      { cause: options.cause },
    );
    this.name = "SupervisorGaveUpError";
  }
}

interface Slot {
  readonly spec: ChildSpec;
  readonly restart: RestartPolicy;
  child: Child | undefined;
  incarnation: number;
  state: ChildInfo["state"];
  restarts: number;
  recentRestarts: number[];
  lastError: string | undefined;
  timer: NodeJS.Timeout | undefined;
}

const DEFAULTS = { maxRestarts: 3, windowMs: 5_000, shutdownMs: 5_000 };

/**
 * One-for-one supervisor: a child that crashes is closed and restarted alone,
 * according to its restart policy; its siblings are untouched.
 *
 * Guarantees:
 * - At most one incarnation of each child id runs at a time; a restart starts
 *   only after the crashed incarnation's `close()` settled (or timed out).
 * - Restart intensity: when more than `maxRestarts` restarts happen within
 *   `windowMs` (counted across all children), the supervisor stops every child
 *   in reverse start order, enters state `failed` and calls `onGiveUp`. Built
 *   with {@link Supervisor.spec}, that give-up is a crash of the supervisor in
 *   its parent, so failure propagates up the tree.
 * - `close()` stops children in reverse start order (dynamic children count
 *   as started last), waits for each (bounded by `shutdownMs`), and is
 *   idempotent. Nothing restarts once closing began.
 *
 * A supervisor is itself a {@link Child}, so trees nest.
 */
export class Supervisor implements Child {
  readonly name: string;
  readonly #initial: readonly ChildSpec[];
  readonly #maxRestarts: number;
  readonly #windowMs: number;
  readonly #backoff: SupervisorOptions["backoff"];
  readonly #shutdownMs: number;
  readonly #onGiveUp: SupervisorOptions["onGiveUp"];
  readonly #log: Log;
  readonly #metrics: SupervisionMetrics | undefined;
  readonly #slots = new Map<string, Slot>();
  readonly #pendingCloses = new Set<Promise<void>>();
  #restartTimes: number[] = [];
  #state: SupervisorState = "idle";
  #stopping: Promise<void> | undefined;

  /** A child spec that runs a nested supervisor; its give-up is reported to the parent as a crash. */
  static spec(options: SupervisorOptions & { readonly restart?: RestartPolicy }): ChildSpec {
    return {
      id: options.name,
      restart: options.restart ?? "permanent",
      start: (context) =>
        new Supervisor({
          ...options,
          onGiveUp: (error) => {
            options.onGiveUp?.(error);
            context.crash(error);
          },
        }),
    };
  }

  constructor(options: SupervisorOptions) {
    if (typeof options.name !== "string" || options.name === "") throw new TypeError("Supervisor: name must be a non-empty string");
    this.#maxRestarts = options.maxRestarts ?? DEFAULTS.maxRestarts;
    this.#windowMs = options.windowMs ?? DEFAULTS.windowMs;
    this.#shutdownMs = options.shutdownMs ?? DEFAULTS.shutdownMs;
    if (!Number.isInteger(this.#maxRestarts) || this.#maxRestarts < 0)
      throw new RangeError("Supervisor: maxRestarts must be an integer ≥ 0");
    if (!(this.#windowMs > 0)) throw new RangeError("Supervisor: windowMs must be > 0");
    if (!(this.#shutdownMs > 0)) throw new RangeError("Supervisor: shutdownMs must be > 0");
    if (options.backoff && !(options.backoff.initialMs > 0 && options.backoff.maxMs >= options.backoff.initialMs)) {
      throw new RangeError("Supervisor: backoff needs 0 < initialMs ≤ maxMs");
    }
    const ids = new Set<string>();
    for (const spec of options.children ?? []) {
      validateSpec(spec);
      if (ids.has(spec.id)) throw new Error(`Supervisor "${options.name}": duplicate child id "${spec.id}"`);
      ids.add(spec.id);
    }
    this.name = options.name;
    this.#initial = [...(options.children ?? [])];
    this.#backoff = options.backoff;
    this.#onGiveUp = options.onGiveUp;
    this.#log = options.log ?? silentLog;
    this.#metrics = options.metrics;
  }

  get state(): SupervisorState {
    return this.#state;
  }

  /** Starts the initial children in order. If one fails to start, the started ones are stopped and the error is rethrown. */
  async start(): Promise<void> {
    if (this.#state !== "idle") throw new Error(`Supervisor "${this.name}" cannot start from state ${this.#state}`);
    this.#state = "starting";
    try {
      for (const spec of this.#initial) {
        if (this.#state !== "starting") break; // closed while starting
        await this.#add(spec);
      }
    } catch (error) {
      await this.#stopAll();
      this.#state = "failed";
      throw error;
    }
    if (this.#state === "starting") this.#state = "running";
  }

  /** Adds and starts a child at run time. Rejects (and keeps nothing) on a duplicate id or a failed start. */
  async startChild(spec: ChildSpec): Promise<void> {
    validateSpec(spec);
    if (this.#state !== "running") throw new Error(`Supervisor "${this.name}" is not running (state ${this.#state})`);
    if (this.#slots.has(spec.id)) throw new Error(`Supervisor "${this.name}": child "${spec.id}" already exists`);
    try {
      await this.#add(spec);
    } catch (error) {
      const slot = this.#slots.get(spec.id);
      if (slot) await this.#remove(slot);
      throw error;
    }
  }

  /** Stops a child and forgets it; it is not restarted. */
  async terminateChild(id: string): Promise<void> {
    const slot = this.#slots.get(id);
    if (!slot) throw new Error(`Supervisor "${this.name}": no child "${id}"`);
    await this.#remove(slot);
  }

  children(): ChildInfo[] {
    return [...this.#slots.values()].map((slot) => ({
      id: slot.spec.id,
      restart: slot.restart,
      state: slot.state,
      restarts: slot.restarts,
      ...(slot.lastError === undefined ? {} : { lastError: slot.lastError }),
      ...(slot.child?.describe ? { details: slot.child.describe() } : {}),
    }));
  }

  describe(): Record<string, unknown> {
    return { name: this.name, state: this.#state, children: this.children() };
  }

  async close(): Promise<void> {
    if (this.#state === "idle") this.#state = "stopped";
    if (this.#state === "stopped" || this.#state === "failed") return this.#stopping;
    this.#state = "stopping";
    await this.#stopAll();
    this.#state = "stopped";
  }

  async #add(spec: ChildSpec): Promise<void> {
    const slot: Slot = {
      spec,
      restart: spec.restart ?? "permanent",
      child: undefined,
      incarnation: 0,
      state: "starting",
      restarts: 0,
      recentRestarts: [],
      lastError: undefined,
      timer: undefined,
    };
    this.#slots.set(spec.id, slot);
    await this.#startIncarnation(slot);
  }

  async #startIncarnation(slot: Slot): Promise<void> {
    const incarnation = ++slot.incarnation;
    slot.state = "starting";
    const context: ChildContext = {
      id: slot.spec.id,
      crash: (error) => this.#ended(slot, incarnation, "crash", error),
      exit: () => this.#ended(slot, incarnation, "exit", undefined),
    };
    const child = slot.spec.start(context);
    slot.child = child;
    await child.start();
    if (slot.incarnation === incarnation && slot.state === "starting") slot.state = "running";
  }

  #ended(slot: Slot, incarnation: number, kind: "crash" | "exit", error: unknown): void {
    if (!this.#live() || this.#slots.get(slot.spec.id) !== slot || slot.incarnation !== incarnation || slot.state === "restarting") return;
    slot.state = "restarting";
    void this.#afterEnd(slot, kind, error);
  }

  async #afterEnd(slot: Slot, kind: "crash" | "exit", error: unknown): Promise<void> {
    const id = slot.spec.id;
    if (kind === "crash") {
      slot.lastError = describeError(error);
      this.#log.warn({ supervisor: this.name, child: id, err: error }, "child crashed");
    }
    const child = slot.child;
    slot.child = undefined;
    if (child) await this.#track(this.#closeChild(slot.spec, child));
    if (this.#slots.get(id) !== slot || !this.#live()) return;
    const restart = slot.restart === "permanent" || (slot.restart === "transient" && kind === "crash");
    if (!restart) {
      this.#slots.delete(id);
      return;
    }
    const now = Date.now();
    this.#restartTimes = [...this.#restartTimes.filter((t) => t > now - this.#windowMs), now];
    if (this.#restartTimes.length > this.#maxRestarts) {
      await this.#giveUp(id, kind === "crash" ? error : new Error(`child "${id}" exited`));
      return;
    }
    slot.restarts += 1;
    slot.recentRestarts = [...slot.recentRestarts.filter((t) => t > now - this.#windowMs), now];
    this.#metrics?.restarts.inc({ child: id });
    const delay = this.#backoff ? Math.min(this.#backoff.maxMs, this.#backoff.initialMs * 2 ** (slot.recentRestarts.length - 1)) : 0;
    if (delay === 0) return this.#restart(slot);
    slot.timer = setTimeout(() => {
      slot.timer = undefined;
      void this.#restart(slot);
    }, delay);
    slot.timer.unref();
  }

  async #restart(slot: Slot): Promise<void> {
    if (!this.#live() || this.#slots.get(slot.spec.id) !== slot) return;
    try {
      await this.#startIncarnation(slot);
    } catch (error) {
      this.#ended(slot, slot.incarnation, "crash", error);
    }
  }

  #live(): boolean {
    return this.#state === "running" || this.#state === "starting";
  }

  async #giveUp(childId: string, cause: unknown): Promise<void> {
    this.#state = "failed";
    const error = new SupervisorGaveUpError(this.name, childId, {
      cause,
      maxRestarts: this.#maxRestarts,
      windowMs: this.#windowMs,
    });
    this.#log.error({ supervisor: this.name, child: childId, err: cause }, "supervisor gave up");
    this.#metrics?.giveUps.inc();
    await this.#stopAll();
    this.#onGiveUp?.(error);
  }

  async #remove(slot: Slot): Promise<void> {
    if (this.#slots.get(slot.spec.id) !== slot) return;
    this.#slots.delete(slot.spec.id);
    if (slot.timer) clearTimeout(slot.timer);
    // Bumping the incarnation makes any late crash report from this child a no-op.
    slot.incarnation += 1;
    const child = slot.child;
    slot.child = undefined;
    if (child) await this.#track(this.#closeChild(slot.spec, child));
  }

  /** Shared by close() and give-up so both wait for the same, single shutdown. */
  #stopAll(): Promise<void> {
    this.#stopping ??= (async () => {
      for (const slot of [...this.#slots.values()].reverse()) await this.#remove(slot);
      await Promise.all(this.#pendingCloses);
    })();
    return this.#stopping;
  }

  async #track(closing: Promise<void>): Promise<void> {
    this.#pendingCloses.add(closing);
    try {
      await closing;
    } finally {
      this.#pendingCloses.delete(closing);
    }
  }

  async #closeChild(spec: ChildSpec, child: Child): Promise<void> {
    const limit = spec.shutdownMs ?? this.#shutdownMs;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<"timeout">((resolve) => {
      timer = setTimeout(() => resolve("timeout"), limit);
      timer.unref();
    });
    try {
      const outcome = await Promise.race([child.close().then(() => "closed" as const), timedOut]);
      if (outcome === "timeout") this.#log.warn({ supervisor: this.name, child: spec.id, limit }, "child close timed out");
    } catch (error) {
      this.#log.warn({ supervisor: this.name, child: spec.id, err: error }, "child close failed");
    } finally {
      clearTimeout(timer);
    }
  }
}

function validateSpec(spec: ChildSpec): void {
  if (typeof spec?.id !== "string" || spec.id === "") throw new TypeError("ChildSpec: id must be a non-empty string");
  if (typeof spec.start !== "function") throw new TypeError(`ChildSpec "${spec.id}": start must be a function`);
  if (spec.restart !== undefined && !["permanent", "transient", "temporary"].includes(spec.restart)) {
    throw new TypeError(`ChildSpec "${spec.id}": restart must be permanent, transient or temporary`);
  }
  if (spec.shutdownMs !== undefined && !(spec.shutdownMs > 0)) throw new RangeError(`ChildSpec "${spec.id}": shutdownMs must be > 0`);
}
