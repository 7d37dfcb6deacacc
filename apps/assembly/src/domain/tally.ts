import type { CountedBallot, SplitBallot } from "./ballot.ts";
import type { MajorityRule, PollDefinition, Quorum } from "./poll.ts";
import { explainResult, type ResultExplanation } from "./result-explanation.ts";

export interface OptionTotal {
  readonly optionId: string;
  readonly label: string;
  readonly count: number;
  readonly weight: number;
}

/**
 * `inconsistent` wins over everything: the ballots exceed the electorate
 * frozen at opening (see `turnoutExceedsEligible`), so the count cannot be
 * trusted and nothing passes. Then `no_quorum` wins over the rule: without
 * quorum nothing passes.
 */
export type PollOutcome = "passed" | "failed" | "no_quorum" | "inconsistent";

/** Checks of the ballots against the poll itself; any true flag makes the outcome `inconsistent`. */
export interface TallyIntegrity {
  /** More ballots, or more weight, than the eligible count or weight frozen when the poll opened. */
  readonly turnoutExceedsEligible: boolean;
}

export interface Tally {
  /** One entry per poll option, in the poll's order, zeros included. */
  readonly options: readonly OptionTotal[];
  readonly abstentions: { readonly count: number; readonly weight: number };
  /** Paper ballots the tellers found invalid: part of turnout (and quorum), never of the base. Online ballots are never invalid. */
  readonly invalid: Total;
  /** All ballots, abstentions and invalid ones included. */
  readonly turnout: { readonly count: number; readonly weight: number };
  /** Frozen when the poll opened; null for a poll never opened. */
  readonly eligible: { readonly count: number | null; readonly weight: number | null };
  /** The weight each option is measured against: eligible weight for `absolute`, else option ballots (+ abstentions when they count). */
  readonly base: number;
  readonly quorum: { readonly requiredWeight: number | null; readonly met: boolean };
  readonly integrity: TallyIntegrity;
  readonly outcome: PollOutcome;
  readonly passed: boolean;
  /**
   * Options that carry the vote. yes_no_abstain: `["yes"]` when passed.
   * single_choice: the one option meeting the rule with strictly the most weight (a tie at the top carries nothing).
   * multiple_choice: every option meeting the rule, most weight first, ties in poll order.
   */
  readonly winners: readonly string[];
  /** The rule, base, required and actual figures and the quorum line, as every result view and export states them. */
  readonly explanation: ResultExplanation;
  /** When paper ballots were entered (see paper-votes.ts): what came online and what on paper; the fields above are their sum. */
  readonly parts: TallyParts | null;
}

/** One channel's share of a result: per option, abstentions, invalid ballots and turnout. */
export interface TallyPart {
  readonly options: readonly { readonly optionId: string; readonly count: number; readonly weight: number }[];
  readonly abstentions: Total;
  readonly invalid: Total;
  readonly turnout: Total;
}

export interface TallyParts {
  readonly online: TallyPart;
  readonly paper: TallyPart;
}

export type TalliedPoll = Pick<PollDefinition, "kind" | "options" | "majority" | "abstentionsCount" | "quorum"> & {
  readonly eligibleCount: number | null;
  readonly eligibleWeight: number | null;
};

/** Exact rule check in integers: no floating point is involved anywhere. */
export function meetsMajority(rule: MajorityRule, support: bigint, base: bigint, eligibleWeight: bigint | null): boolean {
  if (support <= 0n) return false;
  switch (rule.kind) {
    case "simple":
      return 2n * support > base;
    case "absolute":
      return eligibleWeight !== null && 2n * support > eligibleWeight;
    case "two_thirds":
      return 3n * support >= 2n * base;
    case "threshold":
      return BigInt(rule.denominator) * support >= BigInt(rule.numerator) * base;
    case "plurality":
      // Any support qualifies; the ranking of the options decides (see pickWinners).
      return true;
  }
}

/**
 * Whether the ballots exceed the electorate frozen at opening: more ballots
 * than eligible participants, or more weight than their total weight. One
 * ballot per eligible principal at their frozen weight can never do that, so
 * true means the stored ballots or the frozen figures are corrupt. False for
 * a poll never opened (nothing frozen to compare with).
 */
export function turnoutExceedsEligible(
  turnout: { readonly count: number; readonly weight: bigint | number },
  eligible: { readonly count: number | null; readonly weight: number | null },
): boolean {
  if (eligible.count === null || eligible.weight === null) return false;
  return turnout.count > eligible.count || BigInt(turnout.weight) > BigInt(eligible.weight);
}

/** Smallest turnout weight meeting the quorum, or null when no quorum is set or it cannot be computed. */
export function requiredQuorumWeight(quorum: Quorum | null, eligibleWeight: number | null): number | null {
  if (quorum === null) return null;
  if (quorum.kind === "weight") return quorum.minWeight;
  if (eligibleWeight === null) return null;
  const numerator = BigInt(quorum.numerator) * BigInt(eligibleWeight);
  const denominator = BigInt(quorum.denominator);
  return Number((numerator + denominator - 1n) / denominator);
}

function quorumMet(quorum: Quorum | null, turnoutWeight: number, eligibleWeight: number | null): boolean {
  if (quorum === null) return true;
  if (quorum.kind === "weight") return turnoutWeight >= quorum.minWeight;
  if (eligibleWeight === null) return false;
  return BigInt(turnoutWeight) * BigInt(quorum.denominator) >= BigInt(quorum.numerator) * BigInt(eligibleWeight);
}

/** A ballot count and the sum of those ballots' weights. */
export interface Total {
  readonly count: number;
  readonly weight: number;
}

/**
 * Everything a tally needs from a poll's ballots, and nothing more: per
 * option, for abstentions and for all ballots, how many and what weight.
 * It is what the published result shows, so it can be stored in place of the
 * ballots without revealing anything beyond the result.
 */
export interface BallotTotals {
  /** Every option of the poll, zeros included. */
  readonly options: ReadonlyMap<string, Total>;
  readonly abstentions: Total;
  /** Only paper ballots can be invalid; absent means none. */
  readonly invalid?: Total;
  readonly turnout: Total;
}

/**
 * Adds ballots up per option. Ballots naming unknown options are ignored for
 * option totals but still count in turnout; the store never produces them
 * (choices are validated).
 *
 * A split ballot (see `validateSplit`) counts once in turnout and once in the
 * count of every option any of its parts selects (and of abstentions when a
 * part abstains); each part adds its own weight. Its weights therefore equal
 * those of separate ballots, one per part.
 */
export function sumBallots(poll: Pick<PollDefinition, "options">, ballots: Iterable<CountedBallot | SplitBallot>): BallotTotals {
  const optionWeight = new Map<string, bigint>(poll.options.map((option) => [option.id, 0n]));
  const optionCount = new Map<string, number>(poll.options.map((option) => [option.id, 0]));
  let abstainWeight = 0n;
  let abstainCount = 0;
  let turnoutWeight = 0n;
  let turnoutCount = 0;
  for (const ballot of ballots) {
    turnoutWeight += BigInt(ballot.weight);
    turnoutCount += 1;
    let abstained = false;
    const selected = new Set<string>();
    for (const part of "parts" in ballot ? ballot.parts : [ballot]) {
      const weight = BigInt(part.weight);
      if (part.choice.kind === "abstain") {
        abstainWeight += weight;
        abstained = true;
        continue;
      }
      for (const id of part.choice.optionIds) {
        const current = optionWeight.get(id);
        if (current === undefined) continue;
        optionWeight.set(id, current + weight);
        selected.add(id);
      }
    }
    if (abstained) abstainCount += 1;
    for (const id of selected) optionCount.set(id, (optionCount.get(id) ?? 0) + 1);
  }
  return {
    options: new Map(
      poll.options.map((option) => [
        option.id,
        { count: optionCount.get(option.id) ?? 0, weight: Number(optionWeight.get(option.id) ?? 0n) },
      ]),
    ),
    abstentions: { count: abstainCount, weight: Number(abstainWeight) },
    turnout: { count: turnoutCount, weight: Number(turnoutWeight) },
  };
}

/**
 * Counts ballots for a poll. Pure and deterministic: the result depends only
 * on the multiset of ballots (never their order) and the poll's definition.
 */
export function tally(poll: TalliedPoll, ballots: Iterable<CountedBallot | SplitBallot>): Tally {
  return tallyTotals(poll, sumBallots(poll, ballots));
}

/** The result from a poll's totals (see `sumBallots`); options missing from `totals` count as zero. */
export function tallyTotals(poll: TalliedPoll, totals: BallotTotals): Tally {
  const optionWeight = new Map<string, bigint>(
    poll.options.map((option) => [option.id, BigInt(totals.options.get(option.id)?.weight ?? 0)]),
  );
  const abstainWeight = BigInt(totals.abstentions.weight);
  const invalid = totals.invalid ?? { count: 0, weight: 0 };
  const turnoutWeight = BigInt(totals.turnout.weight);
  const votingWeight = turnoutWeight - abstainWeight - BigInt(invalid.weight);
  const eligibleWeight = poll.eligibleWeight === null ? null : BigInt(poll.eligibleWeight);
  const base = poll.majority.kind === "absolute" ? (eligibleWeight ?? 0n) : votingWeight + (poll.abstentionsCount ? abstainWeight : 0n);
  const options = poll.options.map((option) => ({
    optionId: option.id,
    label: option.label,
    count: totals.options.get(option.id)?.count ?? 0,
    weight: Number(optionWeight.get(option.id) ?? 0n),
  }));
  const met = quorumMet(poll.quorum, totals.turnout.weight, poll.eligibleWeight);
  const integrity: TallyIntegrity = {
    turnoutExceedsEligible: turnoutExceedsEligible(
      { count: totals.turnout.count, weight: turnoutWeight },
      { count: poll.eligibleCount, weight: poll.eligibleWeight },
    ),
  };
  const consistent = !integrity.turnoutExceedsEligible;
  const winners = consistent && met ? pickWinners(poll, optionWeight, base, eligibleWeight) : [];
  const passed = winners.length > 0;
  const counted: Omit<Tally, "explanation"> = {
    options,
    abstentions: { count: totals.abstentions.count, weight: totals.abstentions.weight },
    invalid: { count: invalid.count, weight: invalid.weight },
    turnout: { count: totals.turnout.count, weight: totals.turnout.weight },
    eligible: { count: poll.eligibleCount, weight: poll.eligibleWeight },
    base: Number(base),
    quorum: { requiredWeight: requiredQuorumWeight(poll.quorum, poll.eligibleWeight), met },
    integrity,
    outcome: !consistent ? "inconsistent" : !met ? "no_quorum" : passed ? "passed" : "failed",
    passed,
    winners,
    parts: null,
  };
  return { ...counted, explanation: explainResult(poll, counted) };
}

function pickWinners(poll: TalliedPoll, weights: ReadonlyMap<string, bigint>, base: bigint, eligibleWeight: bigint | null): string[] {
  const weightOf = (id: string): bigint => weights.get(id) ?? 0n;
  if (poll.kind === "yes_no_abstain") {
    // "no" is implied by the base; only "yes" can carry a motion.
    return meetsMajority(poll.majority, weightOf("yes"), base, eligibleWeight) ? ["yes"] : [];
  }
  const ranked = poll.options
    .map((option, index) => ({ id: option.id, index, weight: weightOf(option.id) }))
    .filter((entry) => meetsMajority(poll.majority, entry.weight, base, eligibleWeight))
    .sort((a, b) => (a.weight === b.weight ? a.index - b.index : a.weight > b.weight ? -1 : 1));
  if (poll.kind === "multiple_choice") return ranked.map((entry) => entry.id);
  const [first, second] = ranked;
  if (first === undefined || (second !== undefined && second.weight === first.weight)) return [];
  return [first.id];
}
