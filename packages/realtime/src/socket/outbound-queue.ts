import { frameSize, type Frame } from "../protocol/serializer.ts";

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

export type EnqueueResult = "written" | "queued" | "coalesced" | "overflow";

interface Entry {
  frame: Frame;
  bytes: number;
  key: string | undefined;
}

/** Observes every byte the queue holds, so one gauge can sum all sockets. */
export interface QueueObserver {
  bytesChanged(delta: number): void;
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
 * unbounded buffer.
 */
export class OutboundQueue {
  readonly #limits: QueueLimits;
  readonly #sink: Sink;
  readonly #highWater: number;
  readonly #observer: QueueObserver | undefined;
  #entries: Entry[] = [];
  #head = 0;
  readonly #byKey = new Map<string, Entry>();
  #queuedBytes = 0;
  #inFlightBytes = 0;
  #closed = false;

  constructor(sink: Sink, limits: QueueLimits, options: { highWater?: number; observer?: QueueObserver } = {}) {
    this.#sink = sink;
    this.#limits = limits;
    this.#highWater = options.highWater ?? 64 * 1024;
    this.#observer = options.observer;
  }

  get length(): number {
    return this.#entries.length - this.#head;
  }

  /** Bytes held for this socket: waiting here plus written but not yet flushed. */
  get bytes(): number {
    return this.#queuedBytes + this.#inFlightBytes;
  }

  enqueue(frame: Frame, coalesceKey?: string): EnqueueResult {
    if (this.#closed) return "overflow";
    const bytes = frameSize(frame);
    if (coalesceKey !== undefined) {
      const waiting = this.#byKey.get(coalesceKey);
      if (waiting) {
        this.#adjustQueued(bytes - waiting.bytes);
        waiting.frame = frame;
        waiting.bytes = bytes;
        return this.bytes > this.#limits.maxBytes ? "overflow" : "coalesced";
      }
    }
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
    this.#adjustQueued(-this.#queuedBytes);
    this.#entries = [];
    this.#head = 0;
    this.#byKey.clear();
  }

  #write(frame: Frame, bytes: number): void {
    this.#inFlightBytes += bytes;
    this.#observer?.bytesChanged(bytes);
    this.#sink.write(frame, () => {
      this.#inFlightBytes -= bytes;
      this.#observer?.bytesChanged(-bytes);
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
    this.#observer?.bytesChanged(delta);
  }
}
