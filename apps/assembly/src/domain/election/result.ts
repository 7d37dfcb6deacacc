import type { BallotSummary, Paper } from "./ballot-box.ts";
import type { ElectionDefinition, MethodKind } from "./definition.ts";
import type { ElectionPaperCounts } from "./paper.ts";
import type { PendingTie, TieBreaker, TieDecision, TieRecord } from "./tie.ts";

/** One seat won. Positions are 1-based; with reserved positions a vacant position leaves a gap. */
export interface ElectedSeat {
  readonly position: number;
  readonly candidateId: string;
  /** Whether the seat was one reserved for the constraint's group. */
  readonly reserved: boolean;
}

/**
 * - `complete`: the result is final.
 * - `tie_pending`: a tie waits for the chair (`pendingTie`); `elected` holds only seats fixed before it (often none), nothing is final.
 * - `runoff_required`: nobody reached the required majority; see `deriveRunoff`.
 */
export type ResultStatus = "complete" | "tie_pending" | "runoff_required";

/** What every result carries, whatever the method. JSON-serialisable. */
export interface ResultBase {
  readonly method: MethodKind;
  readonly seats: number;
  readonly round: number;
  readonly status: ResultStatus;
  readonly ballots: BallotSummary;
  /** In order: by position for ordered elections and score methods, by order of election for STV. */
  readonly elected: readonly ElectedSeat[];
  /** Seats left empty: too few candidates met the requirement, or reserved seats found no group member. */
  readonly vacantSeats: number;
  /** Every tie resolved during the count, in the order met. */
  readonly ties: readonly TieRecord[];
  readonly pendingTie: PendingTie | null;
  /** The lot seed the draws came from (lot rule), as supplied to the count. */
  readonly seed: string | null;
  /** The chair's decisions the count applied (chair rule). */
  readonly decisions: readonly TieDecision[];
  /** Only when paper ballots were entered (see paper.ts): their share of `ballots`; every total above includes them. */
  readonly paper?: BallotSummary;
}

/** What each method's count works from: the opened ballot box and the count's tie breaker. */
export interface CountInput<M extends MethodKind = MethodKind> {
  readonly election: ElectionDefinition & { readonly method: Extract<ElectionDefinition["method"], { kind: M }> };
  readonly papers: readonly Paper[];
  readonly ballots: BallotSummary;
  /** Paper counts in the method's terms, added to what `papers` give (never for ranked methods, whose paper ballots are in `papers`). */
  readonly counts: Extract<ElectionPaperCounts, { kind: M }> | null;
  readonly ties: TieBreaker;
  readonly decisions: readonly TieDecision[];
}

/** The common part of a result, once the method has chosen its seats. */
export function resultBase(
  input: Pick<CountInput, "ballots" | "ties" | "decisions"> & { readonly election: ElectionDefinition },
  elected: readonly ElectedSeat[],
  vacantSeats: number,
  runoff = false,
): ResultBase {
  const { election, ties } = input;
  return {
    method: election.method.kind,
    seats: election.seats,
    round: election.round,
    status: ties.pending !== null ? "tie_pending" : runoff ? "runoff_required" : "complete",
    ballots: input.ballots,
    elected,
    vacantSeats: ties.pending !== null ? 0 : vacantSeats,
    ties: ties.records,
    pendingTie: ties.pending,
    seed: ties.seed,
    decisions: [...input.decisions],
  };
}
