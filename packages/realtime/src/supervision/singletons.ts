import type { PubSub, PubSubMessage } from "../pubsub/pubsub.ts";
import type { Child } from "./child.ts";
import type { Fenced } from "./fencing.ts";
import type { Acquired, Lease, LeaseStore } from "./lease-store.ts";
import { silentLog, type Log } from "./log.ts";
import { SupervisionMetrics } from "./metrics.ts";
import { rendezvousRank } from "./placement.ts";
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
  /** Bound on a tree's `close()`. Default 5000 ms. */
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

interface Entry {
  readonly key: string;
  tree: Child | undefined;
  lease: { token: number; deadline: number } | undefined;
  deadlineTimer: NodeJS.Timeout | undefined;
  since: number | undefined;
  lost: boolean;
  failed: boolean;
  backoffUntil: number;
  /** When this node first wanted the key since it last had no viewers; placement delays count from it. */
  wantedSince: number | undefined;
  /** Set when the preferred node asked for the key: stop the tree and stay away until `yieldUntil`. */
  handoff: boolean;
  yieldUntil: number;
  lastHandoffRequest: number;
  graceEndsAt: number | undefined;
  graceExpired: boolean;
  graceTimer: NodeJS.Timeout | undefined;
  retryTimer: NodeJS.Timeout | undefined;
  renewTimer: NodeJS.Timeout | undefined;
  renewing: boolean;
  dirty: boolean;
  draining: Promise<void> | undefined;
  /** What this node's tree last published, per topic and event, for viewers who join later. */
  readonly last: Map<string, PubSubMessage>;
}

/** Cluster-wide topic on which nodes ask the owner of a key for its last messages. */
const LAST_REQUEST_TOPIC = "plenum:singletons:last";
const lastReplyTopic = (nodeId: string): string => `plenum:singletons:last-reply:${nodeId}`;
/** Cluster-wide topic on which a key's preferred node asks its current holder to hand it over. */
const HANDOFF_TOPIC = "plenum:singletons:handoff";
/** A preferred node repeats its handoff request for a key at most once per this many retry periods. */
const HANDOFF_REQUEST_EVERY = 5;

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
 *   while it stops is not lost: transitions of a key are serialised and the
 *   key is re-examined after each one, so the node acquires again and the
 *   joiner gets a running tree.
 * - Placement (with `members`): the n-th preferred node of a key (rendezvous
 *   hashing) waits n × `placementStepMs` before its first acquire; a
 *   preferred node that finds the key held elsewhere asks the holder to hand
 *   it over, which stops its tree, releases the lease and stays away for
 *   3 × `retryMs`. Keys settle on their preferred live node.
 * - A tree that crashes is stopped, its lease released, and the key retried
 *   after `failureBackoffMs` (on whichever node acquires first).
 * - `close()` stops every tree one by one and releases its leases; idempotent.
 */
export class Singletons {
  readonly nodeId: string;
  readonly #store: LeaseStore;
  readonly #pubsub: PubSub;
  readonly #viewers: Viewers;
  readonly #factory: TreeFactory;
  readonly #manages: (topic: string) => boolean;
  readonly #ttlMs: number;
  readonly #renewMs: number;
  /** Safety margin between the local deadline and the earliest moment the store may let the lease lapse. */
  readonly #marginMs: number;
  readonly #retryMs: number;
  readonly #graceMs: number;
  readonly #failureBackoffMs: number;
  readonly #shutdownMs: number;
  readonly #members: (() => readonly string[]) | undefined;
  readonly #placementStepMs: number;
  readonly #log: Log;
  readonly #metrics: SupervisionMetrics;
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
    this.#ttlMs = ttlMs;
    this.#renewMs = Math.floor(ttlMs / 3);
    this.#marginMs = Math.floor(ttlMs / 10);
    this.#retryMs = retryMs;
    this.#graceMs = graceMs;
    this.#failureBackoffMs = failureBackoffMs;
    this.#shutdownMs = shutdownMs;
    this.#members = options.members;
    this.#placementStepMs = placementStepMs;
    this.#log = options.log ?? silentLog;
    this.#metrics = options.metrics ?? new SupervisionMetrics();
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

  /** Keys whose tree runs on this node, in start order. */
  runningKeys(): string[] {
    return [...this.#entries.values()].filter((entry) => entry.tree).map((entry) => entry.key);
  }

  /**
   * Stops the local tree of `key` now if it has no viewers (skipping what is
   * left of the grace). For the reaper; returns whether a stop was scheduled.
   */
  evict(key: string): boolean {
    const entry = this.#entries.get(key);
    if (!entry?.tree || this.#viewerCount(key) > 0) return false;
    entry.graceExpired = true;
    this.#poke(entry);
    return true;
  }

  /**
   * The messages the key's tree last published (one per topic and event,
   * fenced), to push to a viewer who just joined, since trees publish only
   * changes. Answered locally when this node runs the tree, otherwise by the
   * owner through PubSub; resolves `[]` when nobody answers within
   * `timeoutMs` (no owner yet, or nothing published yet: the next change
   * will reach the viewer anyway).
   */
  async last(key: string, timeoutMs = 1_000): Promise<PubSubMessage[]> {
    if (typeof key !== "string" || key === "") throw new TypeError("Singletons.last: key must be a non-empty string");
    const entry = this.#entries.get(key);
    if (entry?.tree) return [...entry.last.values()];
    if (this.#state !== "running") return [];
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
        const lease = await withTimeout(this.#store.current(entry.key), this.#renewMs, "lease read").catch(() => null);
        return {
          key: entry.key,
          running: entry.tree !== undefined,
          token: entry.tree ? (entry.lease?.token ?? null) : null,
          viewers: this.#viewerCount(entry.key),
          since: entry.tree ? (entry.since ?? null) : null,
          graceEndsAt: entry.graceTimer ? (entry.graceEndsAt ?? null) : null,
          lease: lease ? { owner: lease.owner, token: lease.token, expiresAt: lease.expiresAt } : null,
          tree: entry.tree?.describe?.() ?? null,
        };
      }),
    );
    return { nodeId: this.nodeId, at: Date.now(), keys };
  }

  #answerLast(message: PubSubMessage): void {
    const { key, from, id } = (message.payload ?? {}) as { key?: unknown; from?: unknown; id?: unknown };
    if (typeof key !== "string" || typeof from !== "string" || typeof id !== "number") return;
    const entry = this.#entries.get(key);
    if (!entry?.lease || !this.#holds(entry, entry.lease.token)) return;
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
        tree: undefined,
        lease: undefined,
        since: undefined,
        lost: false,
        failed: false,
        backoffUntil: 0,
        wantedSince: undefined,
        handoff: false,
        yieldUntil: 0,
        lastHandoffRequest: 0,
        graceEndsAt: undefined,
        graceExpired: false,
        graceTimer: undefined,
        retryTimer: undefined,
        renewTimer: undefined,
        deadlineTimer: undefined,
        renewing: false,
        dirty: false,
        draining: undefined,
        last: new Map(),
      };
      this.#entries.set(topic, entry);
    }
    this.#poke(entry);
  }

  /** Marks the key for re-examination; one drain loop per key serialises its transitions. */
  #poke(entry: Entry): void {
    entry.dirty = true;
    entry.draining ??= this.#drain(entry).finally(() => {
      entry.draining = undefined;
      if (entry.dirty && this.#state === "running") this.#poke(entry);
      else if (!entry.tree && !entry.retryTimer && this.#entries.get(entry.key) === entry) this.#entries.delete(entry.key);
    });
  }

  async #drain(entry: Entry): Promise<void> {
    while (entry.dirty && this.#state === "running") {
      entry.dirty = false;
      try {
        await this.#step(entry);
      } catch (error) {
        this.#log.error({ key: entry.key, err: error }, "singleton step failed");
        this.#retryLater(entry, this.#retryMs);
      }
    }
  }

  async #step(entry: Entry): Promise<void> {
    const viewers = this.#viewerCount(entry.key);
    if (entry.tree) {
      if (entry.lost || entry.failed || entry.handoff) {
        await this.#stopTree(entry, entry.lost ? "lease lost" : entry.failed ? "tree failed" : "handed over");
        entry.handoff = false;
        entry.dirty = true;
      } else if (viewers > 0) {
        this.#cancelGrace(entry);
      } else if (entry.graceExpired) {
        await this.#stopTree(entry, "no viewers");
        entry.dirty = true; // a viewer may have joined while it stopped
      } else if (!entry.graceTimer) {
        entry.graceEndsAt = Date.now() + this.#graceMs;
        entry.graceTimer = setTimeout(() => {
          entry.graceTimer = undefined;
          entry.graceExpired = true;
          this.#poke(entry);
        }, this.#graceMs);
        entry.graceTimer.unref();
      }
      return;
    }
    if (viewers === 0) {
      clearTimeout(entry.retryTimer);
      entry.retryTimer = undefined;
      entry.wantedSince = undefined;
      return;
    }
    entry.wantedSince ??= Date.now();
    const wait = Math.max(entry.backoffUntil, entry.yieldUntil, entry.wantedSince + this.#placementDelay(entry.key)) - Date.now();
    if (wait > 0) return this.#retryLater(entry, wait);
    await this.#acquireAndStart(entry);
  }

  async #acquireAndStart(entry: Entry): Promise<void> {
    const sentAt = performance.now();
    let acquired: Acquired | null = null;
    try {
      acquired = await withTimeout(this.#store.acquire(entry.key, this.nodeId, this.#ttlMs), this.#renewMs, "lease acquire");
    } catch (error) {
      this.#log.warn({ key: entry.key, err: error }, "lease acquire failed");
    }
    if (!acquired) {
      this.#requestHandoff(entry);
      return this.#retryLater(entry, this.#retryMs);
    }
    clearTimeout(entry.retryTimer);
    entry.retryTimer = undefined;
    this.#metrics.leaseAcquired.inc();
    if (acquired.takeover) this.#metrics.leaseTakeovers.inc();
    const token = acquired.token;
    if (this.#viewerCount(entry.key) === 0) {
      // The last viewer left while we were acquiring: hand the key back rather than start a tree for nobody.
      await withTimeout(this.#store.release(entry.key, this.nodeId, token), this.#renewMs, "lease release").catch(() => undefined);
      return;
    }
    entry.lease = { token, deadline: 0 };
    this.#extend(entry, token, sentAt);
    entry.lost = false;
    entry.failed = false;
    entry.graceExpired = false;
    entry.since = Date.now();
    const context: TreeContext = {
      key: entry.key,
      nodeId: this.nodeId,
      token,
      publish: (event, data, options) => {
        const { topic = entry.key, coalesce } = typeof options === "string" ? { topic: options } : (options ?? {});
        return this.#publish(entry, token, event, data, topic, coalesce);
      },
      crash: (error) => this.#treeCrashed(entry, token, error),
      log: this.#log,
      metrics: this.#metrics,
    };
    this.#log.info({ key: entry.key, token, takeover: acquired.takeover }, "lease acquired, starting tree");
    entry.renewTimer = setInterval(() => void this.#renew(entry, token), this.#renewMs);
    entry.renewTimer.unref();
    try {
      entry.tree = this.#factory(context);
      this.#metrics.treesRunning.inc();
      await entry.tree.start();
    } catch (error) {
      this.#treeCrashed(entry, token, error);
      if (!entry.tree) await this.#stopTree(entry, "tree factory failed"); // the lease is held without a tree
    }
    entry.dirty = true; // viewers may have left, or the lease been lost, while starting
  }

  /** Moves the local deadline to `sentAt` + ttl − margin and arms the timer that stops the tree there. */
  #extend(entry: Entry, token: number, sentAt: number): void {
    if (!entry.lease || entry.lease.token !== token) return;
    entry.lease.deadline = sentAt + this.#ttlMs - this.#marginMs;
    clearTimeout(entry.deadlineTimer);
    entry.deadlineTimer = setTimeout(
      () => this.#lose(entry, token, "lease deadline passed without a renewal"),
      entry.lease.deadline - performance.now(),
    );
    entry.deadlineTimer.unref();
  }

  async #renew(entry: Entry, token: number): Promise<void> {
    if (entry.renewing || entry.lease?.token !== token || entry.lost) return;
    const remaining = entry.lease.deadline - performance.now();
    if (remaining <= 0) return this.#lose(entry, token, "lease deadline passed without a renewal");
    entry.renewing = true;
    const sentAt = performance.now();
    let renewed = false;
    let failure: unknown;
    try {
      // An answer after the deadline is worthless: the tree is stopped by then.
      renewed = await withTimeout(this.#store.renew(entry.key, this.nodeId, token, this.#ttlMs), remaining, "lease renew");
    } catch (error) {
      failure = error;
    } finally {
      entry.renewing = false;
    }
    if (entry.lease?.token !== token || entry.lost) return;
    if (renewed) this.#extend(entry, token, sentAt);
    else if (failure === undefined) this.#lose(entry, token, "lease taken or lapsed");
    else this.#log.warn({ key: entry.key, token, err: failure }, "lease renew failed; retrying until the deadline");
  }

  #lose(entry: Entry, token: number, reason: string): void {
    if (entry.lease?.token !== token || entry.lost) return;
    entry.lost = true;
    this.#metrics.leaseLost.inc();
    this.#log.warn({ key: entry.key, token, reason }, "lease lost, stopping tree");
    this.#poke(entry);
  }

  #treeCrashed(entry: Entry, token: number, error: unknown): void {
    if (entry.lease?.token !== token || entry.failed) return;
    entry.failed = true;
    entry.backoffUntil = Date.now() + this.#failureBackoffMs;
    this.#log.error({ key: entry.key, token, err: error }, "tree failed");
    this.#poke(entry);
  }

  #holds(entry: Entry, token: number): boolean {
    return entry.tree !== undefined && entry.lease?.token === token && !entry.lost && performance.now() < entry.lease.deadline;
  }

  async #publish(entry: Entry, token: number, event: string, data: unknown, topic: string, coalesce: string | undefined): Promise<boolean> {
    if (typeof event !== "string" || event === "") throw new TypeError("publish: event must be a non-empty string");
    if (typeof topic !== "string" || topic === "") throw new TypeError("publish: topic must be a non-empty string");
    if (!this.#holds(entry, token)) return this.#refuse();
    let lease: Lease | null;
    try {
      lease = await withTimeout(this.#store.current(entry.key), this.#renewMs, "lease check");
    } catch (error) {
      this.#log.warn({ key: entry.key, err: error }, "lease check failed, publish dropped");
      return this.#refuse();
    }
    if (!lease || lease.owner !== this.nodeId || lease.token !== token) {
      this.#lose(entry, token, "lease no longer current at publish");
      return this.#refuse();
    }
    if (!this.#holds(entry, token)) return this.#refuse();
    const payload = { key: entry.key, token, data } satisfies Fenced;
    const message: PubSubMessage = coalesce === undefined ? { topic, event, payload } : { topic, event, payload, coalesce };
    this.#pubsub.broadcast(message);
    entry.last.set(JSON.stringify([topic, event, coalesce ?? null]), message);
    return true;
  }

  #refuse(): false {
    this.#metrics.fencedDrops.inc();
    return false;
  }

  async #stopTree(entry: Entry, reason: string): Promise<void> {
    const tree = entry.tree;
    const lease = entry.lease;
    entry.tree = undefined;
    entry.lease = undefined;
    entry.since = undefined;
    entry.last.clear();
    clearInterval(entry.renewTimer);
    entry.renewTimer = undefined;
    clearTimeout(entry.deadlineTimer);
    entry.deadlineTimer = undefined;
    this.#cancelGrace(entry);
    if (tree) {
      this.#metrics.treesRunning.dec();
      this.#log.info({ key: entry.key, token: lease?.token, reason }, "stopping tree");
      try {
        await withTimeout(tree.close(), this.#shutdownMs, "tree close");
      } catch (error) {
        this.#log.warn({ key: entry.key, err: error }, "tree close failed");
      }
    }
    if (!lease) return;
    // Compare-and-delete: harmless when the lease already moved on.
    await withTimeout(this.#store.release(entry.key, this.nodeId, lease.token), this.#renewMs, "lease release").catch((error: unknown) =>
      this.#log.warn({ key: entry.key, err: error }, "lease release failed; it will lapse"),
    );
  }

  #cancelGrace(entry: Entry): void {
    clearTimeout(entry.graceTimer);
    entry.graceTimer = undefined;
    entry.graceEndsAt = undefined;
    entry.graceExpired = false;
  }

  #retryLater(entry: Entry, delayMs: number): void {
    if (entry.retryTimer || this.#state !== "running") return;
    // Jitter keeps wanting nodes from hitting the store in lockstep.
    entry.retryTimer = setTimeout(
      () => {
        entry.retryTimer = undefined;
        this.#poke(entry);
      },
      delayMs + Math.random() * this.#retryMs * 0.2,
    );
    entry.retryTimer.unref();
  }

  /** As the key's preferred node, ask whoever holds it to hand it over (rate-limited per key). */
  #requestHandoff(entry: Entry): void {
    if (!this.#members || rendezvousRank(this.nodeId, entry.key, this.#members()) !== 0) return;
    const now = Date.now();
    if (now - entry.lastHandoffRequest < HANDOFF_REQUEST_EVERY * this.#retryMs) return;
    entry.lastHandoffRequest = now;
    this.#pubsub.broadcast({ topic: HANDOFF_TOPIC, event: "request", payload: { key: entry.key, from: this.nodeId } });
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
    if (!entry?.tree || entry.lost || entry.failed || entry.handoff) return;
    const members = this.#members();
    if (rendezvousRank(from, key, members) !== 0 || rendezvousRank(this.nodeId, key, members) === 0) return;
    entry.handoff = true;
    // Long enough for the asker's next retries to win the lease; short enough to take the key back if it does not.
    entry.yieldUntil = Date.now() + 3 * this.#retryMs;
    this.#metrics.handoffs.inc();
    this.#log.info({ key, to: from }, "handing key over to its preferred node");
    this.#poke(entry);
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
    for (const entry of this.#entries.values()) {
      clearTimeout(entry.retryTimer);
      entry.retryTimer = undefined;
    }
    await Promise.all([...this.#entries.values()].map((entry) => entry.draining));
    for (const entry of [...this.#entries.values()].reverse()) await this.#stopTree(entry, "shutdown");
    this.#entries.clear();
  }
}
