import fc from "fast-check";
import type { ElectionChoice } from "../../../src/domain/election/ballot.ts";
import type { MethodKind, NewElectionMethod } from "../../../src/domain/election/definition.ts";

/** Candidate ids and one method setting of each kind, for the property tests. */
export const ids = ["a", "b", "c", "d", "e"];
export const methods: readonly NewElectionMethod[] = [
  { kind: "yes_no_abstain", maxYes: 5 },
  { kind: "approval", maxApprovals: 5, allowNoToAll: true },
  { kind: "cumulative", votesPerBallot: 6, maxPerCandidate: 3 },
  { kind: "single_choice" },
  { kind: "stv" },
  { kind: "schulze" },
];

const subset = fc.shuffledSubarray(ids, { minLength: 1 });
const abstainArb = fc.constant({ kind: "abstain" as const });
/** Choices of the kinds each method takes (some may still break its limits). */
export const choicesByMethod: Record<MethodKind, fc.Arbitrary<ElectionChoice>> = {
  yes_no_abstain: fc.oneof(
    abstainArb,
    subset.chain((chosen) =>
      fc
        .array(fc.constantFrom("yes" as const, "no" as const, "abstain" as const), { minLength: chosen.length, maxLength: chosen.length })
        .map((marks) => ({
          kind: "marks" as const,
          marks: Object.fromEntries(chosen.map((id, i) => [id, marks[i]!])),
        })),
    ),
  ),
  approval: fc.oneof(
    abstainArb,
    fc.constant({ kind: "no_to_all" as const }),
    subset.map((candidateIds) => ({ kind: "approve" as const, candidateIds })),
  ),
  cumulative: fc.oneof(
    abstainArb,
    subset.chain((chosen) =>
      fc.array(fc.integer({ min: 1, max: 3 }), { minLength: chosen.length, maxLength: chosen.length }).map((votes) => ({
        kind: "distribute" as const,
        votes: Object.fromEntries(chosen.map((id, i) => [id, votes[i]!])),
      })),
    ),
  ),
  single_choice: fc.oneof(
    abstainArb,
    fc.constantFrom(...ids).map((candidateId) => ({ kind: "single" as const, candidateId })),
  ),
  stv: fc.oneof(
    abstainArb,
    subset.map((candidateIds) => ({ kind: "ranking" as const, candidateIds })),
  ),
  schulze: fc.oneof(
    subset.map((candidateIds) => ({ kind: "ranking" as const, candidateIds })),
    subset.chain((chosen) =>
      fc
        .integer({ min: 1, max: chosen.length })
        .map((cut) => ({ kind: "tiers" as const, tiers: [chosen.slice(0, cut), chosen.slice(cut)] })),
    ),
  ),
};
