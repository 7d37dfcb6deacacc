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

/** One share of a split ballot: part of the ballot's weight cast for one choice. */
export interface BallotPart {
  readonly choice: BallotChoice;
  readonly weight: number;
}

/**
 * A ballot whose weight is split across choices: a delegate holding the
 * weight of 100 members votes "70 yes, 30 no". It stays one ballot of one
 * principal; the parts' weights sum to `weight`.
 */
export interface SplitBallot {
  readonly weight: number;
  readonly parts: readonly BallotPart[];
}

/** A floor poll's ballot as stored and counted: one choice, or its weight split across choices. */
export type PollBallot = CountedBallot | SplitBallot;

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

/** The parts of a split ballot do not add up to its weight (a poll's or an election's). */
export function splitMismatch(total: number, weight: number): DomainError {
  return new DomainError("split_mismatch", `the parts' weights sum to ${total}, not to the ballot's weight ${weight}`, {
    field: "parts",
    total,
    weight,
  });
}

/**
 * The running sum of a split's part weights with `part` added: `invalid`
 * unless its weight is a positive integer, `split_mismatch` as soon as the sum
 * is over the ballot's `weight`, so it never leaves the exact (safe) integers.
 */
export function addPart(total: number, part: { readonly weight: number } | null, weight: number): number {
  if (typeof part !== "object" || part === null || !Number.isSafeInteger(part.weight) || part.weight < 1) {
    throw new DomainError("invalid", "every part needs a positive integer weight", { field: "parts" });
  }
  const sum = total + part.weight;
  if (sum > weight) throw splitMismatch(sum, weight);
  return sum;
}

/**
 * Checks the parts of a split ballot of `weight` and returns them normalised:
 * every choice valid for the poll, part weights positive integers summing to
 * `weight`, equal choices merged, abstention last and the others in the
 * poll's option order, so two splits meaning the same are stored the same.
 */
export function validateSplit(poll: PollDefinition, weight: number, parts: readonly BallotPart[]): BallotPart[] {
  if (!Array.isArray(parts) || parts.length === 0)
    throw new DomainError("invalid", "a split ballot needs at least one part", { field: "parts" });
  const merged = new Map<string, { choice: BallotChoice; weight: number }>();
  let total = 0;
  for (const part of parts) {
    total = addPart(total, part, weight);
    const choice = validateChoice(poll, part.choice);
    const key = choice.kind === "abstain" ? "" : choice.optionIds.join("\u0000");
    merged.set(key, { choice, weight: (merged.get(key)?.weight ?? 0) + part.weight });
  }
  if (total !== weight) throw splitMismatch(total, weight);
  const rank = (choice: BallotChoice): string =>
    choice.kind === "abstain"
      ? "\uffff"
      : choice.optionIds.map((id) => String(poll.options.findIndex((o) => o.id === id)).padStart(4, "0")).join(",");
  return [...merged.values()].sort((a, b) => (rank(a.choice) < rank(b.choice) ? -1 : 1));
}

/**
 * A ballot in words, given how a choice reads and how a part reads with its
 * weight: its choice, or its parts in order ("70 Yes, 30 No"), set off by
 * semicolons where a part names several options.
 */
export function ballotInWords(
  ballot: { readonly choice: BallotChoice } | { readonly parts: readonly BallotPart[] },
  choiceText: (choice: BallotChoice) => string,
  partText: (weight: number, choice: string) => string,
): string {
  if (!("parts" in ballot)) return choiceText(ballot.choice);
  const several = ballot.parts.some((part) => part.choice.kind === "options" && part.choice.optionIds.length > 1);
  return ballot.parts.map((part) => partText(part.weight, choiceText(part.choice))).join(several ? "; " : ", ");
}
