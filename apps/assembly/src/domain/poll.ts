import { validateText, validateTitle } from "./agenda.ts";
import { DomainError } from "./errors.ts";

/** `election`: a candidate election's ballot box (see domain/election/); created and run only as an election. */
export type PollKind = "yes_no_abstain" | "single_choice" | "multiple_choice" | "election";
export type PollStatus = "draft" | "open" | "closed" | "published";

export interface PollOption {
  /** Stable id used in ballots: 1..40 chars of [A-Za-z0-9_-], unique within the poll. */
  readonly id: string;
  readonly label: string;
}

/**
 * How a yes (or an option's weight) is judged. All comparisons are exact
 * integer arithmetic over weights (see tally.ts):
 * - `simple`: yes > no, i.e. strictly more than half of the base (a tie fails).
 * - `absolute`: yes > half of the eligible weight snapshotted when the poll opened (exactly half fails).
 * - `two_thirds`: yes ≥ 2/3 of the base (exactly two thirds passes).
 * - `threshold`: yes ≥ numerator/denominator of the base (exactly at the threshold passes).
 * - `plurality` (relative majority, single_choice only): the option with the most weight wins, however small
 *   its share; a tie at the top elects nobody.
 * The base is the weight of ballots for an option plus, when `abstentionsCount`, the abstentions.
 */
export type MajorityRule =
  | { readonly kind: "simple" }
  | { readonly kind: "absolute" }
  | { readonly kind: "two_thirds" }
  | { readonly kind: "threshold"; readonly numerator: number; readonly denominator: number }
  | { readonly kind: "plurality" };

/**
 * Minimum turnout (weight of all ballots, abstentions included) for the vote
 * to count: an absolute weight, or a fraction of the eligible weight (met when
 * turnout ≥ fraction, exactly at the fraction meets it).
 */
export type Quorum =
  | { readonly kind: "weight"; readonly minWeight: number }
  | { readonly kind: "fraction"; readonly numerator: number; readonly denominator: number };

export interface PollDefinition {
  readonly agendaItemId: string;
  readonly title: string;
  readonly description: string;
  readonly kind: PollKind;
  /** For yes_no_abstain always `yes` and `no`; abstaining is a separate choice, never an option. */
  readonly options: readonly PollOption[];
  readonly minChoices: number;
  readonly maxChoices: number;
  readonly allowAbstain: boolean;
  /** Secret: who voted is recorded, what they voted is stored unlinkable to them. Named: who voted what is published. */
  readonly secret: boolean;
  readonly majority: MajorityRule;
  readonly abstentionsCount: boolean;
  readonly quorum: Quorum | null;
  /**
   * Whether a principal's ballot may split its weight across choices ("70
   * yes, 30 no" from a delegate holding 100): still one ballot per principal,
   * its parts summing to the principal's weight (see `validateSplit`).
   */
  readonly allowSplit: boolean;
}

export interface Poll extends PollDefinition {
  readonly id: string;
  readonly eventId: string;
  readonly status: PollStatus;
  /** Eligible participants and their total weight, frozen when the poll opens (null before). */
  readonly eligibleCount: number | null;
  readonly eligibleWeight: number | null;
  readonly createdAt: string;
  readonly openedAt: string | null;
  readonly closedAt: string | null;
  readonly publishedAt: string | null;
}

export interface NewPoll {
  readonly agendaItemId: string;
  readonly title: string;
  readonly description?: string;
  readonly kind: PollKind;
  /** Required (≥ 2) for choice polls, forbidden for yes_no_abstain. Missing ids become o1, o2... */
  readonly options?: readonly { readonly id?: string; readonly label: string }[];
  /** multiple_choice only; default 1. */
  readonly minChoices?: number;
  /** multiple_choice only; default the number of options. */
  readonly maxChoices?: number;
  /** Default true. Always true for yes_no_abstain. */
  readonly allowAbstain?: boolean;
  /** Default false (named). */
  readonly secret?: boolean;
  /** Default simple. */
  readonly majority?: MajorityRule;
  /** Default false: abstentions are reported but not part of the base. */
  readonly abstentionsCount?: boolean;
  readonly quorum?: Quorum | null;
  /** Default false: every ballot carries its whole weight for one choice. */
  readonly allowSplit?: boolean;
}

export type PollPatch = Partial<Omit<NewPoll, "agendaItemId">> & { readonly agendaItemId?: string };

const yesNoOptions: readonly PollOption[] = [
  { id: "yes", label: "Yes" },
  { id: "no", label: "No" },
];

const optionIdPattern = /^[A-Za-z0-9_-]{1,40}$/;

function invalid(message: string, field: string): DomainError {
  return new DomainError("invalid", message, { field });
}

/** A fraction 0 < n/d ≤ 1 of safe positive integers, as majority thresholds and quorums take it. */
export function validateFraction(numerator: number, denominator: number, field: string): void {
  if (
    !Number.isSafeInteger(numerator) ||
    !Number.isSafeInteger(denominator) ||
    numerator < 1 ||
    denominator < 1 ||
    numerator > denominator
  ) {
    throw invalid(`${field} must be a fraction numerator/denominator of positive integers with 0 < n ≤ d`, field);
  }
}

export function validateMajorityRule(rule: MajorityRule): MajorityRule {
  switch (rule.kind) {
    case "simple":
    case "absolute":
    case "two_thirds":
    case "plurality":
      return { kind: rule.kind };
    case "threshold":
      validateFraction(rule.numerator, rule.denominator, "majority");
      return { kind: "threshold", numerator: rule.numerator, denominator: rule.denominator };
    default:
      throw invalid("unknown majority rule", "majority");
  }
}

export function validateQuorum(quorum: Quorum | null): Quorum | null {
  if (quorum === null) return null;
  switch (quorum.kind) {
    case "weight":
      if (!Number.isSafeInteger(quorum.minWeight) || quorum.minWeight < 1)
        throw invalid("quorum minWeight must be a positive integer", "quorum");
      return { kind: "weight", minWeight: quorum.minWeight };
    case "fraction":
      validateFraction(quorum.numerator, quorum.denominator, "quorum");
      return { kind: "fraction", numerator: quorum.numerator, denominator: quorum.denominator };
    default:
      throw invalid("unknown quorum kind", "quorum");
  }
}

function validateOptions(kind: PollKind, options: NewPoll["options"]): readonly PollOption[] {
  if (kind === "yes_no_abstain") {
    if (options !== undefined && options.length > 0) throw invalid("yes_no_abstain polls have fixed options", "options");
    return yesNoOptions;
  }
  if (options === undefined || options.length < 2 || options.length > 100) {
    throw invalid("choice polls need 2 to 100 options", "options");
  }
  const result = options.map((option, index) => {
    const id = option.id ?? `o${index + 1}`;
    if (!optionIdPattern.test(id)) throw invalid(`option id ${JSON.stringify(id)} must be 1-40 chars of A-Z a-z 0-9 _ -`, "options");
    return { id, label: validateTitle(option.label, "options") };
  });
  if (new Set(result.map((option) => option.id)).size !== result.length) throw invalid("option ids must be unique", "options");
  return result;
}

function validateChoiceBounds(kind: PollKind, optionCount: number, min: number | undefined, max: number | undefined): [number, number] {
  if (kind !== "multiple_choice") {
    if ((min !== undefined && min !== 1) || (max !== undefined && max !== 1))
      throw invalid("only multiple_choice polls take minChoices/maxChoices", "minChoices");
    return [1, 1];
  }
  const minChoices = min ?? 1;
  const maxChoices = max ?? optionCount;
  if (
    !Number.isSafeInteger(minChoices) ||
    !Number.isSafeInteger(maxChoices) ||
    minChoices < 1 ||
    minChoices > maxChoices ||
    maxChoices > optionCount
  ) {
    throw invalid("need 1 ≤ minChoices ≤ maxChoices ≤ number of options", "minChoices");
  }
  return [minChoices, maxChoices];
}

/** Validates a new poll and fills every default; the result is what gets stored. */
export function validateNewPoll(input: NewPoll): PollDefinition {
  const kinds: readonly PollKind[] = ["yes_no_abstain", "single_choice", "multiple_choice"];
  if (!kinds.includes(input.kind)) throw invalid("unknown poll kind", "kind");
  const options = validateOptions(input.kind, input.options);
  const [minChoices, maxChoices] = validateChoiceBounds(input.kind, options.length, input.minChoices, input.maxChoices);
  const majority = validateMajorityRule(input.majority ?? { kind: "simple" });
  // A yes/no motion has one option to judge and a multiple choice several winners: "most votes" names neither.
  if (majority.kind === "plurality" && input.kind !== "single_choice")
    throw invalid("plurality (most votes wins) is for single_choice polls", "majority");
  return {
    agendaItemId: input.agendaItemId,
    title: validateTitle(input.title),
    description: validateText(input.description ?? "", "description"),
    kind: input.kind,
    options,
    minChoices,
    maxChoices,
    allowAbstain: input.kind === "yes_no_abstain" ? true : (input.allowAbstain ?? true),
    secret: input.secret ?? false,
    majority,
    abstentionsCount: input.abstentionsCount ?? false,
    quorum: validateQuorum(input.quorum ?? null),
    allowSplit: input.allowSplit ?? false,
  };
}

/** Applies a patch to a draft poll's definition; throws `invalid_transition` once the poll left draft. */
export function applyPollPatch(current: Poll, patch: PollPatch): PollDefinition {
  if (current.status !== "draft") {
    throw new DomainError("invalid_transition", "only draft polls can be edited", { status: current.status });
  }
  const kind = patch.kind ?? current.kind;
  // Choice options survive a switch between choice kinds; bounds only while staying multiple_choice with the same options.
  const carriedOptions = kind !== "yes_no_abstain" && current.kind !== "yes_no_abstain" ? current.options : undefined;
  const carriedBounds = kind === "multiple_choice" && current.kind === "multiple_choice" && patch.options === undefined;
  return validateNewPoll({
    agendaItemId: patch.agendaItemId ?? current.agendaItemId,
    title: patch.title ?? current.title,
    description: patch.description ?? current.description,
    kind,
    options: patch.options ?? carriedOptions,
    minChoices: patch.minChoices ?? (carriedBounds ? current.minChoices : undefined),
    maxChoices: patch.maxChoices ?? (carriedBounds ? current.maxChoices : undefined),
    allowAbstain: patch.allowAbstain ?? current.allowAbstain,
    secret: patch.secret ?? current.secret,
    majority: patch.majority ?? current.majority,
    abstentionsCount: patch.abstentionsCount ?? current.abstentionsCount,
    quorum: patch.quorum === undefined ? current.quorum : patch.quorum,
    allowSplit: patch.allowSplit ?? current.allowSplit,
  });
}

const pollTransitions: Readonly<Record<PollStatus, PollStatus | undefined>> = {
  draft: "open",
  open: "closed",
  closed: "published",
  published: undefined,
};

/** Returns `to` when the poll may move there from `from` (draft → open → closed → published); throws `invalid_transition` otherwise. */
export function transitionPoll(from: PollStatus, to: PollStatus): PollStatus {
  if (pollTransitions[from] !== to) {
    throw new DomainError("invalid_transition", `poll cannot go from ${from} to ${to}`, { from, to });
  }
  return to;
}
