import { validateText, validateTitle } from "../agenda.ts";
import { DomainError } from "../errors.ts";

/** The attributes a group constraint can look at. */
export type CandidateAttribute = "group" | "gender" | "region";
export const candidateAttributes: readonly CandidateAttribute[] = ["group", "gender", "region"];

export interface Candidate {
  /** Stable id used in ballots: 1..40 chars of [A-Za-z0-9_-], unique within the election. */
  readonly id: string;
  readonly name: string;
  /** Free labels, e.g. group "Kreisverband Nord", gender "f", region "Süd"; null when not given. */
  readonly group: string | null;
  readonly gender: string | null;
  readonly region: string | null;
  /** The candidate's own statement shown with the ballot; empty when none. */
  readonly statement: string;
}

export interface NewCandidate {
  readonly id?: string;
  readonly name: string;
  readonly group?: string | null;
  readonly gender?: string | null;
  readonly region?: string | null;
  readonly statement?: string;
}

const candidateIdPattern = /^[A-Za-z0-9_-]{1,40}$/;
const maxCandidates = 200;

function invalid(message: string): DomainError {
  return new DomainError("invalid", message, { field: "candidates" });
}

function validateAttribute(value: string | null | undefined, attribute: CandidateAttribute): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== "string") throw invalid(`candidate ${attribute} must be text`);
  const trimmed = value.trim();
  if (trimmed.length === 0 || trimmed.length > 100) throw invalid(`candidate ${attribute} must have 1 to 100 characters`);
  return trimmed;
}

/** Validates the candidate list (2..200 candidates, unique ids; missing ids become c1, c2...). */
export function validateCandidates(candidates: readonly NewCandidate[] | undefined): readonly Candidate[] {
  if (!Array.isArray(candidates) || candidates.length < 1 || candidates.length > maxCandidates) {
    throw invalid(`an election needs 1 to ${maxCandidates} candidates`);
  }
  const result = candidates.map((candidate, index): Candidate => {
    if (typeof candidate !== "object" || candidate === null) throw invalid("every candidate must be an object");
    const id = candidate.id ?? `c${index + 1}`;
    if (typeof id !== "string" || !candidateIdPattern.test(id)) {
      throw invalid(`candidate id ${JSON.stringify(id)} must be 1-40 chars of A-Z a-z 0-9 _ -`);
    }
    return {
      id,
      name: validateTitle(String(candidate.name ?? ""), "candidates"),
      group: validateAttribute(candidate.group, "group"),
      gender: validateAttribute(candidate.gender, "gender"),
      region: validateAttribute(candidate.region, "region"),
      statement: validateText(candidate.statement ?? "", "candidates"),
    };
  });
  if (new Set(result.map((candidate) => candidate.id)).size !== result.length) throw invalid("candidate ids must be unique");
  return result;
}
