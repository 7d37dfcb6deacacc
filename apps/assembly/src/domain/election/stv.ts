import { inGroup } from "./constraint.ts";
import { type CountInput, type ElectedSeat, type ResultBase, resultBase } from "./result.ts";
import { compareVotes, formatVotes, votesToUnits } from "./stv-votes.ts";
import type { TieKind } from "./tie.ts";

export type StvCandidateState = "continuing" | "elected" | "excluded";

export interface StvStanding {
  readonly candidateId: string;
  /** Votes at the end of the stage, five decimals. */
  readonly votes: string;
  readonly state: StvCandidateState;
}

export interface StvTransfer {
  readonly candidateId: string;
  readonly votes: string;
}

/** One stage of the count, as the Scottish rules number them. */
export interface StvStage {
  readonly stage: number;
  /**
   * - `first_preferences`: stage 1 (rule 45).
   * - `surplus`: the surplus of `from[0]` transferred (rules 48, 49).
   * - `exclusion`: `from[0]` excluded as lowest, papers transferred at their value (rules 50, 51).
   * - `constraint_exclusion`: `from` excluded because the group constraint leaves them no seat.
   */
  readonly action: "first_preferences" | "surplus" | "exclusion" | "constraint_exclusion";
  readonly from: readonly string[];
  /** The surplus transferred (`surplus` stages), else null. */
  readonly surplus: string | null;
  /** Votes each continuing candidate received in this stage (only those receiving some). */
  readonly transfers: readonly StvTransfer[];
  /** Value of papers with no further continuing preference, set aside in this stage. */
  readonly nonTransferable: string;
  /** Value lost to the five-decimal truncation of transfer values in this stage. */
  readonly lostToRounding: string;
  readonly standings: readonly StvStanding[];
  /** Running totals since stage 1. */
  readonly nonTransferableTotal: string;
  readonly lostToRoundingTotal: string;
  /** Deemed elected at the end of this stage (reaching the quota, or rule 52). */
  readonly elected: readonly string[];
  readonly excluded: readonly string[];
}

export interface StvCandidateTotals {
  readonly candidateId: string;
  readonly firstPreferences: string;
  readonly finalVotes: string;
  readonly state: StvCandidateState;
}

export interface StvResult extends ResultBase {
  readonly method: "stv";
  /** Droop quota: ⌊valid ranked weight / (seats to fill + 1)⌋ + 1 (rule 46). */
  readonly quota: string;
  readonly candidates: readonly StvCandidateTotals[];
  readonly stages: readonly StvStage[];
}

interface Pile {
  readonly prefs: readonly number[];
  readonly weight: bigint;
  /** Index in `prefs` of the candidate holding the paper. */
  at: number;
  /** Value per unit of weight, in 0.00001 votes. */
  value: bigint;
}

/**
 * Scottish STV: the counting rules of the Scottish Local Government Elections
 * Order 2007, Schedule 1, rules 45-52 (weighted inclusive Gregory method,
 * Droop quota, fixed-point arithmetic to five decimal places):
 * - quota = ⌊valid papers / (seats + 1)⌋ + 1; a candidate reaching it is elected;
 * - the largest surplus is transferred first, every paper of the candidate
 *   moving on at transfer value ⌊surplus × paper value / candidate's votes⌋
 *   (five decimals, the remainder ignored);
 * - with no surplus left, the lowest candidate is excluded and all their
 *   papers move on at the value they arrived with, in one stage;
 * - equal surpluses / equal lowest: the candidate highest / lowest at the most
 *   recent preceding stage where the tied candidates differed (narrowing to
 *   those still equal), then the election's tie rule instead of the lot;
 * - when as many candidates continue as seats remain, they are elected.
 * A ballot of weight w is w papers of identical path, which is why weights
 * stay exact: transfer values are per paper and the same for all w.
 *
 * With a `minimum` group constraint (see docs/elections.md): a group
 * candidate is never excluded as lowest while the group's continuing
 * candidates are no more than its missing seats; once the remaining seats
 * must all go to the group, every other continuing candidate is excluded in
 * one `constraint_exclusion` stage; a non-group candidate reaching the quota
 * when no non-group seat is left is excluded the same way (the one with more
 * votes keeps the last such seat). When fewer group candidates stand than the
 * minimum, the missing seats stay vacant (`ifShort: vacant`: the quota counts
 * only the seats filled) or are open to everyone (`open`).
 */
export function countStv(input: CountInput<"stv">): StvResult {
  const { election, ties } = input;
  const ids = election.candidates.map((candidate) => candidate.id);
  const index = new Map(ids.map((id, i) => [id, i]));
  const constraint = election.constraint?.kind === "minimum" ? election.constraint : null;
  const member = election.candidates.map((candidate) => constraint !== null && inGroup(constraint, candidate));
  const membersStanding = member.filter(Boolean).length;
  const required = constraint === null ? 0 : Math.min(constraint.minSeats, membersStanding);
  const constraintVacancies = constraint?.ifShort === "vacant" ? constraint.minSeats - required : 0;
  const seatsToFill = election.seats - constraintVacancies;

  const merged = new Map<string, Pile>();
  for (const paper of input.papers) {
    if (paper.choice.kind !== "ranking") continue;
    const key = paper.choice.candidateIds.join(",");
    const existing = merged.get(key);
    if (existing) merged.set(key, { ...existing, weight: existing.weight + paper.weight });
    else
      merged.set(key, {
        prefs: paper.choice.candidateIds.map((id) => index.get(id)!),
        weight: paper.weight,
        at: 0,
        value: votesToUnits(1n),
      });
  }
  const totalWeight = [...merged.values()].reduce((sum, pile) => sum + pile.weight, 0n);
  const quota = votesToUnits(totalWeight / BigInt(seatsToFill + 1) + 1n);

  const state: StvCandidateState[] = ids.map(() => "continuing");
  const votes: bigint[] = ids.map(() => 0n);
  const piles: Pile[][] = ids.map(() => []);
  const history: bigint[][] = [];
  const stages: (Omit<StvStage, "standings" | "elected"> & { elected: string[] })[] = [];
  const electedOrder: number[] = [];
  const pendingSurplus: number[] = [];
  let nonTransferableTotal = 0n;
  let lostTotal = 0n;

  const continuing = (): number[] => ids.map((_, c) => c).filter((c) => state[c] === "continuing");
  const electedMembers = (): number => electedOrder.filter((c) => member[c]).length;
  const missing = (): number => Math.max(0, required - electedMembers());

  /** Moves a pile to its next continuing preference at `value`; returns the value set aside (0 when placed). */
  const place = (pile: Pile, value: bigint, received: bigint[]): bigint => {
    pile.value = value;
    while (pile.at < pile.prefs.length && state[pile.prefs[pile.at]!] !== "continuing") pile.at++;
    const amount = pile.weight * value;
    const to = pile.prefs[pile.at];
    if (to === undefined) return amount;
    piles[to]!.push(pile);
    votes[to]! += amount;
    received[to]! += amount;
    return 0n;
  };

  const recordStage = (
    action: StvStage["action"],
    from: readonly number[],
    surplus: bigint | null,
    received: readonly bigint[],
    nonTransferable: bigint,
    lost: bigint,
    excluded: readonly number[],
  ): void => {
    nonTransferableTotal += nonTransferable;
    lostTotal += lost;
    history.push([...votes]);
    stages.push({
      stage: stages.length + 1,
      action,
      from: from.map((c) => ids[c]!),
      surplus: surplus === null ? null : formatVotes(surplus),
      transfers: received.flatMap((amount, c) => (amount > 0n ? [{ candidateId: ids[c]!, votes: formatVotes(amount) }] : [])),
      nonTransferable: formatVotes(nonTransferable),
      lostToRounding: formatVotes(lost),
      nonTransferableTotal: formatVotes(nonTransferableTotal),
      lostToRoundingTotal: formatVotes(lostTotal),
      elected: [],
      excluded: excluded.map((c) => ids[c]!),
    });
  };

  /** The tied candidate the statutory look-back favours (highest, or lowest when `lowest`), or the still-tied rest. */
  const lookBack = (tied: number[], lowest: boolean): number[] => {
    let group = tied;
    for (let s = history.length - 2; s >= 0 && group.length > 1; s--) {
      const at = history[s]!;
      const values = group.map((c) => at[c]!);
      const sorted = [...values].sort(compareVotes);
      const extreme = lowest ? sorted[0]! : sorted[sorted.length - 1]!;
      if (values.some((v) => v !== extreme)) group = group.filter((c) => at[c] === extreme);
    }
    return group;
  };

  /** Resolves a tie among `tied`, returning the candidate chosen (most favoured, or least when `lowest`), or null while the chair must decide. */
  const breakTie = (tied: number[], lowest: boolean, kind: TieKind): number | null => {
    if (tied.length === 1) return tied[0]!;
    const tiedIds = tied.map((c) => ids[c]!);
    const narrowed = lookBack(tied, lowest);
    if (narrowed.length === 1) {
      const chosen = narrowed[0]!;
      const others = tiedIds.filter((id) => id !== ids[chosen]);
      ties.recordEarlierStage(kind, stages.length + 1, tiedIds, lowest ? [...others, ids[chosen]!] : [ids[chosen]!, ...others]);
      return chosen;
    }
    const order = ties.resolve(
      kind,
      stages.length + 1,
      narrowed.map((c) => ids[c]!),
    );
    if (order === null) return null;
    return index.get(lowest ? order[order.length - 1]! : order[0]!)!;
  };

  const exclude = (excluded: number[], action: "exclusion" | "constraint_exclusion"): void => {
    const received = ids.map(() => 0n);
    let nonTransferable = 0n;
    for (const c of excluded) state[c] = "excluded";
    for (const c of excluded) {
      for (const pile of piles[c]!) nonTransferable += place(pile, pile.value, received);
      piles[c] = [];
      votes[c] = 0n;
    }
    recordStage(action, excluded, null, received, nonTransferable, 0n, excluded);
  };

  const transferSurplus = (c: number): void => {
    const received = ids.map(() => 0n);
    const total = votes[c]!;
    const surplus = total - quota;
    votes[c] = quota;
    let nonTransferable = 0n;
    let moved = 0n;
    for (const pile of piles[c]!) {
      const value = (surplus * pile.value) / total;
      moved += pile.weight * value;
      nonTransferable += place(pile, value, received);
    }
    piles[c] = [];
    recordStage("surplus", [c], surplus, received, nonTransferable, surplus - moved, []);
  };

  /** Marks `c` elected at the current stage. */
  const elect = (c: number): void => {
    state[c] = "elected";
    electedOrder.push(c);
    stages[stages.length - 1]!.elected.push(ids[c]!);
    if (votes[c]! > quota) pendingSurplus.push(c);
  };

  /** Elects every continuing candidate at the quota; returns those the constraint turns away, or null while a tie waits. */
  const electAtQuota = (): number[] | null => {
    const reached = continuing()
      .filter((c) => votes[c]! >= quota)
      .sort((a, b) => (votes[a] === votes[b] ? a - b : votes[a]! > votes[b]! ? -1 : 1));
    const turnedAway: number[] = [];
    let queue = reached;
    while (queue.length > 0) {
      const c = queue[0]!;
      const otherSeats = seatsToFill - electedOrder.length - missing();
      if (member[c] || otherSeats > 0) {
        const rivals = queue.filter((other) => !member[other] && votes[other] === votes[c]);
        if (!member[c] && rivals.length > otherSeats) {
          const chosen = breakTie(rivals, false, "constraint_election");
          if (chosen === null) return null;
          elect(chosen);
          queue = queue.filter((other) => other !== chosen);
          continue;
        }
        elect(c);
      } else {
        turnedAway.push(c);
      }
      queue = queue.slice(1);
    }
    return turnedAway;
  };

  const first = ids.map(() => 0n);
  for (const pile of merged.values()) place(pile, pile.value, first);
  recordStage("first_preferences", [], null, first, 0n, 0n, []);

  while (totalWeight > 0n) {
    const turnedAway = electAtQuota();
    if (turnedAway === null) break;
    if (turnedAway.length > 0) {
      exclude(turnedAway, "constraint_exclusion");
      continue;
    }
    const open = seatsToFill - electedOrder.length;
    const hopefuls = continuing();
    if (open <= 0) break;
    const others = hopefuls.filter((c) => !member[c]);
    if (constraint !== null && missing() >= open && others.length > 0) {
      exclude(others, "constraint_exclusion");
      continue;
    }
    if (hopefuls.length <= open) {
      for (const c of hopefuls) elect(c);
      break;
    }
    if (pendingSurplus.length > 0) {
      const largest = pendingSurplus.reduce((a, b) => (votes[b]! > votes[a]! ? b : a));
      const chosen = breakTie(
        pendingSurplus.filter((c) => votes[c] === votes[largest]),
        false,
        "surplus_order",
      );
      if (chosen === null) break;
      pendingSurplus.splice(pendingSurplus.indexOf(chosen), 1);
      transferSurplus(chosen);
      continue;
    }
    const protectedMembers = hopefuls.filter((c) => member[c]).length <= missing();
    const excludable = hopefuls.filter((c) => !(member[c] && protectedMembers));
    const lowestVotes = excludable.map((c) => votes[c]!).sort(compareVotes)[0];
    const lowest = breakTie(
      excludable.filter((c) => votes[c] === lowestVotes),
      true,
      "exclusion",
    );
    if (lowest === null) break;
    exclude([lowest], "exclusion");
  }

  const stateAt = (c: number, s: number): StvCandidateState => {
    const electedAt = stages.findIndex((stage) => stage.elected.includes(ids[c]!));
    const excludedAt = stages.findIndex((stage) => stage.excluded.includes(ids[c]!));
    if (electedAt !== -1 && electedAt <= s) return "elected";
    if (excludedAt !== -1 && excludedAt <= s) return "excluded";
    return "continuing";
  };
  const stagesOut: StvStage[] = stages.map((stage, s) => ({
    ...stage,
    standings: ids.map((candidateId, c) => ({ candidateId, votes: formatVotes(history[s]![c]!), state: stateAt(c, s) })),
  }));

  let reservedLeft = required;
  const elected: ElectedSeat[] = electedOrder.map((c, i) => {
    const reserved = member[c]! && reservedLeft > 0;
    if (reserved) reservedLeft--;
    return { position: i + 1, candidateId: ids[c]!, reserved };
  });
  const candidates = ids.map((candidateId, c) => ({
    candidateId,
    firstPreferences: formatVotes(history[0]![c]!),
    finalVotes: formatVotes(votes[c]!),
    state: state[c]!,
  }));
  return {
    ...resultBase(input, elected, election.seats - elected.length),
    method: "stv",
    quota: formatVotes(quota),
    candidates,
    stages: stagesOut,
  };
}
