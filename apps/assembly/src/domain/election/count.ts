import { DomainError } from "../errors.ts";
import { type ApprovalResult, countApproval } from "./approval.ts";
import type { ElectionBallot } from "./ballot.ts";
import { openBallotBox } from "./ballot-box.ts";
import { type CumulativeResult, countCumulative } from "./cumulative.ts";
import type { ElectionDefinition } from "./definition.ts";
import { addSummaries, type ElectionPaper, paperSummary } from "./paper.ts";
import type { CountInput } from "./result.ts";
import { countSchulze, type SchulzeResult } from "./schulze.ts";
import { countSingleChoice, type SingleChoiceResult } from "./single-choice.ts";
import { countStv, type StvResult } from "./stv.ts";
import { TieBreaker, type TieDecision } from "./tie.ts";
import { countYesNo, type YesNoResult } from "./yes-no.ts";

export type ElectionResult = YesNoResult | ApprovalResult | CumulativeResult | SingleChoiceResult | StvResult | SchulzeResult;

export interface CountOptions {
  /** Required under the lot rule: the lots are drawn from it, and the result records it. */
  readonly seed?: string | null;
  /** Under the chair rule: the chair's decisions on ties met by earlier counts of the same ballots. */
  readonly decisions?: readonly TieDecision[];
  /** The paper part, validated (see paper.ts): counted with the ballots as if it had come online. */
  readonly paper?: ElectionPaper | null;
}

/**
 * Counts an election. Pure and deterministic: the result depends only on
 * the definition, the multiset of ballots (never their order), the lot seed and
 * the decisions, so anyone holding the exported ballots can count again and
 * get the same JSON. Ballots that do not validate are counted as invalid.
 * Throws `invalid` for a missing seed under the lot rule, and for decisions
 * that do not match a tie of this count.
 */
export function countElection(election: ElectionDefinition, ballots: Iterable<ElectionBallot>, options: CountOptions = {}): ElectionResult {
  const decisions = options.decisions ?? [];
  const ties = new TieBreaker(election.tieRule, options.seed ?? null, decisions);
  const paper = options.paper ?? null;
  const online = openBallotBox(election, ballots);
  const paperBallots = paper?.kind === "ballots" ? openBallotBox(election, paper.ballots).papers : [];
  const paperPart = paper === null ? null : paperSummary(election, paper);
  const input = {
    election,
    papers: [...online.papers, ...paperBallots],
    ballots: paperPart === null ? online.summary : addSummaries(online.summary, paperPart),
    counts: paper === null || paper.kind === "ballots" ? null : paper,
    ties,
    decisions,
  };
  const result = countBy(input as CountInput);
  ties.assertDecisionsUsed();
  return paperPart === null ? result : { ...result, paper: paperPart };
}

function countBy(input: CountInput): ElectionResult {
  const method = input.election.method;
  switch (method.kind) {
    case "yes_no_abstain":
      return countYesNo(input as CountInput<"yes_no_abstain">);
    case "approval":
      return countApproval(input as CountInput<"approval">);
    case "cumulative":
      return countCumulative(input as CountInput<"cumulative">);
    case "single_choice":
      return countSingleChoice(input as CountInput<"single_choice">);
    case "stv":
      return countStv(input as CountInput<"stv">);
    case "schulze":
      return countSchulze(input as CountInput<"schulze">);
  }
}

/**
 * Applies the chair's decision on the tie a result waits for: the tied
 * candidates from most to least favoured (for an STV exclusion the last is
 * excluded). Counts again with every decision so far, so the new result may
 * itself wait for another tie. Throws `invalid_transition` when the result
 * waits for none.
 */
export function decideTie(
  election: ElectionDefinition,
  ballots: Iterable<ElectionBallot>,
  result: ElectionResult,
  order: readonly string[],
  paper: ElectionPaper | null = null,
): ElectionResult {
  if (result.status !== "tie_pending" || result.pendingTie === null) {
    throw new DomainError("invalid_transition", "this result waits for no tie decision", { status: result.status });
  }
  return countElection(election, ballots, { decisions: [...result.decisions, { tieId: result.pendingTie.tieId, order }], paper });
}
