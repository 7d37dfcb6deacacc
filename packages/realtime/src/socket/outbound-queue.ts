import { frameSize, type Frame } from "../protocol/serializer.ts";
import type { BudgetMember, ByteBudget } from "./byte-budget.ts";

export interface QueueLimits {
  /** Most frames waiting to be written. */
  readonly maxMessages: number;
  /** Most bytes waiting to be written, counting what the transport holds unflushed. */
  readonly maxBytes: number;
}

/** Where a frame goes once the queue lets it out. `done` runs when the bytes left the process. */
export interface Sink {
  write(frame: Frame, done: () => void): void;
}

/**
 * "overflow": this socket passed its own limits; "over_budget": the node's
 * queues together are full and this socket is the furthest behind.
 */
export type EnqueueResult = "written" | "queued" | "coalesced" | "overflow" | "over_budget";

interface Entry {
  frame: Frame;
  bytes: number;
  key: string | undefined;
}

/**
 * The per-socket outbound queue: the only place a socket's outgoing memory
 * can grow, and it cannot grow past its limits.
 *
 * Frames go straight to the sink while the sink's unflushed bytes stay under
 * `highWater`; past that they wait here (backpressure from a slow reader).
 * A frame with a coalesce key replaces the waiting frame with the same key in
 * place: the client gets the newest value at the older position, never a
 * backlog of stale ones. When frames plus unflushed bytes would pass the
 * limits, `enqueue` answers "overflow" and the owner closes the connection;
 * the client reconnects and resyncs, which is cheaper for everyone than an
 * unbounded buffer. Queues sharing a node `ByteBudget` make room there by
 * shedding the queues furthest behind, and answer "over_budget" when they are
 * that queue themselves.
 */
export class OutboundQueue implements BudgetMember {
  readonly #limits: QueueLimits;
  readonly #sink: Sink;
  readonly #highWater: number;
  readonly #budget: ByteBudget | undefined;
  readonly #onShed: (() => void) | undefined;
  #entries: Entry[] = [];
  #head = 0;
  readonly #byKey = new Map<string, Entry>();
  #queuedBytes = 0;
  #inFlightBytes = 0;
  #closed = false;

  /** `onShed`: the node's budget dropped this queue to make room for others; the owner closes the connection. */
  constructor(sink: Sink, limits: QueueLimits, options: { highWater?: number; budget?: ByteBudget; onShed?: () => void } = {}) {
    this.#sink = sink;
    this.#limits = limits;
    this.#highWater = options.highWater ?? 64 * 1024;
    this.#budget = options.budget;
    this.#onShed = options.onShed;
    this.#budget?.join(this);
  }

  get length(): number {
    return this.#entries.length - this.#head;
  }

  /** Bytes held for this socket: waiting here plus written but not yet flushed. */
  get bytes(): number {
    return this.#queuedBytes + this.#inFlightBytes;
  }

  get waitingBytes(): number {
    return this.#queuedBytes;
  }

  shed(): void {
    if (this.#closed) return;
    this.close();
    this.#onShed?.();
  }

  enqueue(frame: Frame, coalesceKey?: string): EnqueueResult {
    if (this.#closed) return "overflow";
    const bytes = frameSize(frame);
    if (coalesceKey !== undefined) {
      const waiting = this.#byKey.get(coalesceKey);
      if (waiting) {
        if (bytes > waiting.bytes && !this.#budgetFits(bytes - waiting.bytes)) return "over_budget";
        this.#adjustQueued(bytes - waiting.bytes);
        waiting.frame = frame;
        waiting.bytes = bytes;
        return this.bytes > this.#limits.maxBytes ? "overflow" : "coalesced";
      }
    }
    if (!this.#budgetFits(bytes)) return "over_budget";
    if (this.length === 0 && this.#inFlightBytes < this.#highWater) {
      this.#write(frame, bytes);
      return "written";
    }
    if (this.length + 1 > this.#limits.maxMessages || this.bytes + bytes > this.#limits.maxBytes) {
      return "overflow";
    }
    const entry: Entry = { frame, bytes, key: coalesceKey };
    this.#entries.push(entry);
    if (coalesceKey !== undefined) this.#byKey.set(coalesceKey, entry);
    this.#adjustQueued(bytes);
    return "queued";
  }

  /** Drops everything waiting; later enqueues overflow. Idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#budget?.leave(this);
    this.#adjustQueued(-this.#queuedBytes);
    this.#entries = [];
    this.#head = 0;
    this.#byKey.clear();
  }

  /** A socket keeping up (nothing waiting) always gets its frame written; room for others is made by shedding. */
  #budgetFits(bytes: number): boolean {
    return this.#budget === undefined || this.length === 0 || this.#budget.reserve(this, bytes);
  }

  #write(frame: Frame, bytes: number): void {
    this.#inFlightBytes += bytes;
    this.#budget?.bytesChanged(bytes);
    this.#sink.write(frame, () => {
      this.#inFlightBytes -= bytes;
      this.#budget?.bytesChanged(-bytes);
      this.#flush();
    });
  }

  #flush(): void {
    while (!this.#closed && this.length > 0 && this.#inFlightBytes < this.#highWater) {
      const entry = this.#entries[this.#head]!;
      this.#entries[this.#head++] = undefined as unknown as Entry;
      if (entry.key !== undefined && this.#byKey.get(entry.key) === entry) this.#byKey.delete(entry.key);
      this.#adjustQueued(-entry.bytes);
      this.#write(entry.frame, entry.bytes);
    }
    // Compact once the consumed prefix dominates, keeping shifts amortised O(1).
    if (this.#head > 1024 && this.#head * 2 > this.#entries.length) {
      this.#entries = this.#entries.slice(this.#head);
      this.#head = 0;
    }
  }

  #adjustQueued(delta: number): void {
    this.#queuedBytes += delta;
    this.#budget?.bytesChanged(delta);
  }
}
