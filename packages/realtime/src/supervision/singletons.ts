import type { PubSub, PubSubMessage } from "../pubsub/pubsub.ts";
import type { Child } from "./child.ts";
import type { Fenced } from "./fencing.ts";
import type { Acquired, Lease, LeaseStore } from "./lease-store.ts";
import { silentLog, type Log } from "./log.ts";
import { SupervisionMetrics } from "./metrics.ts";
import { rendezvousRank } from "./placement.ts";
import {
  holdsLease,
  idle,
  singletonTimings,
  transition,
  type SingletonAction,
  type SingletonEvent,
  type SingletonState,
  type SingletonTimer,
  type SingletonTimings,
} from "./singleton-state.ts";
import type { Viewers } from "./viewers.ts";
import { withTimeout } from "./with-timeout.ts";

/** What a tree factory gets: the key, its lease token, and the only sanctioned way to publish. */
export interface TreeContext {
  readonly key: string;
  readonly nodeId: string;
  /** Fencing token of the lease this incarnation runs under. */
  readonly token: number;
  /**
   * Broadcasts `{ key, token, data }` ({@link Fenced}) as `event` on `topic`
   * (default: the key), after checking that this node still holds the lease
   * with this token, locally and in the store. Resolves `false` and publishes
   * nothing when the check fails or cannot be made.
   *
   * `coalesce` names what the message is the latest value of (e.g. one of
   * several datasets on the same event): `last()` keeps one message per
   * (topic, event, coalesce), and slow subscribers' queues replace an
   * undelivered older copy with it.
   */
  publish(event: string, data: unknown, options?: string | { readonly topic?: string; readonly coalesce?: string }): Promise<boolean>;
  /** Report that the tree failed (e.g. its supervisor gave up): it is stopped and the lease released. */
  crash(error: unknown): void;
  readonly log: Log;
  readonly metrics: SupervisionMetrics;
}

/** Builds the tree for a key, typically a {@link Supervisor} wired with `onGiveUp: context.crash`. */
export type TreeFactory = (context: TreeContext) => Child;

export interface SingletonsOptions {
  /** This node's identity; the lease owner name. Unique in the cluster. */
  readonly nodeId: string;
  readonly store: LeaseStore;
  readonly pubsub: PubSub;
  readonly viewers: Viewers;
  readonly tree: TreeFactory;
  /**
   * Which viewer topics get a tree (e.g. `t => t.startsWith("dashboard:")`).
   * Required: presence reports every topic, and most must not get one.
   */
  readonly manages: (topic: string) => boolean;
  /** Lease ttl. Renewed every ttl/3. Default 3000 ms. */
  readonly ttlMs?: number;
  /** How often a node with viewers but without the lease tries to acquire it. Default ttl/3. */
  readonly retryMs?: number;
  /** How long a tree outlives its last viewer. Default 5000 ms. */
  readonly graceMs?: number;
  /**
   * Live node ids (e.g. from presence). When given, keys spread over nodes by
   * rendezvous hashing: the n-th preferred node for a key waits
   * n × `placementStepMs` before its first acquisition attempt, so the
   * preferred node wins when it is up. Without it, the first node to try wins.
   */
  readonly members?: () => readonly string[];
  /** Default retryMs / 3. */
  readonly placementStepMs?: number;
  /** Pause before a node retries a key whose tree failed. Default 5000 ms. */
  readonly failureBackoffMs?: number;
  /** Bound on stopping a tree: its `start()` settling, then its `close()`. Default 5000 ms. */
  readonly shutdownMs?: number;
  readonly log?: Log;
  readonly metrics?: SupervisionMetrics;
}

export interface SingletonInfo {
  readonly key: string;
  /** Whether this node runs the tree now. */
  readonly running: boolean;
  /** This node's token, when it runs the tree. */
  readonly token: number | null;
  readonly viewers: number;
  /** Epoch ms when this node started the tree. */
  readonly since: number | null;
  /** Epoch ms when the grace period ends, while the tree runs without viewers. */
  readonly graceEndsAt: number | null;
  /** The lease as the store sees it (any node), or null if free or unreadable. */
  readonly lease: { readonly owner: string; readonly token: number; readonly expiresAt: number } | null;
  readonly tree: Record<string, unknown> | null;
}

export interface SingletonsSnapshot {
  readonly nodeId: string;
  readonly at: number;
  readonly keys: SingletonInfo[];
}

/** A key as this node knows it: its machine state, plus what the interpreter owns (timers, the tree, its last messages). */
interface Entry {
  readonly key: string;
  state: SingletonState;
  readonly timers: Map<SingletonTimer, NodeJS.Timeout>;
  /** The running tree and its token (set by `startTree`, taken by `stopTree`). */
  tree: { readonly token: number; readonly child: Child; readonly started: Promise<void> } | undefined;
  /** Events waiting for the transition in progress: a key's transitions never interleave. */
  readonly inbox: SingletonEvent[];
  dispatching: boolean;
  /** Resolved when the state reaches `stopped` (awaited by close). */
  readonly onStopped: Array<() => void>;
  /** What this node's tree last published, per topic, event and coalesce key, for viewers who join later. */
  readonly last: Map<string, PubSubMessage>;
}

/** Cluster-wide topic on which nodes ask the owner of a key for its last messages. */
const LAST_REQUEST_TOPIC = "plenum:singletons:last";
const lastReplyTopic = (nodeId: string): string => `plenum:singletons:last-reply:${nodeId}`;
/** Cluster-wide topic on which a key's preferred node asks its current holder to hand it over. */
const HANDOFF_TOPIC = "plenum:singletons:handoff";

/**
 * Runs one tree per key across the cluster (Erlang's `:global` + monitors,
 * done with leases).
 *
 * Per key, on every node: when the key has viewers (cluster-wide, from
 * {@link Viewers}), the node tries to acquire the lease; the holder builds and
 * starts the tree, renews every ttl/3, and the others retry every `retryMs`.
 *
 * Guarantees:
 * - Exclusion: a node runs a key's tree only while it believes it holds the
 *   lease: until a local deadline of (time the acquire or last successful
 *   renew request was sent) + ttl − ttl/10, which passes before the store
 *   can let the lease lapse. A refused renewal (the lease moved on) stops the
 *   tree at once; a failed or slow one is retried every ttl/3 until the
 *   deadline, which then stops the tree, so a slow store does not cause
 *   needless failovers. Store calls are bounded in time.
 * - Fencing: each publish is checked against the local deadline and the
 *   store's current lease before it is sent, and carries the token, so
 *   receivers using {@link FenceGate} drop anything older than the newest
 *   owner they have heard. (See docs/supervision.md for the residual window.)
 * - Failover: when the holder dies or loses the store, the lease lapses
 *   within ttl and a node that still has viewers acquires it within `retryMs`
 *   more; bound ≈ ttl + retryMs + tree start (≈4 s with defaults).
 * - Teardown: when the viewer count reaches 0 the tree keeps running for
 *   `graceMs`; a viewer returning within the grace keeps the same tree. After
 *   the grace the tree is stopped and the lease released. A viewer arriving
 *   while it stops is not lost: the key's state machine re-examines the
 *   viewers when the stop finishes, so the node acquires again and the
 *   joiner gets a running tree.
 * - Placement (with `members`): the n-th preferred node of a key (rendezvous
 *   hashing) waits n × `placementStepMs` before its first acquire; a
 *   preferred node that finds the key held elsewhere asks the holder to hand
 *   it over, which stops its tree, releases the lease and stays away for
 *   3 × `retryMs`. Keys settle on their preferred live node.
 * - A tree that crashes is stopped, its lease released, and the key retried
 *   after `failureBackoffMs` (on whichever node acquires first).
 * - `close()` stops every tree one by one and releases its leases; idempotent.
 *
 * Each key's decisions are the pure {@link transition} of singleton-state.ts;
 * this class feeds it events (viewer changes, timers, store answers, tree
 * crashes, handoff requests, close) and carries out the actions it returns.
 */
export class Singletons {
  readonly nodeId: string;
  /** The instruments this instance and its trees report to. */
  readonly metrics: SupervisionMetrics;
  readonly #store: LeaseStore;
  readonly #pubsub: PubSub;
  readonly #viewers: Viewers;
  readonly #factory: TreeFactory;
  readonly #manages: (topic: string) => boolean;
  readonly #timings: SingletonTimings;
  readonly #shutdownMs: number;
  readonly #members: (() => readonly string[]) | undefined;
  readonly #placementStepMs: number;
  readonly #log: Log;
  readonly #entries = new Map<string, Entry>();
  readonly #pendingLast = new Map<number, (messages: PubSubMessage[]) => void>();
  #lastRequests = 0;
  #unsubscribe: Array<() => void> = [];
  #state: "idle" | "running" | "closed" = "idle";
  #closing: Promise<void> | undefined;

  constructor(options: SingletonsOptions) {
    if (typeof options.nodeId !== "string" || options.nodeId === "") throw new TypeError("Singletons: nodeId must be a non-empty string");
    if (typeof options.tree !== "function") throw new TypeError("Singletons: tree must be a factory function");
    if (typeof options.manages !== "function") throw new TypeError("Singletons: manages must be a function");
    const ttlMs = options.ttlMs ?? 3_000;
    if (!Number.isInteger(ttlMs) || ttlMs < 30) throw new RangeError("Singletons: ttlMs must be an integer ≥ 30");
    const retryMs = options.retryMs ?? Math.floor(ttlMs / 3);
    const graceMs = options.graceMs ?? 5_000;
    const failureBackoffMs = options.failureBackoffMs ?? 5_000;
    const shutdownMs = options.shutdownMs ?? 5_000;
    if (!(retryMs > 0)) throw new RangeError("Singletons: retryMs must be > 0");
    if (!(graceMs >= 0)) throw new RangeError("Singletons: graceMs must be ≥ 0");
    if (!(failureBackoffMs >= 0)) throw new RangeError("Singletons: failureBackoffMs must be ≥ 0");
    if (!(shutdownMs > 0)) throw new RangeError("Singletons: shutdownMs must be > 0");
    const placementStepMs = options.placementStepMs ?? Math.floor(retryMs / 3);
    if (!(placementStepMs >= 0)) throw new RangeError("Singletons: placementStepMs must be ≥ 0");
    if (options.members !== undefined && typeof options.members !== "function")
      throw new TypeError("Singletons: members must be a function");
    this.nodeId = options.nodeId;
    this.#store = options.store;
    this.#pubsub = options.pubsub;
    this.#viewers = options.viewers;
    this.#factory = options.tree;
    this.#manages = options.manages;
    this.#timings = singletonTimings({ ttlMs, retryMs, graceMs, failureBackoffMs });
    this.#shutdownMs = shutdownMs;
    this.#members = options.members;
    this.#placementStepMs = placementStepMs;
    this.#log = options.log ?? silentLog;
    this.metrics = options.metrics ?? new SupervisionMetrics();
  }

  async start(): Promise<void> {
    if (this.#state !== "idle") return;
    this.#state = "running";
    this.#unsubscribe = [
      this.#viewers.onChange((topic) => this.#changed(topic)),
      this.#pubsub.subscribe(LAST_REQUEST_TOPIC, (message) => this.#answerLast(message)),
      this.#pubsub.subscribe(lastReplyTopic(this.nodeId), (message) => this.#receiveLast(message)),
      this.#pubsub.subscribe(HANDOFF_TOPIC, (message) => this.#handOver(message)),
    ];
    for (const topic of this.#viewers.topics()) this.#changed(topic);
  }

  async close(): Promise<void> {
    this.#closing ??= this.#shutdown();
    return this.#closing;
  }

  /** Whether `key` is one this instance runs trees for (the `manages` option). */
  manages(key: string): boolean {
    return this.#manages(key);
  }

  /** Keys whose tree runs on this node, in the order this node began wanting them. */
  runningKeys(): string[] {
    return [...this.#entries.values()].filter((entry) => entry.state.kind === "leading").map((entry) => entry.key);
  }

  /**
   * Stops the local tree of `key` now if it has no viewers (skipping what is
   * left of the grace). For the reaper; returns whether a stop was scheduled.
   */
  evict(key: string): boolean {
    const entry = this.#entries.get(key);
    if (entry?.state.kind !== "leading" || this.#viewerCount(key) > 0) return false;
    // The count is read again because the reaper exists for viewer changes that were never reported.
    this.#dispatch(entry, { kind: "viewers", count: 0, placementDelayMs: 0 });
    this.#dispatch(entry, { kind: "evict" });
    return true;
  }

  /**
   * The messages the key's tree last published (one per topic and event,
   * fenced), to push to a viewer who just joined, since trees publish only
   * changes. Answered locally when this node runs the tree, at once when
   * the store says nobody else holds the key (the next tree publishes
   * everything anew), otherwise by the owner through PubSub; resolves `[]`
   * when nobody answers within `timeoutMs` (the next change will reach the
   * viewer anyway).
   */
  async last(key: string, timeoutMs = 1_000): Promise<PubSubMessage[]> {
    if (typeof key !== "string" || key === "") throw new TypeError("Singletons.last: key must be a non-empty string");
    const local = (): PubSubMessage[] | undefined => {
      const entry = this.#entries.get(key);
      return entry?.state.kind === "leading" ? [...entry.last.values()] : undefined;
    };
    const mine = local();
    if (mine || this.#state !== "running") return mine ?? [];
    // The first viewer of a key finds no owner: answering that at once spares it the wait for a reply nobody sends.
    const lease = await withTimeout(this.#store.current(key), Math.min(timeoutMs, this.#timings.renewMs), "lease read").catch(
      () => undefined,
    );
    if (lease === null || lease?.owner === this.nodeId) return local() ?? [];
    return this.#askOwner(key, timeoutMs);
  }

  #askOwner(key: string, timeoutMs: number): Promise<PubSubMessage[]> {
    const id = ++this.#lastRequests;
    return new Promise((resolve) => {
      const timer = setTimeout(() => settle([]), timeoutMs);
      timer.unref();
      const settle = (messages: PubSubMessage[]): void => {
        clearTimeout(timer);
        this.#pendingLast.delete(id);
        resolve(messages);
      };
      this.#pendingLast.set(id, settle);
      this.#pubsub.broadcast({ topic: LAST_REQUEST_TOPIC, event: "request", payload: { key, from: this.nodeId, id } });
    });
  }

  /** JSON-able view for operators: every key this node runs or wants, with the store's lease. */
  async snapshot(): Promise<SingletonsSnapshot> {
    const keys = await Promise.all(
      [...this.#entries.values()].map(async (entry): Promise<SingletonInfo> => {
        const lease = await withTimeout(this.#store.current(entry.key), this.#timings.renewMs, "lease read").catch(() => null);
        const state = entry.state;
        const leading = state.kind === "leading" ? state : undefined;
        return {
          key: entry.key,
          running: leading !== undefined,
          token: leading?.token ?? null,
          viewers: this.#viewerCount(entry.key),
          since: leading ? epochMs(leading.since) : null,
          graceEndsAt: leading?.graceEndsAt != null ? epochMs(leading.graceEndsAt) : null,
          lease: lease ? { owner: lease.owner, token: lease.token, expiresAt: lease.expiresAt } : null,
          tree: leading ? (entry.tree?.child.describe?.() ?? null) : null,
        };
      }),
    );
    return { nodeId: this.nodeId, at: Date.now(), keys };
  }

  #answerLast(message: PubSubMessage): void {
    const { key, from, id } = (message.payload ?? {}) as { key?: unknown; from?: unknown; id?: unknown };
    if (typeof key !== "string" || typeof from !== "string" || typeof id !== "number") return;
    const entry = this.#entries.get(key);
    if (entry?.state.kind !== "leading" || !holdsLease(entry.state, entry.state.token, performance.now())) return;
    this.#pubsub.direct(from, {
      topic: lastReplyTopic(from),
      event: "reply",
      payload: { id, messages: [...entry.last.values()] },
    });
  }

  #receiveLast(message: PubSubMessage): void {
    const { id, messages } = (message.payload ?? {}) as { id?: unknown; messages?: unknown };
    if (typeof id === "number" && Array.isArray(messages)) this.#pendingLast.get(id)?.(messages as PubSubMessage[]);
  }

  #changed(topic: string): void {
    if (this.#state !== "running" || !this.#manages(topic)) return;
    let entry = this.#entries.get(topic);
    if (!entry) {
      entry = {
        key: topic,
        state: idle,
        timers: new Map(),
        tree: undefined,
        inbox: [],
        dispatching: false,
        onStopped: [],
        last: new Map(),
      };
      this.#entries.set(topic, entry);
    }
    this.#dispatch(entry, { kind: "viewers", count: this.#viewerCount(topic), placementDelayMs: this.#placementDelay(topic) });
  }

  /**
   * Feeds `event` to the key's machine and carries out what it decides. An
   * event raised while actions run (a tree crashing inside its factory) waits
   * its turn, so each transition sees the state the previous one left.
   */
  #dispatch(entry: Entry, event: SingletonEvent): void {
    entry.inbox.push(event);
    if (entry.dispatching) return;
    entry.dispatching = true;
    try {
      for (let next = entry.inbox.shift(); next; next = entry.inbox.shift()) {
        const step = transition(entry.state, next, { now: performance.now(), timings: this.#timings });
        entry.state = step.state;
        for (const action of step.actions) {
          try {
            this.#perform(entry, action);
          } catch (error) {
            this.#log.error({ key: entry.key, action: action.kind, err: error }, "singleton action failed");
          }
        }
      }
    } finally {
      entry.dispatching = false;
    }
    if (entry.state.kind === "stopped") for (const resolve of entry.onStopped.splice(0)) resolve();
    if ((entry.state.kind === "idle" || entry.state.kind === "stopped") && this.#entries.get(entry.key) === entry) {
      this.#entries.delete(entry.key);
    }
  }

  #perform(entry: Entry, action: SingletonAction): void {
    switch (action.kind) {
      case "acquire":
        void this.#acquire(entry);
        break;
      case "startTree":
        this.#startTree(entry, action.token);
        break;
      case "renew":
        void this.#renew(entry, action.token, action.timeoutMs);
        break;
      case "stopTree":
        void this.#stopTree(entry, action);
        break;
      case "schedule":
        this.#schedule(entry, action.timer, action.ms);
        break;
      case "cancel":
        clearTimeout(entry.timers.get(action.timer));
        entry.timers.delete(action.timer);
        break;
      case "requestHandoff":
        this.#pubsub.broadcast({ topic: HANDOFF_TOPIC, event: "request", payload: { key: entry.key, from: this.nodeId } });
        break;
    }
  }

  #schedule(entry: Entry, name: SingletonTimer, ms: number): void {
    clearTimeout(entry.timers.get(name));
    // Jitter keeps wanting nodes from hitting the store in lockstep.
    const jitter = name === "retry" ? Math.random() * this.#timings.retryMs * 0.2 : 0;
    const timer = setTimeout(() => {
      entry.timers.delete(name);
      this.#dispatch(entry, { kind: "timer", timer: name });
    }, ms + jitter);
    timer.unref();
    entry.timers.set(name, timer);
  }

  async #acquire(entry: Entry): Promise<void> {
    const sentAt = performance.now();
    let acquired: Acquired | null = null;
    try {
      acquired = await withTimeout(
        this.#store.acquire(entry.key, this.nodeId, this.#timings.ttlMs),
        this.#timings.renewMs,
        "lease acquire",
      );
    } catch (error) {
      this.#log.warn({ key: entry.key, err: error }, "lease acquire failed");
    }
    if (!acquired) return this.#dispatch(entry, { kind: "acquireFailed", preferred: this.#preferred(entry.key) });
    this.metrics.leaseAcquired.inc();
    if (acquired.takeover) this.metrics.leaseTakeovers.inc();
    this.#log.info({ key: entry.key, token: acquired.token, takeover: acquired.takeover }, "lease acquired");
    this.#dispatch(entry, { kind: "acquired", token: acquired.token, sentAt });
  }

  #startTree(entry: Entry, token: number): void {
    const crash = (error: unknown): void => this.#dispatch(entry, { kind: "crashed", token, error });
    const context: TreeContext = {
      key: entry.key,
      nodeId: this.nodeId,
      token,
      publish: (event, data, options) => {
        const { topic = entry.key, coalesce } = typeof options === "string" ? { topic: options } : (options ?? {});
        return this.#publish(entry, token, event, data, topic, coalesce);
      },
      crash,
      log: this.#log,
      metrics: this.metrics,
    };
    this.#log.info({ key: entry.key, token }, "starting tree");
    let child: Child;
    try {
      child = this.#factory(context);
    } catch (error) {
      crash(error);
      return;
    }
    this.metrics.treesRunning.inc();
    // A rejected start is the tree's first crash; stopTree waits for the start before closing.
    const started = (async () => child.start())().catch(crash);
    entry.tree = { token, child, started };
  }

  async #renew(entry: Entry, token: number, timeoutMs: number): Promise<void> {
    const sentAt = performance.now();
    let renewed: boolean;
    try {
      renewed = await withTimeout(this.#store.renew(entry.key, this.nodeId, token, this.#timings.ttlMs), timeoutMs, "lease renew");
    } catch (error) {
      this.#log.warn({ key: entry.key, token, err: error }, "lease renew failed; retrying until the deadline");
      return this.#dispatch(entry, { kind: "renewFailed", token });
    }
    this.#dispatch(entry, renewed ? { kind: "renewed", token, sentAt } : { kind: "leaseLost", token, reason: "lease taken or lapsed" });
  }

  async #publish(entry: Entry, token: number, event: string, data: unknown, topic: string, coalesce: string | undefined): Promise<boolean> {
    if (typeof event !== "string" || event === "") throw new TypeError("publish: event must be a non-empty string");
    if (typeof topic !== "string" || topic === "") throw new TypeError("publish: topic must be a non-empty string");
    if (!holdsLease(entry.state, token, performance.now())) return this.#refuse();
    let lease: Lease | null;
    try {
      lease = await withTimeout(this.#store.current(entry.key), this.#timings.renewMs, "lease check");
    } catch (error) {
      this.#log.warn({ key: entry.key, err: error }, "lease check failed, publish dropped");
      return this.#refuse();
    }
    if (!lease || lease.owner !== this.nodeId || lease.token !== token) {
      this.#dispatch(entry, { kind: "leaseLost", token, reason: "lease no longer current at publish" });
      return this.#refuse();
    }
    // Checked again after the store answered: the deadline may have passed meanwhile.
    if (!holdsLease(entry.state, token, performance.now())) return this.#refuse();
    const payload = { key: entry.key, token, data } satisfies Fenced;
    const message: PubSubMessage = coalesce === undefined ? { topic, event, payload } : { topic, event, payload, coalesce };
    this.#pubsub.broadcast(message);
    entry.last.set(JSON.stringify([topic, event, coalesce ?? null]), message);
    return true;
  }

  #refuse(): false {
    this.metrics.fencedDrops.inc();
    return false;
  }

  async #stopTree(entry: Entry, action: Extract<SingletonAction, { kind: "stopTree" }>): Promise<void> {
    const { key } = entry;
    const { token, reason, cause } = action;
    if (reason === "lease lost") {
      this.metrics.leaseLost.inc();
      this.#log.warn({ key, token, reason: cause }, "lease lost, stopping tree");
    } else if (reason === "tree failed") {
      this.#log.error({ key, token, err: cause }, "tree failed");
    } else if (reason === "handed over") {
      this.metrics.handoffs.inc();
      this.#log.info({ key, token }, "handing key over to its preferred node");
    }
    const tree = entry.tree?.token === token ? entry.tree : undefined;
    if (tree) {
      entry.tree = undefined;
      entry.last.clear();
      this.metrics.treesRunning.dec();
      this.#log.info({ key, token, reason }, "stopping tree");
      try {
        await withTimeout(
          tree.started.then(() => tree.child.close()),
          this.#shutdownMs,
          "tree close",
        );
      } catch (error) {
        this.#log.warn({ key, err: error }, "tree close failed");
      }
    }
    // Compare-and-delete: harmless when the lease already moved on.
    await withTimeout(this.#store.release(key, this.nodeId, token), this.#timings.renewMs, "lease release").catch((error: unknown) =>
      this.#log.warn({ key, err: error }, "lease release failed; it will lapse"),
    );
    this.#dispatch(entry, { kind: "treeStopped" });
  }

  /**
   * Yields a key to its preferred node, if that is who asks. Exclusion is
   * untouched (the lease still decides); the cost is one pause of about
   * `retryMs` in that key's updates.
   */
  #handOver(message: PubSubMessage): void {
    const { key, from } = (message.payload ?? {}) as { key?: unknown; from?: unknown };
    if (typeof key !== "string" || typeof from !== "string" || from === this.nodeId || !this.#members) return;
    const entry = this.#entries.get(key);
    if (entry?.state.kind !== "leading") return;
    const members = this.#members();
    if (rendezvousRank(from, key, members) !== 0 || rendezvousRank(this.nodeId, key, members) === 0) return;
    this.#dispatch(entry, { kind: "handoffRequested" });
  }

  /** Whether this node is the key's first choice among the live members (then it may ask the holder for it). */
  #preferred(key: string): boolean {
    return this.#members !== undefined && rendezvousRank(this.nodeId, key, this.#members()) === 0;
  }

  #placementDelay(key: string): number {
    if (!this.#members) return 0;
    return rendezvousRank(this.nodeId, key, this.#members()) * this.#placementStepMs;
  }

  #viewerCount(key: string): number {
    const count = this.#viewers.count(key);
    return Number.isFinite(count) && count > 0 ? count : 0;
  }

  async #shutdown(): Promise<void> {
    if (this.#state === "idle") {
      this.#state = "closed";
      return;
    }
    this.#state = "closed";
    for (const unsubscribe of this.#unsubscribe) unsubscribe();
    for (const resolve of [...this.#pendingLast.values()]) resolve([]);
    const entries = [...this.#entries.values()].reverse();
    const stopped = entries.map((entry) => this.#stopped(entry));
    // Keys without a tree stop at once (or when their acquire answers); trees then stop one by one, newest first.
    const trees = entries.filter((entry) => entry.state.kind === "leading");
    for (const entry of entries) if (!trees.includes(entry)) this.#dispatch(entry, { kind: "close" });
    for (const entry of trees) {
      this.#dispatch(entry, { kind: "close" });
      await this.#stopped(entry);
    }
    await Promise.all(stopped);
    this.#entries.clear();
  }

  #stopped(entry: Entry): Promise<void> {
    if (entry.state.kind === "stopped") return Promise.resolve();
    return new Promise((resolve) => entry.onStopped.push(resolve));
  }
}

/** Epoch ms of a monotonic `performance.now()` reading, for operators' eyes only. */
function epochMs(monotonic: number): number {
  return Math.round(performance.timeOrigin + monotonic);
}
