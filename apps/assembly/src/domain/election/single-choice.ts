import type { Requirement } from "./requirement.ts";
import { meetsRequirement } from "./requirement.ts";
import { type CountInput, type ResultBase, resultBase } from "./result.ts";
import { bestOf, selectSeats } from "./selection.ts";

export interface SingleChoiceTotals {
  readonly candidateId: string;
  readonly votes: number;
  readonly qualified: boolean;
}

export interface SingleChoiceResult extends ResultBase {
  readonly method: "single_choice";
  readonly requirement: Requirement;
  readonly candidates: readonly SingleChoiceTotals[];
  /** When nobody met the requirement: who goes into the runoff, most votes first (see `deriveRunoff`). */
  readonly runoff: { readonly candidateIds: readonly string[] } | null;
}

/**
 * One vote per ballot, one seat. The candidate meeting the requirement with
 * most votes is elected (a tie between several meeting it goes to the tie
 * rule). When nobody meets it, the result asks for a runoff between the
 * `runoffSize` candidates with most votes, a tie at the last place resolved
 * by the tie rule.
 */
export function countSingleChoice(input: CountInput<"single_choice">): SingleChoiceResult {
  const { election, papers } = input;
  const method = election.method;
  const votes = new Map(election.candidates.map((candidate) => [candidate.id, 0n]));
  for (const paper of papers) {
    if (paper.choice.kind === "single") votes.set(paper.choice.candidateId, (votes.get(paper.choice.candidateId) ?? 0n) + paper.weight);
  }
  for (const entry of input.counts?.candidates ?? [])
    votes.set(entry.candidateId, (votes.get(entry.candidateId) ?? 0n) + BigInt(entry.votes.weight));
  const base = BigInt(input.ballots.base);
  const qualified = (weight: bigint): boolean => meetsRequirement(method.requirement, weight, base);
  const candidates = [...votes].map(([candidateId, weight]) => ({ candidateId, votes: Number(weight), qualified: qualified(weight) }));
  const standings = [...votes].map(([candidateId, score]) => ({ candidateId, score }));
  const common = { method: "single_choice" as const, requirement: method.requirement, candidates };
  if (candidates.some((candidate) => candidate.qualified)) {
    const { elected } = selectSeats(
      election,
      standings.filter((standing) => qualified(standing.score)),
      input.ties,
    );
    return { ...resultBase(input, elected, 0), ...common, runoff: null };
  }
  const runoff = bestOf(election, standings, method.runoffSize, "runoff_place", input.ties);
  return { ...resultBase(input, [], 1, runoff !== null), ...common, runoff: runoff === null ? null : { candidateIds: runoff } };
}
