import type { Tally } from "../domain/tally.ts";

/**
 * Tallies of closed polls, per store. Once a poll closes its online part is
 * final: casts are refused, what it is counted from (named ballots, each
 * with its own weight, or a secret poll's totals) never changes again, and
 * only draft polls can be edited. Its paper part may still change until it
 * is published, and every paper entry moves the poll's paper revision on
 * in the same transaction: an entry holds for one revision only, so a
 * tally counted before a paper entry committed is never served after it,
 * on any node, without anyone having to invalidate it. Live views re-render every
 * closed and published poll of an event each time anything in it changes, so
 * without this a 20,000-ballot result would be counted again every second.
 * Bounded: past `max` polls the oldest entry goes first.
 */
export class FinalTallies {
  readonly #max: number;
  readonly #byPoll = new Map<string, { readonly revision: number; readonly tally: Tally }>();

  constructor(max = 1_000) {
    this.#max = max;
  }

  /** The tally cached for the poll at `revision`, if any. */
  get(pollId: string, revision: number): Tally | undefined {
    const entry = this.#byPoll.get(pollId);
    return entry?.revision === revision ? entry.tally : undefined;
  }

  /** Caches the tally counted at the poll's paper `revision` (read before counting), replacing other revisions'. */
  set(pollId: string, revision: number, tally: Tally): void {
    if (this.#byPoll.size >= this.#max && !this.#byPoll.has(pollId)) this.#byPoll.delete(this.#byPoll.keys().next().value as string);
    this.#byPoll.set(pollId, { revision, tally });
  }

  get size(): number {
    return this.#byPoll.size;
  }
}
