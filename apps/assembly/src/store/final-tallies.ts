import type { Tally } from "../domain/tally.ts";

/**
 * Tallies of closed polls, per store. Once a poll closes its tally is final:
 * casts are refused, what it is counted from (named ballots, each with its
 * own weight, or a secret poll's totals) never changes again, and only draft
 * polls can be edited. Live views re-render every
 * closed and published poll of an event each time anything in it changes, so
 * without this a 20,000-ballot result would be counted again every second.
 * Bounded: past `max` polls the oldest entry goes first.
 */
export class FinalTallies {
  readonly #max: number;
  readonly #byPoll = new Map<string, Tally>();

  constructor(max = 1_000) {
    this.#max = max;
  }

  get(pollId: string): Tally | undefined {
    return this.#byPoll.get(pollId);
  }

  set(pollId: string, tally: Tally): void {
    if (this.#byPoll.size >= this.#max && !this.#byPoll.has(pollId)) this.#byPoll.delete(this.#byPoll.keys().next().value as string);
    this.#byPoll.set(pollId, tally);
  }

  get size(): number {
    return this.#byPoll.size;
  }
}
