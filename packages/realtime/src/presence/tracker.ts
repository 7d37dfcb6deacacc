import { randomBytes } from "node:crypto";
import { pino, type Logger } from "pino";
import type { Registry } from "prom-client";
import type { PubSub, PubSubMessage } from "../pubsub/pubsub.ts";
import { PresenceMetrics, type PresenceSizes } from "./metrics.ts";
import { parseReplication, type Replication } from "./replication.ts";
import type { Meta, PresenceDiff, PresenceEntry, PresenceMeta, PresenceState } from "./types.ts";
import { PresenceView } from "./view.ts";

export interface TrackerOptions {
  /** The cluster bus; this tracker's node id is `pubsub.nodeId`. */
  pubsub: PubSub;
  /** Diffs and replication deltas are batched over this window. Default 60 ms (≤ ~16 diffs/s per topic). */
  broadcastWindowMs?: number;
  /** Heartbeat period. Default 1000 ms. */
  heartbeatMs?: number;
  /** A node not heard from for this long has its presences removed. Default 3000 ms. */
  downAfterMs?: number;
  /**
   * Most keys a topic may have for its whole list to be sent as
   * `presence_state`. Each joiner that asks for the list costs its full size,
   * so a storm of N joiners asking costs O(N²) bytes: past this size a topic
   * is for counting, not listing. Default 5,000 (≈ 0.4 MB of state with
   * small metas, under the default per-socket queue limit).
   */
  maxListKeys?: number;
  /** PubSub topic the trackers of one cluster talk on. Default `plenum:presence`. */
  topic?: string;
  registry?: Registry;
  logger?: Logger;
}

export type DiffListener = (topic: string, diff: PresenceDiff) => void;

/** A meta, or a function of the previous meta (without its `phx_ref`s) returning the next. */
export type MetaUpdate = Meta | ((previous: Meta) => Meta);

interface Replica {
  readonly incarnation: string;
  /** Last delta applied; -1 until the first full state arrives. */
  seq: number;
  lastSeen: number;
  requestedAt: number;
  readonly entries: Map<string, PresenceEntry>;
}

interface OwnChange {
  readonly join: boolean;
  readonly entry: PresenceEntry;
}

let lastIncarnation = 0;

/** Ordered by start time (base36, fixed width) so a restarted node's id is greater than its predecessor's. */
function newIncarnation(): string {
  lastIncarnation = Math.max(Date.now(), lastIncarnation + 1);
  return lastIncarnation.toString(36).padStart(9, "0") + randomBytes(3).toString("hex");
}

/**
 * Presence tracker with Phoenix.Tracker semantics, built for batched diffs.
 *
 * Model: each node owns the presences tracked on it and is the only one to
 * change them. It replicates them to the other nodes as numbered deltas over
 * the PubSub adapter, batched per window, plus a heartbeat carrying its latest
 * delta number. A receiver that sees a gap, a new node or a new incarnation
 * asks that node directly for its full state.
 *
 * Guarantees:
 * - Diffs: every node emits, to its own `onDiff` listeners, at most one diff
 *   per topic per `broadcastWindowMs`, for local and remote changes alike.
 *   `list(topic)` equals the sum of all diffs emitted so far (see PresenceView),
 *   so `presence_state` = `list()` followed by later diffs syncs exactly.
 * - Node loss: a node silent for `downAfterMs` has all its presences removed
 *   (leaves emitted) within downAfterMs + heartbeatMs + broadcastWindowMs.
 *   It comes back with full state if it reappears.
 * - Convergence: once messages flow again, every node's view equals the union
 *   of the live nodes' own presences (metas in the same set; their order per key
 *   is this node's arrival order).
 * - Memory: one entry per presence per node, shared by the view, never copied per watcher.
 */
export class Tracker {
  readonly nodeId: string;
  readonly maxListKeys: number;
  readonly #pubsub: PubSub;
  readonly #topic: string;
  readonly #windowMs: number;
  readonly #heartbeatMs: number;
  readonly #downAfterMs: number;
  readonly #log: Logger;
  readonly #metrics: PresenceMetrics;
  readonly #incarnation = newIncarnation();
  readonly #view = new PresenceView();
  readonly #listeners = new Set<DiffListener>();
  /** Own presences by phx_ref: what the rest of the cluster replicates. */
  readonly #own = new Map<string, PresenceEntry>();
  /** owner → topic → key → entry. */
  readonly #owners = new Map<string, Map<string, Map<string, PresenceEntry>>>();
  readonly #replicas = new Map<string, Replica>();
  /** Own changes not yet broadcast, compacted per ref. */
  #outbox = new Map<string, OwnChange>();
  #seq = 0;
  #refs = 0;
  #flushTimer: NodeJS.Timeout | undefined;
  #heartbeatTimer: NodeJS.Timeout | undefined;
  #offs: (() => void)[] = [];
  #started = false;
  #closed = false;
  #lastRefusalLog = 0;

  constructor(options: TrackerOptions) {
    if (!options?.pubsub) throw new TypeError("Tracker: a pubsub is required");
    this.#pubsub = options.pubsub;
    this.nodeId = options.pubsub.nodeId;
    this.#topic = options.topic ?? "plenum:presence";
    this.#windowMs = positive("broadcastWindowMs", options.broadcastWindowMs ?? 60);
    this.#heartbeatMs = positive("heartbeatMs", options.heartbeatMs ?? 1_000);
    this.#downAfterMs = positive("downAfterMs", options.downAfterMs ?? 3_000);
    if (this.#downAfterMs <= this.#heartbeatMs) throw new RangeError("Tracker: downAfterMs must exceed heartbeatMs");
    this.maxListKeys = positive("maxListKeys", options.maxListKeys ?? 5_000, "keys");
    this.#log = (options.logger ?? pino({ level: "silent" })).child({ component: "presence", node: this.nodeId });
    this.#metrics = new PresenceMetrics(options.registry, () => this.stats());
  }

  /** Joins the cluster: listens for replication, heartbeats, and asks the others for their state. */
  start(): void {
    if (this.#started || this.#closed) return;
    this.#started = true;
    this.#offs.push(
      this.#pubsub.subscribe(this.#topic, (message) => this.#receive(message)),
      // Anything may have been missed while the bus was away: ask everyone for state again.
      this.#pubsub.onReconnect(() => this.#heartbeat(true)),
    );
    this.#heartbeatTimer = setInterval(() => this.#tick(), this.#heartbeatMs).unref();
    this.#heartbeat(true);
  }

  /** Idempotent. Tells the cluster to drop this node's presences now; no further diffs are emitted. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#started) this.#send({ event: "goodbye", payload: { n: this.nodeId, i: this.#incarnation } });
    clearInterval(this.#heartbeatTimer);
    clearTimeout(this.#flushTimer);
    for (const off of this.#offs) off();
    this.#offs = [];
    this.#listeners.clear();
    this.#replicas.clear();
    this.#own.clear();
    this.#owners.clear();
    this.#outbox.clear();
  }

  /**
   * Tracks `key` on `topic` for `owner` (e.g. a channel id); one presence per
   * (owner, topic, key). Visible in `list()` and diffs after the current window.
   */
  track(owner: string, topic: string, key: string, meta: Meta): { ref: string } {
    this.#assertOpen();
    checkIds(owner, topic, key);
    const entry = this.#newEntry(topic, key, checkMeta(meta));
    if (this.#owned(owner, topic, key)) throw new Error(`Tracker: ${owner} already tracks ${key} on ${topic}`);
    this.#addOwn(owner, entry);
    return { ref: entry.meta.phx_ref };
  }

  /** Replaces the meta under a new `phx_ref`; the new meta carries `phx_ref_prev`. */
  update(owner: string, topic: string, key: string, meta: MetaUpdate): { ref: string } {
    this.#assertOpen();
    checkIds(owner, topic, key);
    const previous = this.#owned(owner, topic, key);
    if (!previous) throw new Error(`Tracker: ${owner} does not track ${key} on ${topic}`);
    const { phx_ref: prevRef, phx_ref_prev: _, ...prevMeta } = previous.meta;
    const next = checkMeta(typeof meta === "function" ? meta(prevMeta) : meta);
    const entry = this.#newEntry(topic, key, next, prevRef);
    this.#removeOwn(owner, previous);
    this.#addOwn(owner, entry);
    return { ref: entry.meta.phx_ref };
  }

  /** Untracks `owner`'s presence for `key` on `topic`, or all its keys there without `key`. Unknown ones are ignored. */
  untrack(owner: string, topic: string, key?: string): void {
    if (this.#closed) return;
    checkId("owner", owner);
    checkId("topic", topic);
    if (key !== undefined) checkId("key", key);
    const keys = this.#owners.get(owner)?.get(topic);
    if (!keys) return;
    for (const entry of key === undefined ? [...keys.values()] : [keys.get(key)]) {
      if (entry) this.#removeOwn(owner, entry);
    }
  }

  /** Untracks everything `owner` tracks, on every topic (its channel or socket ended). */
  untrackOwner(owner: string): void {
    if (this.#closed) return;
    checkId("owner", owner);
    for (const keys of [...(this.#owners.get(owner)?.values() ?? [])]) {
      for (const entry of [...keys.values()]) this.#removeOwn(owner, entry);
    }
  }

  /**
   * Cluster-wide presences on `topic` in the Phoenix client shape, as of the
   * last diff emitted (fresh wrapper objects; the metas are shared and frozen).
   */
  list(topic: string): PresenceState {
    return this.#view.list(topic);
  }

  /**
   * Whether `topic` is small enough (≤ maxListKeys keys) to be sent whole as
   * `presence_state`. A refusal is counted and logged (at most every 10 s).
   */
  listable(topic: string): boolean {
    const keys = this.#view.count(topic);
    if (keys <= this.maxListKeys) return true;
    this.#metrics.listsRefused.inc();
    const now = Date.now();
    if (now - this.#lastRefusalLog >= 10_000) {
      this.#lastRefusalLog = now;
      this.#log.warn({ topic, keys, maxListKeys: this.maxListKeys }, "presence list refused: topic over maxListKeys (count it instead)");
    }
    return false;
  }

  /** Number of distinct keys on `topic`, cluster-wide (e.g. viewers). */
  count(topic: string): number {
    return this.#view.count(topic);
  }

  /** Topics with at least one presence, cluster-wide. */
  topics(): string[] {
    return this.#view.topics();
  }

  /** The nodes this tracker hears from (itself included): the cluster's live members as presence sees them. */
  nodes(): string[] {
    return [this.nodeId, ...this.#replicas.keys()];
  }

  stats(): PresenceSizes {
    return { topics: this.#view.topicCount, presences: this.#view.size, nodes: this.#replicas.size + 1 };
  }

  /** Listens to batched diffs of every topic; returns an idempotent unsubscribe. Listeners must not mutate diffs. */
  onDiff(listener: DiffListener): () => void {
    const entry: DiffListener = (topic, diff) => listener(topic, diff);
    this.#listeners.add(entry);
    return () => void this.#listeners.delete(entry);
  }

  #assertOpen(): void {
    if (this.#closed) throw new Error("Tracker: closed");
  }

  #owned(owner: string, topic: string, key: string): PresenceEntry | undefined {
    return this.#owners.get(owner)?.get(topic)?.get(key);
  }

  #newEntry(topic: string, key: string, meta: Meta, prevRef?: string): PresenceEntry {
    const refs: Meta = { phx_ref: `${this.#incarnation}${(++this.#refs).toString(36)}` };
    if (prevRef !== undefined) refs.phx_ref_prev = prevRef;
    return { topic, key, meta: Object.freeze({ ...meta, ...refs }) as PresenceMeta };
  }

  #addOwn(owner: string, entry: PresenceEntry): void {
    let topics = this.#owners.get(owner);
    if (!topics) this.#owners.set(owner, (topics = new Map()));
    let keys = topics.get(entry.topic);
    if (!keys) topics.set(entry.topic, (keys = new Map()));
    keys.set(entry.key, entry);
    this.#own.set(entry.meta.phx_ref, entry);
    this.#outbox.set(entry.meta.phx_ref, { join: true, entry });
    this.#view.join(entry);
    this.#scheduleFlush();
  }

  #removeOwn(owner: string, entry: PresenceEntry): void {
    const topics = this.#owners.get(owner);
    const keys = topics?.get(entry.topic);
    if (!topics || !keys?.delete(entry.key)) return;
    if (keys.size === 0) topics.delete(entry.topic);
    if (topics.size === 0) this.#owners.delete(owner);
    const ref = entry.meta.phx_ref;
    this.#own.delete(ref);
    // Never sent: the cluster need not hear about it at all.
    if (this.#outbox.get(ref)?.join) this.#outbox.delete(ref);
    else this.#outbox.set(ref, { join: false, entry });
    this.#view.leave(entry);
    this.#scheduleFlush();
  }

  #scheduleFlush(): void {
    if (this.#flushTimer || this.#closed) return;
    this.#flushTimer = setTimeout(() => {
      this.#flushTimer = undefined;
      this.#sendDelta();
      this.#emitDiffs();
    }, this.#windowMs).unref();
  }

  #emitDiffs(): void {
    this.#view.flush((topic, diff) => {
      this.#metrics.diffs.inc();
      for (const listener of [...this.#listeners]) {
        try {
          listener(topic, diff);
        } catch (error) {
          this.#log.error({ err: error, topic }, "presence diff listener threw");
        }
      }
    });
  }

  #sendDelta(): void {
    if (this.#outbox.size === 0 || this.#closed) return;
    const changes = this.#outbox;
    this.#outbox = new Map();
    const j: [string, string, PresenceMeta][] = [];
    const l: string[] = [];
    for (const { join, entry } of changes.values()) {
      if (join) j.push([entry.topic, entry.key, entry.meta]);
      else l.push(entry.meta.phx_ref);
    }
    this.#seq++;
    this.#metrics.deltasSent.inc();
    this.#send({ event: "delta", payload: { n: this.nodeId, i: this.#incarnation, p: this.#seq - 1, s: this.#seq, j, l } });
  }

  #tick(): void {
    this.#heartbeat(false);
    const now = performance.now();
    for (const [node, replica] of this.#replicas) {
      if (now - replica.lastSeen > this.#downAfterMs) {
        this.#metrics.nodesDown.inc();
        this.#log.warn({ peer: node, silentMs: Math.round(now - replica.lastSeen) }, "node down: removing its presences");
        this.#dropReplica(node, replica);
      }
    }
  }

  #heartbeat(sync: boolean): void {
    const payload = { n: this.nodeId, i: this.#incarnation, s: this.#seq };
    this.#send({ event: "heartbeat", payload: sync ? { ...payload, sync } : payload });
  }

  #send(message: Replication, to?: string): void {
    const envelope: PubSubMessage = { topic: this.#topic, event: message.event, payload: message.payload };
    try {
      if (to === undefined) this.#pubsub.broadcast(envelope);
      else this.#pubsub.direct(to, envelope);
    } catch (error) {
      // The bus refused it; heartbeats will reveal the gap and trigger a resync.
      this.#log.error({ err: error, event: message.event }, "presence replication send failed");
    }
  }

  #receive(message: PubSubMessage): void {
    const parsed = parseReplication(message.event, message.payload);
    if (!parsed) {
      this.#log.warn({ event: message.event }, "ignoring malformed presence replication message");
      return;
    }
    const { n: node, i: incarnation } = parsed.payload;
    if (node === this.nodeId) return;
    if (parsed.event === "state_request") {
      this.#sendState(node);
      return;
    }
    if (parsed.event === "goodbye") {
      const replica = this.#replicas.get(node);
      if (replica?.incarnation === incarnation) this.#dropReplica(node, replica);
      return;
    }
    const replica = this.#replicaOf(node, incarnation, parsed.event !== "state");
    if (!replica) return;
    replica.lastSeen = performance.now();
    switch (parsed.event) {
      case "heartbeat":
        if (parsed.payload.sync) this.#sendState(node);
        if (parsed.payload.s !== replica.seq) this.#requestState(node, replica);
        break;
      case "delta": {
        const { p, s, j, l } = parsed.payload;
        if (replica.seq < 0 || s <= replica.seq) break;
        if (p !== replica.seq) {
          this.#requestState(node, replica);
          break;
        }
        for (const [topic, key, meta] of j) this.#addRemote(replica, { topic, key, meta: Object.freeze(meta) });
        for (const ref of l) this.#removeRemote(replica, ref);
        replica.seq = s;
        this.#scheduleFlush();
        break;
      }
      case "state": {
        const { s, e } = parsed.payload;
        if (s < replica.seq) break;
        this.#metrics.stateTransfers.inc();
        const incoming = new Set<string>();
        for (const [topic, key, meta] of e) {
          incoming.add(meta.phx_ref);
          this.#addRemote(replica, { topic, key, meta: Object.freeze(meta) });
        }
        for (const ref of [...replica.entries.keys()]) if (!incoming.has(ref)) this.#removeRemote(replica, ref);
        replica.seq = s;
        this.#scheduleFlush();
        break;
      }
    }
  }

  /** The replica for a message, creating or replacing it; undefined for a stale incarnation. */
  #replicaOf(node: string, incarnation: string, requestIfNew: boolean): Replica | undefined {
    const known = this.#replicas.get(node);
    if (known?.incarnation === incarnation) return known;
    if (known && incarnation < known.incarnation) return undefined;
    if (known) {
      this.#log.info({ peer: node }, "node restarted: replacing its presences");
      this.#dropReplica(node, known);
    }
    const replica: Replica = { incarnation, seq: -1, lastSeen: performance.now(), requestedAt: -Infinity, entries: new Map() };
    this.#replicas.set(node, replica);
    if (requestIfNew) this.#requestState(node, replica);
    return replica;
  }

  #requestState(node: string, replica: Replica): void {
    const now = performance.now();
    // One outstanding request per heartbeat period: gaps during a storm must not become a request storm.
    if (now - replica.requestedAt < this.#heartbeatMs) return;
    replica.requestedAt = now;
    this.#send({ event: "state_request", payload: { n: this.nodeId, i: this.#incarnation } }, node);
  }

  #sendState(node: string): void {
    // Send pending changes first so the state's number covers exactly what it contains.
    this.#sendDelta();
    const e: [string, string, PresenceMeta][] = [];
    for (const entry of this.#own.values()) e.push([entry.topic, entry.key, entry.meta]);
    this.#send({ event: "state", payload: { n: this.nodeId, i: this.#incarnation, s: this.#seq, e } }, node);
  }

  #addRemote(replica: Replica, entry: PresenceEntry): void {
    if (replica.entries.has(entry.meta.phx_ref)) return;
    replica.entries.set(entry.meta.phx_ref, entry);
    this.#view.join(entry);
  }

  #removeRemote(replica: Replica, ref: string): void {
    const entry = replica.entries.get(ref);
    if (!entry) return;
    replica.entries.delete(ref);
    this.#view.leave(entry);
  }

  #dropReplica(node: string, replica: Replica): void {
    this.#replicas.delete(node);
    for (const entry of replica.entries.values()) this.#view.leave(entry);
    this.#scheduleFlush();
  }
}

function positive(name: string, value: number, unit = "milliseconds"): number {
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`Tracker: ${name} must be a positive number of ${unit}`);
  return value;
}

function checkId(name: string, value: string): void {
  if (typeof value !== "string" || value === "") throw new TypeError(`Tracker: ${name} must be a non-empty string`);
}

function checkIds(owner: string, topic: string, key: string): void {
  checkId("owner", owner);
  checkId("topic", topic);
  checkId("key", key);
}

function checkMeta(meta: unknown): Meta {
  if (meta === null || typeof meta !== "object" || Array.isArray(meta)) throw new TypeError("Tracker: meta must be a plain object");
  try {
    JSON.stringify(meta);
  } catch (error) {
    throw new TypeError(`Tracker: meta must be JSON-serialisable: ${String(error)}`);
  }
  return meta as Meta;
}
