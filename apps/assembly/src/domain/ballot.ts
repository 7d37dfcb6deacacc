import { DomainError } from "./errors.ts";
import type { PollDefinition } from "./poll.ts";

/**
 * What a ballot says. Abstaining is exclusive: it is its own variant, never
 * mixed with options. For yes_no_abstain polls the options are `yes` / `no`.
 */
export type BallotChoice = { readonly kind: "abstain" } | { readonly kind: "options"; readonly optionIds: readonly string[] };

/** A stored ballot as the tally sees it: nothing about who cast it. */
export interface CountedBallot {
  readonly choice: BallotChoice;
  readonly weight: number;
}

/** What the voter gets back once the ballot is committed. */
export interface BallotReceipt {
  readonly pollId: string;
  readonly principalId: string;
  /** The client-supplied idempotency key. */
  readonly ballotId: string;
  /** Random code the participant can later check with `verifyReceipt`. */
  readonly receipt: string;
  readonly weight: number;
}

function invalidChoice(message: string): DomainError {
  return new DomainError("invalid", message, { field: "choice" });
}

/**
 * Checks a choice against the poll and returns it normalised (options in the
 * poll's order). Unknown option ids, duplicates, too few or too many
 * selections, and abstaining where not allowed are all `invalid`.
 */
export function validateChoice(poll: PollDefinition, choice: BallotChoice): BallotChoice {
  if (typeof choice !== "object" || choice === null) throw invalidChoice("choice must be an object");
  if (choice.kind === "abstain") {
    if (!poll.allowAbstain) throw invalidChoice("this poll does not allow abstaining");
    return { kind: "abstain" };
  }
  if (choice.kind !== "options" || !Array.isArray(choice.optionIds)) throw invalidChoice("choice must be abstain or a list of option ids");
  const selected = new Set(choice.optionIds);
  if (selected.size !== choice.optionIds.length) throw invalidChoice("an option is selected twice");
  const known = new Set(poll.options.map((option) => option.id));
  for (const id of selected) {
    if (!known.has(id)) throw invalidChoice(`unknown option ${JSON.stringify(id)}`);
  }
  if (selected.size < poll.minChoices || selected.size > poll.maxChoices) {
    throw invalidChoice(
      poll.minChoices === poll.maxChoices
        ? `select exactly ${poll.minChoices} option(s)`
        : `select between ${poll.minChoices} and ${poll.maxChoices} options`,
    );
  }
  return { kind: "options", optionIds: poll.options.map((option) => option.id).filter((id) => selected.has(id)) };
}
