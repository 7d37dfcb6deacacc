import { DomainError } from "../errors.ts";
import type { ElectionDefinition } from "./definition.ts";
import type { SingleChoiceResult } from "./single-choice.ts";

/**
 * The definition of the runoff a first round asked for: the same election
 * with only the runoff's candidates (in list order), counted under the
 * method's `runoffRequirement`, as the next round. Throws `invalid_transition`
 * when the result does not ask for a runoff.
 */
export function deriveRunoff(election: ElectionDefinition, result: SingleChoiceResult): ElectionDefinition {
  if (election.method.kind !== "single_choice" || result.status !== "runoff_required" || result.runoff === null) {
    throw new DomainError("invalid_transition", "this result does not ask for a runoff", { status: result.status });
  }
  if (result.round !== election.round) throw new DomainError("invalid", "the result belongs to another round", { field: "round" });
  const names = new Set(result.runoff.candidateIds);
  return {
    ...election,
    candidates: election.candidates.filter((candidate) => names.has(candidate.id)),
    method: {
      ...election.method,
      requirement: election.method.runoffRequirement,
      runoffSize: Math.min(election.method.runoffSize, names.size),
    },
    round: election.round + 1,
  };
}
