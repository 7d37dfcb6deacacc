import type { MajorityRule, PollKind, Quorum } from "./poll.ts";
import type { PollOutcome, TalliedPoll, Tally } from "./tally.ts";

/**
 * What the rule measures support against:
 * - `eligible`: the weight of everyone eligible, frozen when the poll opened (absolute majority);
 * - `cast`: the weight of ballots for an option, abstentions left out;
 * - `cast_with_abstentions`: the same plus the abstentions (when the poll counts them).
 */
export type BaseKind = "eligible" | "cast" | "cast_with_abstentions";

/**
 * `tie`: a single choice whose top options share the most weight and would
 * carry it, so nobody is chosen; the other values follow `PollOutcome`
 * (`failed` is written `not_passed`, as a result reads).
 */
export type Verdict = "passed" | "not_passed" | "tie" | "no_quorum" | "inconsistent";

export interface OptionShare {
  readonly optionId: string;
  readonly count: number;
  readonly weight: number;
  /** Of the base, in percent rounded to one decimal (0 when the base is 0). */
  readonly percent: number;
}

/**
 * A result explained: the rule, the base it measures against, the figure
 * needed and the figure reached, the quorum line and the verdict. Figures are
 * weights (votes); people are only ever in `turnout.people` and
 * `turnout.eligiblePeople`, and `weighted` says when the two differ.
 */
export interface ResultExplanation {
  readonly kind: PollKind;
  readonly rule: MajorityRule;
  readonly abstentionsCount: boolean;
  readonly base: { readonly kind: BaseKind; readonly value: number };
  /**
   * The least weight that carries (for a yes/no poll: yes; for a choice poll:
   * each option). Null under plurality (relative: the most wins) and for a
   * poll never opened under absolute majority.
   */
  readonly required: number | null;
  /** Yes for a yes/no poll; the leading option (first in poll order on a tie) for a choice poll; null id when no option has any weight. */
  readonly actual: { readonly optionId: string | null; readonly value: number };
  readonly shares: readonly OptionShare[];
  /** Percent null when abstentions are not part of the base. */
  readonly abstentions: { readonly count: number; readonly weight: number; readonly percent: number | null };
  readonly turnout: {
    readonly people: number;
    readonly weight: number;
    readonly eligiblePeople: number | null;
    readonly eligibleWeight: number | null;
  };
  /** True when some participant's weight is not 1, so votes and people are different numbers. */
  readonly weighted: boolean;
  readonly quorum: {
    readonly rule: Quorum;
    /** Least turnout weight meeting it; null when it cannot be computed (a fraction of a poll never opened). */
    readonly required: number | null;
    readonly actual: number;
    readonly met: boolean;
  } | null;
  readonly verdict: Verdict;
  readonly winners: readonly string[];
  /** Options sharing the top weight when that decides nothing (single choice only); empty otherwise. */
  readonly tied: readonly string[];
}

const ceilDiv = (numerator: bigint, denominator: bigint): bigint => (numerator + denominator - 1n) / denominator;
const atLeastOne = (value: bigint): bigint => (value < 1n ? 1n : value);

/**
 * The least support meeting `rule` on `base` (weights), so that
 * `meetsMajority(rule, s, base, eligible)` holds exactly for s ≥ the result.
 * Null for plurality and for absolute majority without a frozen electorate.
 */
export function requiredSupport(rule: MajorityRule, base: number, eligibleWeight: number | null): number | null {
  const b = BigInt(base);
  switch (rule.kind) {
    case "simple":
      return Number(b / 2n + 1n);
    case "absolute":
      return eligibleWeight === null ? null : Number(BigInt(eligibleWeight) / 2n + 1n);
    case "two_thirds":
      return Number(atLeastOne(ceilDiv(2n * b, 3n)));
    case "threshold":
      return Number(atLeastOne(ceilDiv(BigInt(rule.numerator) * b, BigInt(rule.denominator))));
    case "plurality":
      return null;
  }
}

/** `weight` of `base` in percent, half up to one decimal, exact in integers. */
export function percentOf(weight: number, base: number): number {
  if (base <= 0) return 0;
  const tenths = (2000n * BigInt(weight) + BigInt(base)) / (2n * BigInt(base));
  return Number(tenths) / 10;
}

function baseKind(poll: Pick<TalliedPoll, "majority" | "abstentionsCount">): BaseKind {
  if (poll.majority.kind === "absolute") return "eligible";
  return poll.abstentionsCount ? "cast_with_abstentions" : "cast";
}

function verdictOf(outcome: PollOutcome, tied: readonly string[]): Verdict {
  if (outcome === "passed") return "passed";
  if (outcome === "failed") return tied.length > 0 ? "tie" : "not_passed";
  return outcome;
}

/**
 * Explains a counted result (a tally without its explanation). Pure; the
 * figures are the tally's own, so the wording can never disagree with the
 * verdict.
 */
export function explainResult(poll: TalliedPoll, counted: Omit<Tally, "explanation">): ResultExplanation {
  const kind = baseKind(poll);
  const base = counted.base;
  const required = requiredSupport(poll.majority, base, counted.eligible.weight);
  const shares = counted.options.map(({ optionId, count, weight }) => ({ optionId, count, weight, percent: percentOf(weight, base) }));
  const top = Math.max(0, ...shares.map((share) => share.weight));
  const leader = shares.find((share) => share.weight === top && top > 0);
  const actual =
    poll.kind === "yes_no_abstain"
      ? { optionId: "yes", value: counted.options.find((option) => option.optionId === "yes")?.weight ?? 0 }
      : { optionId: leader?.optionId ?? null, value: top };
  const atTop = shares.filter((share) => share.weight === top && top > 0).map((share) => share.optionId);
  const topCarries = required === null ? poll.majority.kind === "plurality" : top >= required;
  const tied = poll.kind === "single_choice" && counted.outcome === "failed" && atTop.length > 1 && topCarries ? atTop : [];
  const countsAbstentions = kind !== "cast";
  const eligiblePeople = counted.eligible.count;
  const eligibleWeight = counted.eligible.weight;
  const weighted = counted.turnout.weight !== counted.turnout.count || (eligibleWeight !== null && eligibleWeight !== eligiblePeople);
  return {
    kind: poll.kind,
    rule: poll.majority,
    abstentionsCount: poll.abstentionsCount,
    base: { kind, value: base },
    required,
    actual,
    shares,
    abstentions: {
      count: counted.abstentions.count,
      weight: counted.abstentions.weight,
      percent: countsAbstentions ? percentOf(counted.abstentions.weight, base) : null,
    },
    turnout: { people: counted.turnout.count, weight: counted.turnout.weight, eligiblePeople, eligibleWeight },
    weighted,
    quorum:
      poll.quorum === null
        ? null
        : { rule: poll.quorum, required: counted.quorum.requiredWeight, actual: counted.turnout.weight, met: counted.quorum.met },
    verdict: verdictOf(counted.outcome, tied),
    winners: counted.winners,
    tied,
  };
}
