/** A queue drawing on a node's budget, as the budget sees it. */
export interface BudgetMember {
  /** Bytes waiting to be written (not those already handed to the transport). */
  readonly waitingBytes: number;
  /** Drop this member's waiting bytes and its connection: it is too far behind. */
  shed(): void;
}

/**
 * Bytes held by every outbound queue of one node, against one limit.
 *
 * Per-socket limits bound one client; they do not bound a node whose many
 * clients each hold a little less than their limit (a join storm where every
 * joiner is sent a large state). This does: when a queue needs room past the
 * budget, the members furthest behind (most bytes waiting) are shed until it
 * fits, and the asking queue is refused instead when it is itself furthest
 * behind. A reader keeping up (nothing waiting) always gets its frame
 * written. So waiting frames never pass `maxBytes` on the node; what sits in
 * transports is bounded per socket by the queue's high-water mark plus one
 * frame.
 *
 * Shedding scans the members, O(sockets); it runs only past the budget, and
 * each shed frees a whole backlog.
 */
export class ByteBudget {
  readonly maxBytes: number;
  readonly #onChange: ((delta: number) => void) | undefined;
  readonly #members = new Set<BudgetMember>();
  #used = 0;

  constructor(maxBytes: number, onChange?: (delta: number) => void) {
    if (!(maxBytes > 0)) throw new RangeError(`ByteBudget: maxBytes must be a positive number, got ${maxBytes}`);
    this.maxBytes = maxBytes;
    this.#onChange = onChange;
  }

  /** Bytes held by all queues sharing this budget, waiting or in flight. */
  get used(): number {
    return this.#used;
  }

  join(member: BudgetMember): void {
    this.#members.add(member);
  }

  leave(member: BudgetMember): void {
    this.#members.delete(member);
  }

  /**
   * Makes room for `bytes` more for `asking`, shedding members further behind
   * than it. False when `asking` is the one furthest behind: it must not grow.
   */
  reserve(asking: BudgetMember, bytes: number): boolean {
    while (this.#used + bytes > this.maxBytes) {
      let worst: BudgetMember | undefined;
      for (const member of this.#members) if (!worst || member.waitingBytes > worst.waitingBytes) worst = member;
      if (!worst || worst === asking || worst.waitingBytes <= asking.waitingBytes) return false;
      worst.shed();
      // A member that does not leave on shed would be picked forever.
      this.#members.delete(worst);
    }
    return true;
  }

  bytesChanged(delta: number): void {
    this.#used += delta;
    this.#onChange?.(delta);
  }
}
