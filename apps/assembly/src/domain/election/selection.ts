import type { ElectionDefinition } from "./definition.ts";
import { inGroup, isReservedPosition } from "./constraint.ts";
import type { ElectedSeat } from "./result.ts";
import type { TieBreaker, TieKind } from "./tie.ts";

/** An electable candidate and the score that ranks it (yes-weight, approvals, votes, Schulze rank). */
export interface Standing {
  readonly candidateId: string;
  readonly score: bigint;
}

export interface Selection {
  readonly elected: readonly ElectedSeat[];
  readonly vacantSeats: number;
}

interface Entry {
  readonly id: string;
  readonly score: bigint;
  readonly index: number;
  readonly member: boolean;
}

const byScore = (a: Entry, b: Entry): number => (a.score === b.score ? a.index - b.index : a.score > b.score ? -1 : 1);

/**
 * Orders tied entries by the tie rule, remembering each resolution so that
 * candidates once ordered against each other are not drawn again later.
 */
class TieOrder {
  readonly #ties: TieBreaker;
  readonly #rank = new Map<string, { group: number; rank: number }>();
  #groups = 0;

  constructor(ties: TieBreaker) {
    this.#ties = ties;
  }

  /** The tied entries most favoured first, or null while the chair must decide. */
  order(tied: readonly Entry[], kind: TieKind, at: number): Entry[] | null {
    const known = tied.map((entry) => this.#rank.get(entry.id));
    const group = known[0]?.group;
    if (group !== undefined && known.every((rank) => rank?.group === group)) {
      return [...tied].sort((a, b) => (this.#rank.get(a.id)?.rank ?? 0) - (this.#rank.get(b.id)?.rank ?? 0));
    }
    const ids = [...tied].sort((a, b) => a.index - b.index).map((entry) => entry.id);
    const order = this.#ties.resolve(kind, at, ids);
    if (order === null) return null;
    const newGroup = this.#groups++;
    for (const [rank, id] of order.entries()) this.#rank.set(id, { group: newGroup, rank });
    return order.map((id) => tied.find((entry) => entry.id === id)!);
  }

  /**
   * The best `count` of `entries` (sorted by score), resolving a tie that
   * straddles the cut; `firstAt` numbers the first seat at stake. Null while
   * the chair must decide.
   */
  best(entries: readonly Entry[], count: number, kind: TieKind, firstAt: number): Entry[] | null {
    if (count <= 0) return [];
    if (entries.length <= count || entries[count]!.score !== entries[count - 1]!.score) return entries.slice(0, count);
    const boundary = entries[count - 1]!.score;
    const above = entries.filter((entry) => entry.score > boundary);
    const tied = this.order(
      entries.filter((entry) => entry.score === boundary),
      kind,
      firstAt + above.length,
    );
    return tied === null ? null : [...above, ...tied.slice(0, count - above.length)];
  }
}

function entriesOf(election: ElectionDefinition, standings: readonly Standing[]): Entry[] {
  const constraint = election.constraint;
  return standings
    .map((standing): Entry => {
      const index = election.candidates.findIndex((candidate) => candidate.id === standing.candidateId);
      const candidate = election.candidates[index]!;
      return { id: standing.candidateId, score: standing.score, index, member: constraint !== null && inGroup(constraint, candidate) };
    })
    .sort(byScore);
}

/** The ids of the best `count` standings, best first, a tie at the cut resolved as `kind`; null while the chair must decide. */
export function bestOf(
  election: ElectionDefinition,
  standings: readonly Standing[],
  count: number,
  kind: TieKind,
  ties: TieBreaker,
): string[] | null {
  return new TieOrder(ties).best(entriesOf(election, standings), count, kind, 1)?.map((entry) => entry.id) ?? null;
}

function seat(entry: Entry, position: number, reserved: boolean): ElectedSeat {
  return { position, candidateId: entry.id, reserved };
}

/**
 * Fills the seats from the electable candidates, best score first, under the
 * election's constraint (see docs/elections.md, "Group constraints"):
 * - none: the `seats` best.
 * - `minimum`: first the reserved seats, from the group's candidates in score
 *   order; then the remaining seats from everyone left, in score order.
 *   Reserved seats the group cannot fill stay vacant, or (`ifShort: open`)
 *   join the open seats.
 * - `reserved_positions`: position by position: a reserved position takes the
 *   best remaining group member (none: vacant, or the best remaining anyone
 *   with `ifShort: open`), an open position the best remaining candidate.
 * Ties are resolved only where they decide a seat, and, in ordered elections,
 * a position. Stops at a tie waiting for the chair (the breaker holds it).
 */
export function selectSeats(election: ElectionDefinition, standings: readonly Standing[], ties: TieBreaker): Selection {
  const constraint = election.constraint;
  const entries = entriesOf(election, standings);
  const order = new TieOrder(ties);
  if (constraint?.kind === "reserved_positions") return fillPositions(election, entries, order);

  let reserved: Entry[] = [];
  let vacantSeats = 0;
  if (constraint?.kind === "minimum") {
    const members = order.best(
      entries.filter((entry) => entry.member),
      constraint.minSeats,
      "reserved_seat",
      1,
    );
    if (members === null) return { elected: [], vacantSeats: 0 };
    reserved = members;
    if (constraint.ifShort === "vacant") vacantSeats = constraint.minSeats - reserved.length;
  }
  const openSeats = election.seats - reserved.length - vacantSeats;
  const open = order.best(
    entries.filter((entry) => !reserved.includes(entry)),
    openSeats,
    "seat",
    reserved.length + 1,
  );
  if (open === null) return { elected: reserved.map((entry, i) => seat(entry, i + 1, true)), vacantSeats: 0 };
  vacantSeats += openSeats - open.length;
  const elected = [...reserved, ...open].sort(byScore);
  if (election.ordered) {
    for (let start = 0; start < elected.length; ) {
      let end = start + 1;
      while (end < elected.length && elected[end]!.score === elected[start]!.score) end++;
      if (end - start > 1) {
        const run = order.order(elected.slice(start, end), "position", start + 1);
        if (run === null)
          return { elected: elected.slice(0, start).map((entry, i) => seat(entry, i + 1, reserved.includes(entry))), vacantSeats: 0 };
        elected.splice(start, end - start, ...run);
      }
      start = end;
    }
  }
  return { elected: elected.map((entry, i) => seat(entry, i + 1, reserved.includes(entry))), vacantSeats };
}

function fillPositions(election: ElectionDefinition, entries: readonly Entry[], order: TieOrder): Selection {
  const constraint = election.constraint!;
  const elected: ElectedSeat[] = [];
  let remaining = [...entries];
  let vacantSeats = 0;
  for (let position = 1; position <= election.seats; position++) {
    const reserved = isReservedPosition(constraint, position);
    let pool = reserved ? remaining.filter((entry) => entry.member) : remaining;
    if (pool.length === 0 && reserved && constraint.ifShort === "open") pool = remaining;
    const pick = order.best(pool, 1, "position", position);
    if (pick === null) return { elected, vacantSeats: 0 };
    const [entry] = pick;
    if (entry === undefined) {
      vacantSeats++;
      continue;
    }
    elected.push(seat(entry, position, reserved && entry.member));
    remaining = remaining.filter((other) => other !== entry);
  }
  return { elected, vacantSeats };
}
