/** Where a topic's stream is: `offset` is the last message's (0 before the first) within `epoch`. */
export interface StreamPosition {
  readonly epoch: string;
  readonly offset: number;
}

/** One kept message: what was broadcast, and the offset it got. */
export interface HistoryEntry {
  readonly offset: number;
  readonly event: string;
  readonly payload: unknown;
}

/** How much of a topic's stream is kept: the last `maxMessages` and/or the last `ttlSeconds`. At least one is set. */
export interface Retention {
  readonly maxMessages?: number;
  readonly ttlSeconds?: number;
}

/**
 * The answer to "what did I miss since `since`?": every message after it, in
 * offset order, up to `position` (the stream's top when it was read), or
 * `recovered: false` with the current position when that is not possible.
 */
export type Recovery =
  | { readonly recovered: true; readonly position: StreamPosition; readonly entries: readonly HistoryEntry[] }
  | { readonly recovered: false; readonly position: StreamPosition };

/**
 * Per-topic message history, shared by the whole cluster (Centrifugo's
 * history part of its Broker). Only topics the application configured for
 * history use it; the engine appends before it broadcasts, so the offset
 * travels with the message.
 *
 * Guarantees every implementation gives:
 * - Offsets: within an epoch, the offsets of a topic start at 1 and are
 *   consecutive (each append gets the last one plus 1) and strictly
 *   increasing, whichever node appends: they are assigned by the store
 *   itself in one atomic step (Redis: one script), never by a node. Two
 *   appends never get the same (epoch, offset).
 * - Ordering: `recover` returns entries in offset order. Appends issued by
 *   one caller one after the other resolve in that order (one connection).
 * - Epoch: names one unbroken life of a topic's stream. It changes when the
 *   store lost what it knew of the topic (a restarted memory store, Redis
 *   losing its data or evicting the keys, the topic's meta expiring after
 *   `metaTtlSeconds` without appends, `forget`); then offsets start at 1
 *   again, and every `since` from the old epoch answers `recovered: false`.
 *   The epoch never changes while the store keeps the topic.
 * - Trim: entries past the topic's retention (older than the last
 *   `maxMessages`, older than `ttlSeconds`) are dropped; the offsets and the
 *   epoch are not reset by trimming. `recover` succeeds only when every entry
 *   after `since` is still kept (or none was appended after it); a `since`
 *   whose successors were trimmed, from another epoch, or ahead of the top
 *   answers `recovered: false` with the current position, and the caller
 *   resyncs from its source of truth.
 * - Cluster-wide: every node reading one store sees one stream per topic
 *   (same epoch, same offsets, same entries); `position` and `recover` read
 *   the store, not a node's copy.
 * - Bounded: a store keeps at most `maxMessages` entries per topic (when
 *   set) and forgets entries past `ttlSeconds`; the memory store also keeps
 *   at most `maxTopics` topics, forgetting the least recently appended.
 *
 * Failures (store unreachable) reject; nothing is retried behind the
 * caller's back. `close` is idempotent.
 */
export interface History {
  start(): Promise<void>;
  close(): Promise<void>;
  /** Keeps one message of `topic` and answers the position it got. */
  append(topic: string, entry: { readonly event: string; readonly payload: unknown }, retention: Retention): Promise<StreamPosition>;
  /** The current position of `topic` (offset 0 in a fresh epoch if the store knows nothing of it). */
  position(topic: string): Promise<StreamPosition>;
  /** What was appended to `topic` after `since`, or why that cannot be told. */
  recover(topic: string, since: StreamPosition, retention: Retention): Promise<Recovery>;
  /**
   * Drops what is kept of `topic` and ends its epoch, on every node: the next
   * read or append begins a new one. For a stream known to have a hole (a
   * broadcast that went out without being kept), so no `since` before it
   * can recover past it.
   */
  forget(topic: string): Promise<void>;
}
