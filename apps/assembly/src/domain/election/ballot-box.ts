import { isDomainError } from "../errors.ts";
import { type ElectionBallot, type ElectionChoice, validateElectionBallot } from "./ballot.ts";
import type { ElectionDefinition } from "./definition.ts";

/** A number of ballots and their weight. */
export interface WeightCount {
  readonly count: number;
  readonly weight: number;
}

/**
 * The ballots of a count, by kind. A split ballot counts once in `total` and
 * `valid`, and once in `abstain` when one of its parts abstains (with that
 * part's weight).
 */
export interface BallotSummary {
  readonly total: WeightCount;
  readonly valid: WeightCount;
  /** Ballots that do not validate against the election (e.g. paper ballots entered as marked); counted, never read. */
  readonly invalid: WeightCount;
  readonly abstain: WeightCount;
  /** The weight majorities are measured against: valid ballots, less whole abstentions unless they count. */
  readonly base: number;
}

/** One choice with the weight behind it: a plain ballot, or one part of a split ballot. */
export interface Paper {
  readonly weight: bigint;
  readonly choice: ElectionChoice;
}

/**
 * Validates every ballot and splits the valid ones into papers. A ballot that
 * fails validation is counted as invalid, never read, and never throws: a
 * count always completes. The output does not depend on the ballots' order
 * beyond the order of `papers`, which every count treats as a multiset.
 */
export function openBallotBox(
  election: ElectionDefinition,
  ballots: Iterable<ElectionBallot>,
): { summary: BallotSummary; papers: Paper[] } {
  const papers: Paper[] = [];
  let total = 0;
  let totalWeight = 0n;
  let invalid = 0;
  let invalidWeight = 0n;
  let abstain = 0;
  let abstainWeight = 0n;
  for (const ballot of ballots) {
    total += 1;
    const weight = Number.isSafeInteger(ballot?.weight) && ballot.weight > 0 ? BigInt(ballot.weight) : 0n;
    totalWeight += weight;
    let checked: ElectionBallot;
    try {
      checked = validateElectionBallot(election, ballot);
    } catch (error) {
      if (!isDomainError(error, "invalid")) throw error;
      invalid += 1;
      invalidWeight += weight;
      continue;
    }
    let abstained = false;
    for (const part of "parts" in checked ? checked.parts : [checked]) {
      const paper = { weight: BigInt(part.weight), choice: part.choice };
      if (paper.choice.kind === "abstain") {
        abstained = true;
        abstainWeight += paper.weight;
      }
      papers.push(paper);
    }
    if (abstained) abstain += 1;
  }
  const validWeight = totalWeight - invalidWeight;
  const base = election.abstentionsCount ? validWeight : validWeight - abstainWeight;
  return {
    summary: {
      total: { count: total, weight: Number(totalWeight) },
      valid: { count: total - invalid, weight: Number(validWeight) },
      invalid: { count: invalid, weight: Number(invalidWeight) },
      abstain: { count: abstain, weight: Number(abstainWeight) },
      base: Number(base),
    },
    papers,
  };
}
