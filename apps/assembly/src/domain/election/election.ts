import type { PollStatus, Quorum } from "../poll.ts";
import { DomainError } from "../errors.ts";
import { type Candidate, type NewCandidate, validateCandidates } from "./candidate.ts";
import { type ElectionDefinition, type NewElection, validateElection } from "./definition.ts";
import type { ElectionResult } from "./count.ts";
import type { ElectionPaperRecord } from "./paper.ts";

/** The rules of an election as the chair set them: everything of `NewElection` but its title, description and candidates. */
export type ElectionSetup = Omit<NewElection, "title" | "description" | "candidates">;

/** Whether participants may nominate candidates: never offered, open now, or closed by a chair. */
export type NominationPhase = "none" | "open" | "closed";

/** A candidate as the election's list holds it: who they are on the roll (if taken from it), who nominated them, withdrawn or not. */
export interface ListedCandidate extends Candidate {
  readonly participantId: string | null;
  readonly nominatedBy: string | null;
  readonly withdrawn: boolean;
}

/**
 * An election on an agenda item: a ballot box like a poll (status, secrecy,
 * eligibility frozen at opening, quorum) with its candidate list, its rules,
 * the definition frozen when it opened and the result counted when it closed.
 */
export interface Election {
  readonly id: string;
  readonly eventId: string;
  readonly agendaItemId: string;
  readonly title: string;
  readonly description: string;
  readonly secret: boolean;
  readonly quorum: Quorum | null;
  readonly status: PollStatus;
  readonly setup: ElectionSetup;
  /** In list order, withdrawn candidates included (they are not on the ballot). */
  readonly candidates: readonly ListedCandidate[];
  readonly nomination: NominationPhase;
  /** Frozen when the election opens; null in draft. */
  readonly definition: ElectionDefinition | null;
  /** Counted when the election closed; null before. */
  readonly result: ElectionResult | null;
  /** Paper ballots a chair entered after closing, counted into `result`; null when none. */
  readonly paper: ElectionPaperRecord | null;
  /** The lot seed the count drew from (lot rule), drawn when the election closed. */
  readonly lotSeed: string | null;
  /** The election whose result asked for this runoff. */
  readonly runoffOf: string | null;
  readonly eligibleCount: number | null;
  readonly eligibleWeight: number | null;
  readonly createdAt: string;
  readonly openedAt: string | null;
  readonly closedAt: string | null;
  readonly publishedAt: string | null;
}

/**
 * A draft is checked against as many stand-in candidates as its seats need,
 * so a chair can set the rules before the list exists; the definition built
 * at opening checks them again against the real list.
 */
function standIns(seats: number | undefined): NewCandidate[] {
  const count = Math.max(2, Number.isSafeInteger(seats) ? Number(seats) : 1);
  return Array.from({ length: Math.min(count, 200) }, (_, index) => ({ id: `draft-${index + 1}`, name: `Candidate ${index + 1}` }));
}

/** Checks an election's title, description and rules (not yet its list); returns them as given. */
export function validateSetup(title: string, description: string, setup: ElectionSetup): ElectionSetup {
  validateElection({ ...setup, title, description, candidates: standIns(setup.seats) });
  return setup;
}

/** Checks one candidate as the list takes them. */
export function validateCandidate(candidate: NewCandidate): Candidate {
  const [checked] = validateCandidates([candidate]);
  return checked as Candidate;
}

/** The next free candidate id of a list: c1, c2... (withdrawn candidates keep theirs). */
export function nextCandidateId(candidates: readonly Pick<Candidate, "id">[]): string {
  const used = new Set(candidates.map((candidate) => candidate.id));
  let n = candidates.length + 1;
  while (used.has(`c${n}`)) n += 1;
  return `c${n}`;
}

/** The definition an election opens with: its rules over the candidates still standing, in list order. */
export function definitionAtOpening(election: Pick<Election, "title" | "description" | "setup" | "candidates">): ElectionDefinition {
  const standing = election.candidates.filter((candidate) => !candidate.withdrawn);
  if (standing.length === 0) throw new DomainError("invalid", "an election needs at least one candidate", { field: "candidates" });
  return validateElection({
    ...election.setup,
    title: election.title,
    description: election.description,
    candidates: standing.map(({ id, name, group, gender, region, statement }) => ({ id, name, group, gender, region, statement })),
  });
}

/** The candidate list can change only in draft. */
export function requireDraft(election: Pick<Election, "status">, what: string): void {
  if (election.status !== "draft") {
    throw new DomainError("invalid_transition", `${what} only while the election is a draft`, { status: election.status });
  }
}
