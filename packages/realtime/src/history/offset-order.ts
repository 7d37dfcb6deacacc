import type { PubSubMessage } from "../pubsub/pubsub.ts";
import type { HistoryEntry, StreamPosition } from "./history.ts";

/** Reads the entries after `since` from the store; undefined when they are gone. */
export type FillGap = (since: StreamPosition) => Promise<readonly HistoryEntry[] | undefined>;

/**
 * Puts one topic's broadcasts back into offset order on this node. Offsets
 * are assigned by the store, but the bus keeps order per publisher only: two
 * nodes appending at once may have their broadcasts cross. A broadcast ahead
 * of the next offset is held; the missing ones usually arrive within
 * milliseconds, and after `waitMs` they are read from the store instead (which
 * also repairs what the bus lost while it was down). A duplicate or an offset
 * already passed is dropped. A new epoch starts over (what is held from the
 * old one is let go first, in order). Messages without a position pass
 * through. Until `start` (the store's position when this node subscribed)
 * is known, everything is held: a broadcast at or below it is one no local
 * channel takes (their joins read the top after subscribing), and the first
 * arrival is not mistaken for the next.
 */
export class OffsetOrder {
  readonly #topic: string;
  readonly #deliver: (message: PubSubMessage) => void;
  readonly #fill: FillGap;
  readonly #waitMs: number;
  #epoch: string | undefined;
  #last = 0;
  readonly #held = new Map<number, PubSubMessage>();
  #timer: NodeJS.Timeout | undefined;
  #filling = false;
  #closed = false;
  /** Arrivals before the start position is known. */
  #early: PubSubMessage[] | undefined = [];

  constructor(
    topic: string,
    deliver: (message: PubSubMessage) => void,
    fill: FillGap,
    waitMs: number,
    start: Promise<StreamPosition | undefined>,
  ) {
    this.#topic = topic;
    this.#deliver = deliver;
    this.#fill = fill;
    this.#waitMs = waitMs;
    void start
      .catch(() => undefined)
      .then((position) => {
        if (position) {
          this.#epoch = position.epoch;
          this.#last = position.offset;
        }
        const early = this.#early ?? [];
        this.#early = undefined;
        for (const message of early) this.accept(message);
      });
  }

  accept(message: PubSubMessage): void {
    if (this.#closed) return;
    if (this.#early) {
      this.#early.push(message);
      return;
    }
    const position = message.position;
    if (position === undefined) {
      this.#deliver(message);
      return;
    }
    if (position.epoch !== this.#epoch) {
      this.#release();
      this.#epoch = position.epoch;
      this.#last = position.offset - 1;
    }
    if (position.offset <= this.#last || this.#held.has(position.offset)) return;
    this.#held.set(position.offset, message);
    this.#drain();
  }

  /** Stops holding and delivering (the topic's last local subscriber left). */
  close(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#held.clear();
  }

  /** Delivers every held message that is next in line; waits for the rest. */
  #drain(): void {
    for (let next = this.#held.get(this.#last + 1); next !== undefined; next = this.#held.get(this.#last + 1)) {
      this.#held.delete(++this.#last);
      this.#deliver(next);
    }
    if (this.#held.size === 0) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    } else if (this.#timer === undefined && !this.#filling) {
      this.#timer = setTimeout(() => void this.#fillGap(), this.#waitMs).unref();
    }
  }

  async #fillGap(): Promise<void> {
    this.#timer = undefined;
    const epoch = this.#epoch;
    if (epoch === undefined || this.#held.size === 0) return;
    this.#filling = true;
    let entries: readonly HistoryEntry[] | undefined;
    try {
      entries = await this.#fill({ epoch, offset: this.#last });
    } catch {
      entries = undefined;
    }
    this.#filling = false;
    if (this.#closed || epoch !== this.#epoch) return;
    for (const entry of entries ?? []) {
      if (entry.offset > this.#last && !this.#held.has(entry.offset)) {
        this.#held.set(entry.offset, {
          topic: this.#topic,
          event: entry.event,
          payload: entry.payload,
          position: { epoch, offset: entry.offset },
        });
      }
    }
    // What the store no longer has is skipped: the gap stays visible in the offsets.
    if (this.#held.size > 0 && !this.#held.has(this.#last + 1)) this.#last = Math.min(...this.#held.keys()) - 1;
    this.#drain();
  }

  /** Lets go of everything held, in offset order, gaps and all. */
  #release(): void {
    for (const offset of [...this.#held.keys()].sort((a, b) => a - b)) this.#deliver(this.#held.get(offset)!);
    this.#held.clear();
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
