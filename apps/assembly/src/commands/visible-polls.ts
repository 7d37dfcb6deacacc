import { DomainError } from "../domain/errors.ts";
import type { Store } from "../store/store.ts";

/**
 * Polls past draft, by event: a poll never changes event and never returns to
 * draft, so once seen it needs no query per ballot (its status is checked by
 * `castBallot` inside the write). Bounded, oldest forgotten first.
 */
export class VisiblePolls {
  readonly #store: Store;
  readonly #eventOf = new Map<string, string>();
  readonly #max: number;

  constructor(store: Store, max = 1000) {
    this.#store = store;
    this.#max = max;
  }

  /** Resolves when participants of `eventId` may see poll `pollId`; `not_found` otherwise, as for an unknown poll. */
  async check(eventId: string, pollId: string): Promise<void> {
    const known = this.#eventOf.get(pollId);
    if (known === eventId) return;
    if (known !== undefined) throw pollNotFound();
    const poll = await this.#store.getPoll(pollId).catch((error: unknown) => {
      throw error instanceof DomainError && error.code === "not_found" ? pollNotFound() : error;
    });
    if (poll.eventId !== eventId || poll.status === "draft") throw pollNotFound();
    if (this.#eventOf.size >= this.#max) this.#eventOf.delete(this.#eventOf.keys().next().value as string);
    this.#eventOf.set(pollId, eventId);
  }
}

const pollNotFound = () => new DomainError("not_found", "poll not found");
