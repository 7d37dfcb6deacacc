import type { WeightCount } from "./ballot-box.ts";
import { meetsRequirement } from "./requirement.ts";
import { type CountInput, type ResultBase, resultBase } from "./result.ts";
import { selectSeats } from "./selection.ts";

export interface ApprovalTotals {
  readonly candidateId: string;
  /** Weight of the ballots (parts) marking the candidate. */
  readonly approvals: number;
  readonly qualified: boolean;
}

export interface ApprovalResult extends ResultBase {
  readonly method: "approval";
  readonly candidates: readonly ApprovalTotals[];
  /** Ballots (parts) voting "no to all": valid, in the base, approving nobody. */
  readonly noToAll: WeightCount;
}

/** Block vote: of those meeting the requirement, the most approved are elected. */
export function countApproval(input: CountInput<"approval">): ApprovalResult {
  const { election, papers } = input;
  const approvals = new Map(election.candidates.map((candidate) => [candidate.id, 0n]));
  let noToAll = 0;
  let noToAllWeight = 0n;
  for (const paper of papers) {
    if (paper.choice.kind === "no_to_all") {
      noToAll += 1;
      noToAllWeight += paper.weight;
    }
    if (paper.choice.kind !== "approve") continue;
    for (const id of paper.choice.candidateIds) approvals.set(id, (approvals.get(id) ?? 0n) + paper.weight);
  }
  const paper = input.counts;
  if (paper !== null) {
    for (const { candidateId, approvals: marked } of paper.candidates) {
      approvals.set(candidateId, (approvals.get(candidateId) ?? 0n) + BigInt(marked.weight));
    }
    noToAll += paper.noToAll.count;
    noToAllWeight += BigInt(paper.noToAll.weight);
  }
  const base = BigInt(input.ballots.base);
  const qualified = (weight: bigint): boolean => meetsRequirement(election.method.requirement, weight, base);
  const candidates = [...approvals].map(([candidateId, weight]) => ({
    candidateId,
    approvals: Number(weight),
    qualified: qualified(weight),
  }));
  const standings = [...approvals].filter(([, weight]) => qualified(weight)).map(([candidateId, score]) => ({ candidateId, score }));
  const { elected, vacantSeats } = selectSeats(election, standings, input.ties);
  return {
    ...resultBase(input, elected, vacantSeats),
    method: "approval",
    candidates,
    noToAll: { count: noToAll, weight: Number(noToAllWeight) },
  };
}
