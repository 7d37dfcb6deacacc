import { DomainError } from "../domain/errors.ts";
import type { Poll, PollKind } from "../domain/poll.ts";

/**
 * Polls past draft, by event: a poll never changes event and never returns to
 * draft, so once seen it needs no query per ballot (its status is checked by
 * `ballots.cast` inside the write), nor its kind. Bounded, oldest forgotten first.
 */
export class VisiblePolls {
  readonly #seen = new Map<string, { readonly eventId: string; readonly kind: PollKind }>();
  readonly #max: number;

  constructor(max = 1000) {
    this.#max = max;
  }

  /** The poll's kind, once participants of `eventId` may see poll `pollId`; `not_found` otherwise, as for an unknown poll. */
  async check(eventId: string, pollId: string, load: (pollId: string) => Promise<Poll>): Promise<PollKind> {
    const known = this.#seen.get(pollId);
    if (known?.eventId === eventId) return known.kind;
    if (known !== undefined) throw pollNotFound();
    const poll = await load(pollId).catch((error: unknown) => {
      throw error instanceof DomainError && error.code === "not_found" ? pollNotFound() : error;
    });
    if (poll.eventId !== eventId || poll.status === "draft") throw pollNotFound();
    if (this.#seen.size >= this.#max) this.#seen.delete(this.#seen.keys().next().value as string);
    this.#seen.set(pollId, { eventId, kind: poll.kind });
    return poll.kind;
  }
}

const pollNotFound = () => new DomainError("not_found", "poll not found");
