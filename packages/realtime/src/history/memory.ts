import { randomBytes } from "node:crypto";
import type { History, HistoryEntry, Recovery, Retention, StreamPosition } from "./history.ts";
import { checkEntry, checkPosition, checkRetention, checkTopic } from "./retention.ts";

export interface MemoryHistoryOptions {
  /** Most topics kept; past it the least recently appended topic is forgotten (its epoch ends). Default 100,000. */
  readonly maxTopics?: number;
  /** A topic nobody appended to for this long is forgotten (its epoch ends). Default 24 h. */
  readonly metaTtlSeconds?: number;
  /** How often expired entries and topics are swept away. Default 5 s. */
  readonly sweepMs?: number;
}

interface Kept extends HistoryEntry {
  readonly at: number;
}

class Stream {
  readonly epoch = randomBytes(6).toString("base64url");
  top = 0;
  lastAppend = Date.now();
  entries: Kept[] = [];

  /** Drops what the retention no longer keeps. */
  trim(retention: Retention | undefined, now: number): void {
    const entries = this.entries;
    let drop = 0;
    if (retention?.maxMessages !== undefined) drop = Math.max(0, entries.length - retention.maxMessages);
    if (retention?.ttlSeconds !== undefined) {
      const oldest = now - retention.ttlSeconds * 1000;
      while (drop < entries.length && entries[drop]!.at < oldest) drop++;
    }
    if (drop > 0) this.entries = entries.slice(drop);
  }
}

/**
 * {@link History} in this process: the cluster is this process, and a
 * restart begins new epochs. Bounded: at most `maxMessages` entries per
 * topic, and at most `maxTopics` topics.
 */
export class MemoryHistory implements History {
  /** Insertion order is append recency: a topic is moved to the end on each append. */
  readonly #streams = new Map<string, { stream: Stream; retention: Retention | undefined }>();
  readonly #maxTopics: number;
  readonly #metaTtlMs: number;
  readonly #sweepMs: number;
  #sweep: NodeJS.Timeout | undefined;

  constructor(options: MemoryHistoryOptions = {}) {
    this.#maxTopics = options.maxTopics ?? 100_000;
    this.#metaTtlMs = (options.metaTtlSeconds ?? 86_400) * 1000;
    this.#sweepMs = options.sweepMs ?? 5_000;
    if (!Number.isInteger(this.#maxTopics) || this.#maxTopics < 1)
      throw new RangeError("MemoryHistory: maxTopics must be a positive integer");
    if (!(this.#metaTtlMs > 0)) throw new RangeError("MemoryHistory: metaTtlSeconds must be positive");
    if (!(this.#sweepMs > 0)) throw new RangeError("MemoryHistory: sweepMs must be positive");
  }

  async start(): Promise<void> {
    this.#sweep ??= setInterval(() => this.#sweepAll(), this.#sweepMs).unref();
  }

  async close(): Promise<void> {
    clearInterval(this.#sweep);
    this.#streams.clear();
  }

  /** What is kept now, over all topics: for bounds checks and metrics. */
  get retained(): { topics: number; messages: number } {
    let messages = 0;
    for (const { stream } of this.#streams.values()) messages += stream.entries.length;
    return { topics: this.#streams.size, messages };
  }

  async append(topic: string, entry: { readonly event: string; readonly payload: unknown }, retention: Retention): Promise<StreamPosition> {
    checkTopic(topic);
    checkEntry(entry);
    checkRetention(retention);
    const now = Date.now();
    const stream = this.#live(topic, now) ?? new Stream();
    this.#keep(topic, stream, retention);
    const offset = ++stream.top;
    stream.lastAppend = now;
    stream.entries.push({ offset, event: entry.event, payload: entry.payload, at: now });
    stream.trim(retention, now);
    return { epoch: stream.epoch, offset };
  }

  async position(topic: string): Promise<StreamPosition> {
    checkTopic(topic);
    const stream = this.#known(topic);
    return { epoch: stream.epoch, offset: stream.top };
  }

  async recover(topic: string, since: StreamPosition, retention: Retention): Promise<Recovery> {
    checkTopic(topic);
    checkPosition(since);
    checkRetention(retention);
    const stream = this.#known(topic);
    stream.trim(retention, Date.now());
    const position = { epoch: stream.epoch, offset: stream.top };
    if (since.epoch !== stream.epoch || since.offset > stream.top) return { recovered: false, position };
    const missed = stream.top - since.offset;
    const kept = stream.entries;
    if (missed > kept.length) return { recovered: false, position };
    const entries = kept.slice(kept.length - missed).map(({ offset, event, payload }) => ({ offset, event, payload }));
    return { recovered: true, position, entries };
  }

  async forget(topic: string): Promise<void> {
    checkTopic(topic);
    this.#streams.delete(topic);
  }

  /** The topic's stream, starting an epoch if none is kept (a read makes the epoch exist, as in Redis). */
  #known(topic: string): Stream {
    const live = this.#live(topic, Date.now());
    if (live) return live;
    const stream = new Stream();
    this.#keep(topic, stream, undefined);
    return stream;
  }

  /** Makes `topic` the most recent, forgetting the least recent one past `maxTopics`. */
  #keep(topic: string, stream: Stream, retention: Retention | undefined): void {
    this.#streams.delete(topic);
    this.#streams.set(topic, { stream, retention });
    if (this.#streams.size > this.#maxTopics) this.#streams.delete(this.#streams.keys().next().value!);
  }

  #live(topic: string, now: number): Stream | undefined {
    const kept = this.#streams.get(topic);
    if (!kept) return undefined;
    if (now - kept.stream.lastAppend > this.#metaTtlMs) {
      this.#streams.delete(topic);
      return undefined;
    }
    return kept.stream;
  }

  #sweepAll(): void {
    const now = Date.now();
    for (const [topic, { stream, retention }] of this.#streams) {
      if (now - stream.lastAppend > this.#metaTtlMs) this.#streams.delete(topic);
      else stream.trim(retention, now);
    }
  }
}
