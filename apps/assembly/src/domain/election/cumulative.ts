import { type CountInput, type ResultBase, resultBase } from "./result.ts";
import { selectSeats } from "./selection.ts";

export interface CumulativeTotals {
  readonly candidateId: string;
  /** Σ over ballots (parts) of weight × votes given to the candidate. */
  readonly votes: number;
}

export interface CumulativeResult extends ResultBase {
  readonly method: "cumulative";
  readonly candidates: readonly CumulativeTotals[];
}

/** Cumulative voting: the candidates with most votes (each weighted by its ballot) are elected; any vote qualifies. */
export function countCumulative(input: CountInput<"cumulative">): CumulativeResult {
  const { election, papers } = input;
  const votes = new Map(election.candidates.map((candidate) => [candidate.id, 0n]));
  for (const paper of papers) {
    if (paper.choice.kind !== "distribute") continue;
    for (const [id, given] of Object.entries(paper.choice.votes)) votes.set(id, (votes.get(id) ?? 0n) + paper.weight * BigInt(given));
  }
  for (const entry of input.counts?.candidates ?? [])
    votes.set(entry.candidateId, (votes.get(entry.candidateId) ?? 0n) + BigInt(entry.votes.weight));
  const candidates = [...votes].map(([candidateId, total]) => ({ candidateId, votes: Number(total) }));
  const standings = [...votes].filter(([, total]) => total > 0n).map(([candidateId, score]) => ({ candidateId, score }));
  const { elected, vacantSeats } = selectSeats(election, standings, input.ties);
  return { ...resultBase(input, elected, vacantSeats), method: "cumulative", candidates };
}
