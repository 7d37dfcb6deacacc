import type { ElectionBallot, ElectionChoice, Mark } from "../../../src/domain/election/ballot.ts";
import type { NewCandidate } from "../../../src/domain/election/candidate.ts";
import type { ElectionResult } from "../../../src/domain/election/count.ts";
import { type ElectionDefinition, type NewElection, validateElection } from "../../../src/domain/election/definition.ts";

/** A validated election over candidates named by id (or given in full). */
export function election(
  candidates: readonly (string | NewCandidate)[],
  options: Omit<NewElection, "title" | "candidates"> & { readonly title?: string },
): ElectionDefinition {
  return validateElection({
    title: "Election",
    ...options,
    candidates: candidates.map((candidate) => (typeof candidate === "string" ? { id: candidate, name: candidate } : candidate)),
  });
}

export const ballot = (weight: number, choice: ElectionChoice): ElectionBallot => ({ weight, choice });
export const ranked = (weight: number, ...candidateIds: string[]): ElectionBallot => ballot(weight, { kind: "ranking", candidateIds });
export const approve = (weight: number, ...candidateIds: string[]): ElectionBallot => ballot(weight, { kind: "approve", candidateIds });
export const single = (weight: number, candidateId: string): ElectionBallot => ballot(weight, { kind: "single", candidateId });
export const marks = (weight: number, given: Record<string, Mark>): ElectionBallot => ballot(weight, { kind: "marks", marks: given });
export const distribute = (weight: number, votes: Record<string, number>): ElectionBallot => ballot(weight, { kind: "distribute", votes });
export const abstain = (weight: number): ElectionBallot => ballot(weight, { kind: "abstain" });

/** `count` copies of a ballot profile line. */
export function times(count: number, make: () => ElectionBallot): ElectionBallot[] {
  return Array.from({ length: count }, make);
}

/** The same ballots with every weight-w ballot replaced by w ballots of weight 1 (split parts likewise). */
export function unitBallots(ballots: readonly ElectionBallot[]): ElectionBallot[] {
  return ballots.flatMap((b) =>
    "parts" in b ? b.parts.flatMap((part) => times(part.weight, () => ballot(1, part.choice))) : times(b.weight, () => ballot(1, b.choice)),
  );
}

/** The result narrowed to its method's type; throws for another method. */
export function resultOf<M extends ElectionResult["method"]>(method: M, result: ElectionResult): Extract<ElectionResult, { method: M }> {
  if (result.method !== method) throw new Error(`expected a ${method} result, got ${result.method}`);
  return result as Extract<ElectionResult, { method: M }>;
}
