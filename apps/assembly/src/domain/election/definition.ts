import { validateText, validateTitle } from "../agenda.ts";
import { DomainError } from "../errors.ts";
import { type Candidate, type NewCandidate, validateCandidates } from "./candidate.ts";
import { type GroupConstraint, validateConstraint } from "./constraint.ts";
import { type Requirement, type RequirementKind, validateRequirement } from "./requirement.ts";
import type { TieRule } from "./tie.ts";

/**
 * How ballots are marked and counted (see docs/elections.md for the rules in plain words):
 * - `yes_no_abstain`: yes, no or abstain on each candidate, at most `maxYes` yes-marks;
 *   the candidates meeting `requirement` with most yes-weight are elected.
 * - `approval` (block vote): mark `minApprovals`..`maxApprovals` candidates, or vote
 *   "no to all" when `allowNoToAll`; the candidates meeting `requirement` with most
 *   approvals are elected.
 * - `cumulative`: give up to `votesPerBallot` votes, at most `maxPerCandidate` to one
 *   candidate; most votes are elected.
 * - `single_choice`: one candidate per ballot, one seat; without the required
 *   majority the result asks for a runoff between the best `runoffSize`, counted under
 *   `runoffRequirement` (see `deriveRunoff`).
 * - `stv`: ranked ballots counted by Scottish STV (see stv.ts).
 * - `schulze`: ranked ballots (ties allowed) ordered by the Schulze method (see schulze.ts).
 */
export type ElectionMethod =
  | { readonly kind: "yes_no_abstain"; readonly requirement: Requirement; readonly maxYes: number }
  | {
      readonly kind: "approval";
      readonly minApprovals: number;
      readonly maxApprovals: number;
      readonly allowNoToAll: boolean;
      readonly requirement: Requirement;
    }
  | { readonly kind: "cumulative"; readonly votesPerBallot: number; readonly maxPerCandidate: number }
  | {
      readonly kind: "single_choice";
      readonly requirement: Requirement;
      readonly runoffSize: number;
      readonly runoffRequirement: Requirement;
    }
  | { readonly kind: "stv" }
  | { readonly kind: "schulze" };

export type MethodKind = ElectionMethod["kind"];

/** A method as given by a user: every option may be left out for its default. */
export type NewElectionMethod = { readonly kind: MethodKind } & Partial<{
  readonly requirement: Requirement;
  readonly maxYes: number;
  readonly minApprovals: number;
  readonly maxApprovals: number;
  readonly allowNoToAll: boolean;
  readonly votesPerBallot: number;
  readonly maxPerCandidate: number;
  readonly runoffSize: number;
  readonly runoffRequirement: Requirement;
}>;

/** Everything the count needs: JSON-serialisable, stored as is. */
export interface ElectionDefinition {
  readonly title: string;
  readonly description: string;
  readonly seats: number;
  readonly candidates: readonly Candidate[];
  readonly method: ElectionMethod;
  readonly tieRule: TieRule;
  readonly constraint: GroupConstraint | null;
  /** Whether a ballot may split its weight across several choices (delegates). */
  readonly allowSplit: boolean;
  /** Whether a ballot may abstain as a whole (always true for yes_no_abstain). */
  readonly allowAbstain: boolean;
  /** Whether ballots abstaining as a whole are part of the base of `majority_of_valid` and `threshold`. */
  readonly abstentionsCount: boolean;
  /** Whether the elected form an ordered list whose positions matter (then ties between elected are resolved too). */
  readonly ordered: boolean;
  /** 1 for a first ballot; a runoff derived from it is round 2, and so on. */
  readonly round: number;
}

export interface NewElection {
  readonly title: string;
  readonly description?: string;
  /** Default 1. */
  readonly seats?: number;
  readonly candidates: readonly NewCandidate[];
  readonly method: NewElectionMethod;
  /** Default lot. */
  readonly tieRule?: TieRule;
  readonly constraint?: GroupConstraint | null;
  /** Default false. */
  readonly allowSplit?: boolean;
  /** Default true. */
  readonly allowAbstain?: boolean;
  /** Default false. */
  readonly abstentionsCount?: boolean;
  /** Default false; true with reserved positions. */
  readonly ordered?: boolean;
  /** Default 1. */
  readonly round?: number;
}

const maxSeats = 100;

function invalid(message: string, field: string): DomainError {
  return new DomainError("invalid", message, { field });
}

function integerIn(value: number, min: number, max: number, field: string): number {
  if (!Number.isSafeInteger(value) || value < min || value > max) throw invalid(`${field} must be an integer from ${min} to ${max}`, field);
  return value;
}

const scoreRequirements: readonly RequirementKind[] = ["none", "majority_of_valid", "threshold"];

function validateMethod(method: NewElectionMethod, seats: number, candidateCount: number): ElectionMethod {
  if (typeof method !== "object" || method === null) throw invalid("method must be an object", "method");
  switch (method.kind) {
    case "yes_no_abstain":
      return {
        kind: "yes_no_abstain",
        requirement: validateRequirement(
          method.requirement ?? { kind: "yes_over_no" },
          ["yes_over_no", ...scoreRequirements],
          "requirement",
        ),
        maxYes: integerIn(method.maxYes ?? seats, 1, candidateCount, "maxYes"),
      };
    case "approval": {
      const maxApprovals = integerIn(method.maxApprovals ?? seats, 1, candidateCount, "maxApprovals");
      return {
        kind: "approval",
        minApprovals: integerIn(method.minApprovals ?? 1, 1, maxApprovals, "minApprovals"),
        maxApprovals,
        allowNoToAll: method.allowNoToAll ?? false,
        requirement: validateRequirement(method.requirement ?? { kind: "none" }, scoreRequirements, "requirement"),
      };
    }
    case "cumulative": {
      const votesPerBallot = integerIn(method.votesPerBallot ?? seats, 1, 1000, "votesPerBallot");
      return {
        kind: "cumulative",
        votesPerBallot,
        maxPerCandidate: integerIn(method.maxPerCandidate ?? Math.min(3, votesPerBallot), 1, votesPerBallot, "maxPerCandidate"),
      };
    }
    case "single_choice":
      if (seats !== 1) throw invalid("single_choice elections fill exactly one seat", "seats");
      if (candidateCount < 2) throw invalid("single_choice elections need at least 2 candidates", "candidates");
      return {
        kind: "single_choice",
        requirement: validateRequirement(method.requirement ?? { kind: "majority_of_valid" }, scoreRequirements, "requirement"),
        runoffSize: integerIn(method.runoffSize ?? 2, 2, candidateCount, "runoffSize"),
        runoffRequirement: validateRequirement(method.runoffRequirement ?? { kind: "none" }, scoreRequirements, "runoffRequirement"),
      };
    case "stv":
      return { kind: "stv" };
    case "schulze":
      return { kind: "schulze" };
    default:
      throw invalid("unknown election method", "method");
  }
}

function validateTieRule(rule: TieRule | undefined): TieRule {
  const kind = rule?.kind ?? "lot";
  if (kind !== "lot" && kind !== "chair") throw invalid("tieRule must be lot or chair", "tieRule");
  return { kind };
}

function booleanOr(value: boolean | undefined, fallback: boolean, field: string): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== "boolean") throw invalid(`${field} must be true or false`, field);
  return value;
}

/** Validates a new election and fills every default; the result is what gets stored and counted. */
export function validateElection(input: NewElection): ElectionDefinition {
  if (typeof input !== "object" || input === null) throw invalid("election must be an object", "election");
  const candidates = validateCandidates(input.candidates);
  const seats = integerIn(input.seats ?? 1, 1, Math.min(maxSeats, candidates.length), "seats");
  const method = validateMethod(input.method, seats, candidates.length);
  const constraint = validateConstraint(input.constraint, seats);
  if (constraint !== null && method.kind === "single_choice")
    throw invalid("single_choice elections take no group constraint", "constraint");
  if (constraint?.kind === "reserved_positions" && method.kind === "stv") {
    throw invalid("STV elects a set, not a list: use a minimum constraint", "constraint");
  }
  const ordered = booleanOr(input.ordered, constraint?.kind === "reserved_positions", "ordered");
  if (ordered && (method.kind === "stv" || method.kind === "single_choice"))
    throw invalid(`${method.kind} elections cannot be ordered`, "ordered");
  if (!ordered && constraint?.kind === "reserved_positions") throw invalid("reserved positions need an ordered election", "ordered");
  return {
    title: validateTitle(String(input.title ?? "")),
    description: validateText(input.description ?? "", "description"),
    seats,
    candidates,
    method,
    tieRule: validateTieRule(input.tieRule),
    constraint,
    allowSplit: booleanOr(input.allowSplit, false, "allowSplit"),
    allowAbstain: method.kind === "yes_no_abstain" ? true : booleanOr(input.allowAbstain, true, "allowAbstain"),
    abstentionsCount: booleanOr(input.abstentionsCount, false, "abstentionsCount"),
    ordered,
    round: integerIn(input.round ?? 1, 1, 100, "round"),
  };
}
