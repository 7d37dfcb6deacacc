import type { Logger } from "pino";
import { Counter, type Registry } from "prom-client";
import type { PubSubMessage } from "../pubsub/pubsub.ts";
import { BoundedLog } from "../transport/bounded-log.ts";
import type { History, HistoryEntry, Retention, StreamPosition } from "./history.ts";
import { type RetentionRules, TopicRetention } from "./retention.ts";
import { HISTORY_KEY, isPlainObject, type JoinPosition } from "./wire.ts";

/** The endpoint's `history` option: which topics keep history, where, and how long a node waits for a late offset. */
export interface HistoryOptions {
  /** Where history is kept: `MemoryHistory` for one node, `RedisHistory` for a cluster. The endpoint starts and closes it. */
  readonly store: History;
  /** Topic pattern → retention (`{"room:*": {maxMessages: 100, ttlSeconds: 300}}`); other topics keep none. */
  readonly topics: RetentionRules;
  /** How long a broadcast ahead of a missing offset is held before the gap is read from the store. Default 250 ms. */
  readonly reorderMs?: number;
}

/** What a join of a history topic learns: the reply's `_history`, and the missed messages to push after it. */
export interface JoinRecovery {
  readonly reply: JoinPosition;
  readonly entries: readonly HistoryEntry[];
}

/**
 * The engine's side of history: which topics keep it, appending before a
 * broadcast (so the position travels with the message), answering joins
 * that recover, and reading gaps for `OffsetOrder`.
 */
export class TopicHistory {
  readonly store: History;
  readonly reorderMs: number;
  readonly #retention: TopicRetention;
  readonly #log: BoundedLog;
  readonly #appendErrors: Counter;
  readonly #recoveries: Counter<"outcome">;
  /**
   * Topics whose stream has a hole (a broadcast went out that the store did
   * not keep) and whose epoch is not yet ended; with the `forget` under way,
   * if any. Appends wait for it: none may land in the old epoch after the hole.
   */
  readonly #holes = new Map<string, Promise<void> | undefined>();

  constructor(options: HistoryOptions, registry: Registry, logger: Logger) {
    this.store = options.store;
    this.reorderMs = options.reorderMs ?? 250;
    if (!(this.reorderMs > 0)) throw new RangeError("history.reorderMs must be positive");
    this.#retention = new TopicRetention(options.topics);
    this.#log = new BoundedLog(logger);
    this.#appendErrors = new Counter({
      name: "plenum_history_append_errors_total",
      help: "Broadcasts on history topics the store could not keep (sent live without a position)",
      registers: [registry],
    });
    this.#recoveries = new Counter({
      name: "plenum_history_recoveries_total",
      help: "Joins that asked to recover, by outcome (recovered, failed: trimmed or another epoch, unavailable: store error)",
      labelNames: ["outcome"],
      registers: [registry],
    });
  }

  retention(topic: string): Retention | undefined {
    return this.#retention.of(topic);
  }

  /**
   * Keeps `message` and hands it on with its position. A store that fails
   * does not stop the broadcast: it goes out live without a position,
   * counted and logged, and the topic's epoch is ended (`forget`) before its
   * next append, so a client that was away when it went out is told
   * `recovered: false` instead of getting the messages around it as if
   * nothing were missing.
   */
  publish(message: PubSubMessage, retention: Retention, broadcast: (message: PubSubMessage) => void): void {
    if (!isPlainObject(message.payload)) {
      throw new TypeError(`history topic ${message.topic}: a broadcast payload must be a plain object (it carries "${HISTORY_KEY}")`);
    }
    const { topic, event, payload } = message;
    const append = (): Promise<StreamPosition> => this.store.append(topic, { event, payload }, retention);
    const repair = this.#holes.has(topic) ? this.#repair(topic) : undefined;
    (repair ? repair.then(append) : append())
      .then(
        (position) => broadcast({ ...message, position }),
        (error: unknown) => {
          this.#appendErrors.inc();
          this.#log.warn("history_append", { err: error, topic }, "history store failed: broadcast sent without a position");
          this.#holes.set(topic, this.#holes.get(topic));
          void this.#repair(topic).catch(() => {});
          broadcast(message);
        },
      )
      .catch((error: unknown) => this.#log.warn("history_broadcast", { err: error, topic }, "broadcast after history append failed"));
  }

  /** Ends the epoch of a topic with a hole, once however many appends wait; a failure leaves the hole for the next append to retry. */
  #repair(topic: string): Promise<void> {
    const pending = this.#holes.get(topic);
    if (pending) return pending;
    const repair = this.store.forget(topic).then(
      () => void this.#holes.delete(topic),
      (error: unknown) => {
        this.#holes.set(topic, undefined);
        throw error;
      },
    );
    this.#holes.set(topic, repair);
    return repair;
  }

  /** The join reply's position, and with `since` the messages missed after it (none when they cannot all be told). */
  async join(topic: string, retention: Retention, since: StreamPosition | undefined): Promise<JoinRecovery> {
    try {
      if (since === undefined) return { reply: await this.store.position(topic), entries: [] };
      const recovery = await this.store.recover(topic, since, retention);
      this.#recoveries.inc({ outcome: recovery.recovered ? "recovered" : "failed" });
      const entries = recovery.recovered ? recovery.entries : [];
      return { reply: { recovered: recovery.recovered, ...recovery.position }, entries };
    } catch (error) {
      if (since !== undefined) this.#recoveries.inc({ outcome: "unavailable" });
      this.#log.warn("history_read", { err: error, topic }, "history store failed: joined without a position");
      return { reply: { ...(since === undefined ? {} : { recovered: false }), epoch: null, offset: null }, entries: [] };
    }
  }

  /** The entries after `since`, for a node that saw a gap; undefined when the store no longer has them all. */
  async fill(topic: string, since: StreamPosition): Promise<readonly HistoryEntry[] | undefined> {
    const retention = this.retention(topic);
    if (!retention) return undefined;
    const recovery = await this.store.recover(topic, since, retention);
    return recovery.recovered ? recovery.entries : undefined;
  }
}
