import { meetsRequirement } from "./requirement.ts";
import { type CountInput, type ResultBase, resultBase } from "./result.ts";
import { selectSeats } from "./selection.ts";

export interface YesNoTotals {
  readonly candidateId: string;
  readonly yes: number;
  readonly no: number;
  /** Marked abstain or left unmarked, including ballots abstaining as a whole. */
  readonly abstain: number;
  /** Whether the candidate meets the requirement and so can be elected. */
  readonly qualified: boolean;
}

export interface YesNoResult extends ResultBase {
  readonly method: "yes_no_abstain";
  readonly candidates: readonly YesNoTotals[];
}

/** Yes / no / abstain per candidate: of those meeting the requirement, the most yes-weight are elected. */
export function countYesNo(input: CountInput<"yes_no_abstain">): YesNoResult {
  const { election, papers } = input;
  const totals = new Map(election.candidates.map((candidate) => [candidate.id, { yes: 0n, no: 0n, abstain: 0n }]));
  for (const paper of papers) {
    const marks = paper.choice.kind === "marks" ? paper.choice.marks : {};
    for (const [id, total] of totals) {
      const mark = marks[id] ?? "abstain";
      total[mark] += paper.weight;
    }
  }
  const paper = input.counts;
  if (paper !== null) {
    // A valid paper ballot that marks a candidate neither yes nor no abstains on them, as an online one does.
    const valid = BigInt(paper.voters.weight - paper.invalid.weight);
    for (const { candidateId, yes, no } of paper.candidates) {
      const total = totals.get(candidateId)!;
      total.yes += BigInt(yes.weight);
      total.no += BigInt(no.weight);
      total.abstain += valid - BigInt(yes.weight) - BigInt(no.weight);
    }
  }
  const base = BigInt(input.ballots.base);
  const candidates = [...totals].map(([candidateId, total]) => ({
    candidateId,
    yes: Number(total.yes),
    no: Number(total.no),
    abstain: Number(total.abstain),
    qualified: meetsRequirement(election.method.requirement, total.yes, base, total.no),
  }));
  const standings = candidates
    .filter((c) => c.qualified)
    .map((c) => ({ candidateId: c.candidateId, score: totals.get(c.candidateId)!.yes }));
  const { elected, vacantSeats } = selectSeats(election, standings, input.ties);
  return { ...resultBase(input, elected, vacantSeats), method: "yes_no_abstain", candidates };
}
