import { addTotals, inconsistent, noVotes, validateAnalogCounts, validateTotal, validBallots, subtract } from "../analog-counts.ts";
import { DomainError } from "../errors.ts";
import { validateWeight } from "../participant.ts";
import type { Total } from "../tally.ts";
import { type ElectionChoice, validateElectionChoice } from "./ballot.ts";
import { type BallotSummary, openBallotBox } from "./ballot-box.ts";
import type { ElectionDefinition, MethodKind } from "./definition.ts";

/**
 * Paper ballots of an election, counted in the hall and entered by a chair
 * once the election closed (until it is published), in one of two forms:
 *
 * - Counts in the method's own terms (`ElectionPaperCounts`): how many voted
 *   on paper with what weight, abstentions, invalid ballots, and per
 *   candidate yes and no marks, approvals (plus "no to all"), or votes.
 *   Every figure is a number of ballots (or votes) and their weight; for
 *   cumulative votes the weight is Σ ballot weight × votes given.
 * - The paper ballots one by one (`ElectionPaperBallots`), each as a choice
 *   with its weight, plus the invalid ones. Ranked methods (STV, Schulze)
 *   take only this form: a ranking's effect depends on the whole ballot, so
 *   per-candidate counts cannot be added to a count of rankings.
 *
 * Nothing in either form names a person. The count runs on the online
 * ballots and the paper part together, exactly as if the paper ballots had
 * come online (see `countElection`).
 */
interface PaperTotals {
  readonly voters: Total;
  readonly abstentions: Total;
  readonly invalid: Total;
}

export interface YesNoPaperCounts extends PaperTotals {
  readonly kind: "yes_no_abstain";
  readonly candidates: readonly { readonly candidateId: string; readonly yes: Total; readonly no: Total }[];
}

export interface ApprovalPaperCounts extends PaperTotals {
  readonly kind: "approval";
  readonly noToAll: Total;
  readonly candidates: readonly { readonly candidateId: string; readonly approvals: Total }[];
}

/** Votes per candidate: single-choice ballots naming them, or cumulative votes (weight: Σ ballot weight × votes). */
export interface VotesPaperCounts<Kind extends "cumulative" | "single_choice"> extends PaperTotals {
  readonly kind: Kind;
  readonly candidates: readonly { readonly candidateId: string; readonly votes: Total }[];
}

export type ElectionPaperCounts =
  | YesNoPaperCounts
  | ApprovalPaperCounts
  | VotesPaperCounts<"cumulative">
  | VotesPaperCounts<"single_choice">;

/** One paper ballot as entered: never split (a split is a delegate's online choice). */
export interface PaperBallot {
  readonly weight: number;
  readonly choice: ElectionChoice;
}

export interface ElectionPaperBallots {
  readonly kind: "ballots";
  readonly ballots: readonly PaperBallot[];
  readonly invalid: Total;
}

export type ElectionPaper = ElectionPaperCounts | ElectionPaperBallots;

/** The paper part of an election as stored: what was entered, by whom and when. */
export interface ElectionPaperRecord {
  readonly entry: ElectionPaper;
  readonly enteredBy: string;
  readonly enteredAt: string;
}

const rankedMethods: readonly MethodKind[] = ["stv", "schulze"];

/** Whether the method's ballots are rankings, whose paper part can only be entered ballot by ballot. */
export const isRanked = (kind: MethodKind): boolean => rankedMethods.includes(kind);

/** Refuses a sum outside `min`..`max` per ballot of `of`, on counts and weights alike. */
function perBallot(sum: Total, of: Total, min: number, max: number, message: string, field: string): void {
  const fits = (value: number, ballots: number) => value >= min * ballots && value <= max * ballots;
  if (!fits(sum.count, of.count) || !fits(sum.weight, of.weight)) throw inconsistent(message, field);
}

function sumOf(totals: readonly Total[]): Total {
  return totals.reduce(addTotals, noVotes);
}

/** The candidates of the count in list order, each given once, missing ones as zero. */
function byCandidate<Entry extends { readonly candidateId: string }>(
  election: ElectionDefinition,
  entries: readonly Entry[],
  zero: Omit<Entry, "candidateId">,
): Entry[] {
  if (!Array.isArray(entries)) throw new DomainError("invalid", "candidates must be a list", { field: "candidates" });
  const given = new Map<string, Entry>();
  for (const entry of entries) {
    const id = entry?.candidateId;
    if (!election.candidates.some((candidate) => candidate.id === id)) {
      throw new DomainError("invalid", `unknown candidate ${JSON.stringify(id)}`, { field: "candidates" });
    }
    if (given.has(id)) throw new DomainError("invalid", `candidate ${JSON.stringify(id)} is counted twice`, { field: "candidates" });
    given.set(id, entry);
  }
  return election.candidates.map((candidate) => given.get(candidate.id) ?? ({ ...zero, candidateId: candidate.id } as unknown as Entry));
}

function validateCounts(election: ElectionDefinition, counts: ElectionPaperCounts): ElectionPaperCounts {
  const method = election.method;
  if (isRanked(method.kind)) {
    throw new DomainError("paper_counts_ranked", "ranked ballots cannot be added up per candidate: enter each paper ballot as a ranking", {
      field: "kind",
    });
  }
  if (counts.kind !== method.kind) {
    throw new DomainError("invalid", `a ${method.kind} election takes ${method.kind} paper counts`, { field: "kind" });
  }
  const voters = validateTotal(counts.voters, "voters");
  const abstentions = validateTotal(counts.abstentions, "abstentions");
  const invalid = validateTotal(counts.invalid, "invalid");
  if (abstentions.count > 0 && !election.allowAbstain) throw inconsistent("this election does not allow abstaining", "abstentions");
  const totals = { voters, abstentions, invalid };
  const valid = validBallots(voters, abstentions, invalid);
  switch (counts.kind) {
    case "yes_no_abstain": {
      if (method.kind !== "yes_no_abstain") break;
      const candidates = byCandidate(election, counts.candidates, { yes: noVotes, no: noVotes }).map((entry) => ({
        candidateId: entry.candidateId,
        yes: validateTotal(entry.yes, `candidates.${entry.candidateId}.yes`),
        no: validateTotal(entry.no, `candidates.${entry.candidateId}.no`),
      }));
      for (const entry of candidates) {
        perBallot(
          addTotals(entry.yes, entry.no),
          valid,
          0,
          1,
          `candidate ${entry.candidateId} has more yes and no marks than the ${valid.count} valid ballot(s)`,
          `candidates.${entry.candidateId}`,
        );
      }
      // A valid ballot marks at least one candidate (one marking none abstains as a whole), and at most `maxYes` yes.
      perBallot(
        sumOf(candidates.flatMap((entry) => [entry.yes, entry.no])),
        valid,
        1,
        candidates.length,
        `every valid ballot marks at least one candidate yes or no (${valid.count} ballot(s), weight ${valid.weight})`,
        "candidates",
      );
      perBallot(
        sumOf(candidates.map((entry) => entry.yes)),
        valid,
        0,
        method.maxYes,
        `a ballot marks at most ${method.maxYes} candidate(s) yes`,
        "candidates",
      );
      return { kind: "yes_no_abstain", ...totals, candidates };
    }
    case "approval": {
      if (method.kind !== "approval") break;
      const noToAll = validateTotal(counts.noToAll, "noToAll");
      if (noToAll.count > 0 && !method.allowNoToAll) throw inconsistent('this election has no "no to all" option', "noToAll");
      perBallot(noToAll, valid, 0, 1, `"no to all" exceeds the ${valid.count} valid ballot(s)`, "noToAll");
      const entries = byCandidate(election, counts.candidates, { approvals: noVotes });
      // The approving ballots are the valid ones less "no to all": each names minApprovals..maxApprovals candidates.
      const checked = validateAnalogCounts(
        {
          choices: election.candidates.map((candidate) => candidate.id),
          minChoices: method.minApprovals,
          maxChoices: method.maxApprovals,
          allowAbstain: election.allowAbstain,
        },
        {
          voters: subtract(voters, noToAll),
          choices: entries.map((entry) => ({ choice: entry.candidateId, ...entry.approvals })),
          abstentions,
          invalid,
        },
      );
      const candidates = checked.choices.map(({ choice, count, weight }) => ({ candidateId: choice, approvals: { count, weight } }));
      return { kind: "approval", ...totals, noToAll, candidates };
    }
    case "single_choice": {
      if (method.kind !== "single_choice") break;
      const entries = byCandidate(election, counts.candidates, { votes: noVotes });
      const checked = validateAnalogCounts(
        {
          choices: election.candidates.map((candidate) => candidate.id),
          minChoices: 1,
          maxChoices: 1,
          allowAbstain: election.allowAbstain,
        },
        { ...totals, choices: entries.map((entry) => ({ choice: entry.candidateId, ...entry.votes })) },
      );
      return {
        kind: "single_choice",
        ...totals,
        candidates: checked.choices.map(({ choice, count, weight }) => ({ candidateId: choice, votes: { count, weight } })),
      };
    }
    case "cumulative": {
      if (method.kind !== "cumulative") break;
      const candidates = byCandidate(election, counts.candidates, { votes: noVotes }).map((entry) => ({
        candidateId: entry.candidateId,
        votes: validateTotal(entry.votes, `candidates.${entry.candidateId}.votes`),
      }));
      for (const entry of candidates) {
        perBallot(
          entry.votes,
          valid,
          0,
          method.maxPerCandidate,
          `candidate ${entry.candidateId} has more than ${method.maxPerCandidate} vote(s) per valid ballot`,
          `candidates.${entry.candidateId}`,
        );
      }
      perBallot(
        sumOf(candidates.map((entry) => entry.votes)),
        valid,
        1,
        method.votesPerBallot,
        `the votes must add up to between 1 and ${method.votesPerBallot} per valid ballot (${valid.count} ballot(s), weight ${valid.weight})`,
        "candidates",
      );
      return { kind: "cumulative", ...totals, candidates };
    }
  }
  throw new DomainError("invalid", `a ${method.kind} election takes ${method.kind} paper counts`, { field: "kind" });
}

function validateBallots(election: ElectionDefinition, paper: ElectionPaperBallots): ElectionPaperBallots {
  if (!Array.isArray(paper.ballots)) throw new DomainError("invalid", "ballots must be a list", { field: "ballots" });
  const ballots = paper.ballots.map((ballot, index) => {
    try {
      return { weight: validateWeight(ballot?.weight), choice: validateElectionChoice(election, ballot?.choice) };
    } catch (error) {
      if (error instanceof DomainError)
        throw new DomainError(error.code, `paper ballot ${index + 1}: ${error.message}`, { field: `ballots.${index}` });
      throw error;
    }
  });
  return { kind: "ballots", ballots, invalid: validateTotal(paper.invalid, "invalid") };
}

/** Checks a paper entry against the election's method and candidates and returns it normalised (candidates in list order, zeros filled). */
export function validateElectionPaper(election: ElectionDefinition, paper: ElectionPaper): ElectionPaper {
  if (typeof paper !== "object" || paper === null) throw new DomainError("invalid", "paper results must be an object", { field: "kind" });
  return paper.kind === "ballots" ? validateBallots(election, paper) : validateCounts(election, paper);
}

/** Who voted on paper: the counts' voters, or the ballots entered and the invalid ones. */
export function paperVoterTotal(paper: ElectionPaper): Total {
  if (paper.kind !== "ballots") return paper.voters;
  return addTotals(sumOf(paper.ballots.map((ballot) => ({ count: 1, weight: ballot.weight }))), paper.invalid);
}

/** The paper part's ballots as the result states them (see `BallotSummary`). */
export function paperSummary(election: ElectionDefinition, paper: ElectionPaper): BallotSummary {
  if (paper.kind === "ballots") {
    const { summary } = openBallotBox(election, paper.ballots);
    return addSummaries(summary, {
      total: paper.invalid,
      valid: noVotes,
      invalid: paper.invalid,
      abstain: noVotes,
      base: 0,
    });
  }
  const valid = subtract(paper.voters, paper.invalid);
  return {
    total: paper.voters,
    valid,
    invalid: paper.invalid,
    abstain: paper.abstentions,
    base: election.abstentionsCount ? valid.weight : valid.weight - paper.abstentions.weight,
  };
}

export function addSummaries(a: BallotSummary, b: BallotSummary): BallotSummary {
  return {
    total: addTotals(a.total, b.total),
    valid: addTotals(a.valid, b.valid),
    invalid: addTotals(a.invalid, b.invalid),
    abstain: addTotals(a.abstain, b.abstain),
    base: a.base + b.base,
  };
}
