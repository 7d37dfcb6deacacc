import { DomainError } from "../domain/errors.ts";
import type { Poll } from "../domain/poll.ts";

/**
 * Polls past draft, by event: a poll never changes event and never returns to
 * draft, so once seen it needs no query per ballot (its status is checked by
 * `ballots.cast` inside the write). Bounded, oldest forgotten first.
 */
export class VisiblePolls {
  readonly #eventOf = new Map<string, string>();
  readonly #max: number;

  constructor(max = 1000) {
    this.#max = max;
  }

  /** Resolves when participants of `eventId` may see poll `pollId`; `not_found` otherwise, as for an unknown poll. */
  async check(eventId: string, pollId: string, load: (pollId: string) => Promise<Poll>): Promise<void> {
    const known = this.#eventOf.get(pollId);
    if (known === eventId) return;
    if (known !== undefined) throw pollNotFound();
    const poll = await load(pollId).catch((error: unknown) => {
      throw error instanceof DomainError && error.code === "not_found" ? pollNotFound() : error;
    });
    if (poll.eventId !== eventId || poll.status === "draft") throw pollNotFound();
    if (this.#eventOf.size >= this.#max) this.#eventOf.delete(this.#eventOf.keys().next().value as string);
    this.#eventOf.set(pollId, eventId);
  }
}

const pollNotFound = () => new DomainError("not_found", "poll not found");
