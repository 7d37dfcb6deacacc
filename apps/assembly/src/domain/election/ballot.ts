import { DomainError } from "../errors.ts";
import { addPart, splitMismatch } from "../ballot.ts";
import { validateWeight } from "../participant.ts";
import type { ElectionDefinition } from "./definition.ts";

export type Mark = "yes" | "no" | "abstain";

/**
 * What one ballot (or one part of a split ballot) says. Which kinds an
 * election accepts depends on its method:
 * - yes_no_abstain: `marks` (a candidate left out is an abstention on them), `abstain`;
 * - approval: `approve`, `no_to_all` (when allowed), `abstain` (when allowed);
 * - cumulative: `distribute` (votes per candidate), `abstain` (when allowed);
 * - single_choice: `single`, `abstain` (when allowed);
 * - stv: `ranking` (strict preferences, first is best), `abstain` (when allowed);
 * - schulze: `ranking`, or `tiers` (groups of equally ranked candidates, best group
 *   first); candidates left out rank below all ranked ones; `abstain` (when allowed).
 */
export type ElectionChoice =
  | { readonly kind: "abstain" }
  | { readonly kind: "marks"; readonly marks: Readonly<Record<string, Mark>> }
  | { readonly kind: "approve"; readonly candidateIds: readonly string[] }
  | { readonly kind: "no_to_all" }
  | { readonly kind: "distribute"; readonly votes: Readonly<Record<string, number>> }
  | { readonly kind: "single"; readonly candidateId: string }
  | { readonly kind: "ranking"; readonly candidateIds: readonly string[] }
  | { readonly kind: "tiers"; readonly tiers: readonly (readonly string[])[] };

export interface ElectionBallotPart {
  readonly weight: number;
  readonly choice: ElectionChoice;
}

/**
 * A ballot as the count sees it: nothing about who cast it. One ballot per
 * principal; a delegate may split its weight into parts (when the election
 * allows it) whose weights sum to `weight`.
 */
export type ElectionBallot =
  | { readonly weight: number; readonly choice: ElectionChoice }
  | { readonly weight: number; readonly parts: readonly ElectionBallotPart[] };

function invalid(message: string, field = "choice"): DomainError {
  return new DomainError("invalid", message, { field });
}

/** The ids named, checked: all known, none twice. Returned in candidate-list order. */
function knownIds(election: ElectionDefinition, ids: unknown, what: string): string[] {
  if (!Array.isArray(ids)) throw invalid(`${what} must be a list of candidate ids`);
  const known = new Set(election.candidates.map((candidate) => candidate.id));
  const seen = new Set<string>();
  for (const id of ids) {
    if (typeof id !== "string" || !known.has(id)) throw invalid(`unknown candidate ${JSON.stringify(id)}`);
    if (seen.has(id)) throw invalid(`candidate ${id} is named twice`);
    seen.add(id);
  }
  return election.candidates.map((candidate) => candidate.id).filter((id) => seen.has(id));
}

/** A record keyed by candidate id, checked and rebuilt in candidate-list order (dropping what `keep` rejects). */
function candidateRecord<T>(
  election: ElectionDefinition,
  record: unknown,
  check: (value: unknown, id: string) => T,
  keep: (value: T) => boolean,
) {
  if (typeof record !== "object" || record === null || Array.isArray(record)) throw invalid("expected an object keyed by candidate id");
  const ids = knownIds(election, Object.keys(record), "keys");
  const result: Record<string, T> = {};
  for (const id of ids) {
    const value = check((record as Record<string, unknown>)[id], id);
    if (keep(value)) result[id] = value;
  }
  return result;
}

function validateMarks(election: ElectionDefinition, marks: unknown, maxYes: number): ElectionChoice {
  const checked = candidateRecord(
    election,
    marks,
    (value, id) => {
      if (value !== "yes" && value !== "no" && value !== "abstain") throw invalid(`the mark for ${id} must be yes, no or abstain`);
      return value as Mark;
    },
    (mark) => mark !== "abstain",
  );
  const yesCount = Object.values(checked).filter((mark) => mark === "yes").length;
  if (yesCount > maxYes) throw invalid(`at most ${maxYes} yes-mark(s) allowed`);
  return Object.keys(checked).length === 0 ? { kind: "abstain" } : { kind: "marks", marks: checked };
}

function validateDistribution(
  election: ElectionDefinition,
  votes: unknown,
  votesPerBallot: number,
  maxPerCandidate: number,
): ElectionChoice {
  const checked = candidateRecord(
    election,
    votes,
    (value, id) => {
      if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0 || value > maxPerCandidate) {
        throw invalid(`the votes for ${id} must be an integer from 0 to ${maxPerCandidate}`);
      }
      return value;
    },
    (value) => value > 0,
  );
  const total = Object.values(checked).reduce((sum, value) => sum + value, 0);
  if (total < 1 || total > votesPerBallot) throw invalid(`give between 1 and ${votesPerBallot} vote(s)`);
  return { kind: "distribute", votes: checked };
}

function validateTiers(election: ElectionDefinition, tiers: unknown): ElectionChoice {
  if (!Array.isArray(tiers)) throw invalid("tiers must be a list of lists of candidate ids");
  const flat: unknown[] = tiers.flatMap((tier: unknown) => {
    if (!Array.isArray(tier)) throw invalid("tiers must be a list of lists of candidate ids");
    return tier;
  });
  knownIds(election, flat, "tiers");
  const order = new Map(election.candidates.map((candidate, index) => [candidate.id, index]));
  const normalised = (tiers as string[][])
    .filter((tier) => tier.length > 0)
    .map((tier) => [...tier].sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0)));
  if (normalised.length === 0) throw invalid("rank at least one candidate");
  if (normalised.every((tier) => tier.length === 1)) return { kind: "ranking", candidateIds: normalised.map((tier) => tier[0]!) };
  return { kind: "tiers", tiers: normalised };
}

function validateRanking(election: ElectionDefinition, ids: unknown): ElectionChoice {
  knownIds(election, ids, "ranking");
  const ranking = ids as string[];
  if (ranking.length === 0) throw invalid("rank at least one candidate");
  return { kind: "ranking", candidateIds: [...ranking] };
}

/**
 * Checks one choice against the election and returns it normalised, so that
 * two choices meaning the same are equal: candidates in list order where
 * order carries no meaning, abstain-marks and zero votes dropped, a ballot
 * marking nothing turned into `abstain`. Throws `invalid` (field `choice`)
 * for unknown or repeated candidates, broken limits and kinds the method does
 * not take.
 */
export function validateElectionChoice(election: ElectionDefinition, choice: ElectionChoice): ElectionChoice {
  if (typeof choice !== "object" || choice === null) throw invalid("choice must be an object");
  const method = election.method;
  if (choice.kind === "abstain") {
    if (!election.allowAbstain) throw invalid("this election does not allow abstaining");
    return { kind: "abstain" };
  }
  switch (method.kind) {
    case "yes_no_abstain":
      if (choice.kind === "marks") return validateMarks(election, choice.marks, method.maxYes);
      break;
    case "approval":
      if (choice.kind === "no_to_all") {
        if (!method.allowNoToAll) throw invalid('this election has no "no to all" option');
        return { kind: "no_to_all" };
      }
      if (choice.kind === "approve") {
        const ids = knownIds(election, choice.candidateIds, "approvals");
        if (ids.length < method.minApprovals || ids.length > method.maxApprovals) {
          throw invalid(
            method.minApprovals === method.maxApprovals
              ? `mark exactly ${method.minApprovals} candidate(s)`
              : `mark between ${method.minApprovals} and ${method.maxApprovals} candidates`,
          );
        }
        return { kind: "approve", candidateIds: ids };
      }
      break;
    case "cumulative":
      if (choice.kind === "distribute") return validateDistribution(election, choice.votes, method.votesPerBallot, method.maxPerCandidate);
      break;
    case "single_choice":
      if (choice.kind === "single") return { kind: "single", candidateId: knownIds(election, [choice.candidateId], "choice")[0]! };
      break;
    case "stv":
      if (choice.kind === "ranking") return validateRanking(election, choice.candidateIds);
      break;
    case "schulze":
      if (choice.kind === "ranking") return validateRanking(election, choice.candidateIds);
      if (choice.kind === "tiers") return validateTiers(election, choice.tiers);
      break;
  }
  throw invalid(`a ${method.kind} election does not take a ${String((choice as { kind: unknown }).kind)} choice`);
}

/** Stable text of a normalised choice: equal choices, equal keys. */
export function choiceKey(choice: ElectionChoice): string {
  return JSON.stringify(choice);
}

/**
 * Checks a ballot and returns it normalised: a valid weight (field `weight`);
 * for a split (field `parts`, only where the election allows it) positive part
 * weights summing to the ballot's weight, equal choices merged, parts sorted
 * by their choice's key, and a split left with one part becomes a plain ballot.
 */
export function validateElectionBallot(election: ElectionDefinition, ballot: ElectionBallot): ElectionBallot {
  if (typeof ballot !== "object" || ballot === null) throw invalid("ballot must be an object", "ballot");
  const weight = validateWeight(ballot.weight);
  if (!("parts" in ballot)) return { weight, choice: validateElectionChoice(election, ballot.choice) };
  if (!election.allowSplit)
    throw new DomainError("split_not_allowed", "this election does not allow splitting a ballot's weight", { field: "parts" });
  if (!Array.isArray(ballot.parts) || ballot.parts.length === 0) throw invalid("a split ballot needs at least one part", "parts");
  const merged = new Map<string, { weight: number; choice: ElectionChoice }>();
  let total = 0;
  for (const part of ballot.parts) {
    total = addPart(total, part, weight);
    const choice = validateElectionChoice(election, part.choice);
    const key = choiceKey(choice);
    merged.set(key, { weight: (merged.get(key)?.weight ?? 0) + part.weight, choice });
  }
  if (total !== weight) throw splitMismatch(total, weight);
  const parts = [...merged.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, part]) => part);
  return parts.length === 1 ? { weight, choice: parts[0]!.choice } : { weight, parts };
}
