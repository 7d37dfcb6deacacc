import { DomainError } from "../errors.ts";
import { type NumberedLine, numberLines, sourceOfLines } from "./line-numbering.ts";
import { type Motion, validateMotionNumber, validateMotionText } from "./motion.ts";
import type { Recommendation } from "./recommendation.ts";
import { type Submitter, validateSubmitters } from "./submitter.ts";
import { type DiffSegment, diffWords } from "./word-diff.ts";
import { type Workflow, workflowState } from "./workflow.ts";

/** A proposed replacement of lines `lineFrom` to `lineTo` (1-based, inclusive) of a motion's numbered text. */
export interface AmendmentDefinition {
  readonly number: string | null;
  readonly lineFrom: number;
  readonly lineTo: number;
  /**
   * The source of those lines when the amendment was filed. Applying it
   * checks the motion still reads so: a motion edited, or numbered at
   * another line length, since then makes the amendment stale, never
   * silently misplaced.
   */
  readonly original: string;
  /** The replacement, in the motion's Markdown subset; empty deletes the lines. */
  readonly text: string;
  readonly reason: string;
  readonly submitters: readonly Submitter[];
}

export interface Amendment extends AmendmentDefinition {
  readonly id: string;
  readonly motionId: string;
  /** Id of its state in the workflow amendments follow. */
  readonly state: string;
  readonly recommendation: Recommendation | null;
  readonly createdAt: string;
}

export interface NewAmendment {
  readonly number?: string | null;
  readonly lineFrom: number;
  readonly lineTo: number;
  readonly text: string;
  readonly reason?: string;
  readonly submitters: readonly Submitter[];
}

/** What applying and showing an amendment need of it. */
export type AmendmentChangeInput = Pick<AmendmentDefinition, "lineFrom" | "lineTo" | "original" | "text"> & {
  readonly id: string;
  readonly number: string | null;
};

/** The change view: the motion's lines the amendment replaces, the replacement, and a word diff of the two. */
export interface AmendmentChange {
  readonly lineFrom: number;
  readonly lineTo: number;
  readonly lines: readonly NumberedLine[];
  readonly before: string;
  readonly after: string;
  readonly segments: readonly DiffSegment[];
}

const collapsedWhitespace = (text: string) => text.replace(/\s+/g, " ").trim();

/**
 * Validates a new amendment to `motion`, whose text is numbered at
 * `lineLength`. Refuses `invalid_transition` when the motion's state does not
 * allow amendments; `invalid` for lines outside the text, a range running
 * backwards, or a replacement that reads the same as the lines it replaces.
 */
export function validateNewAmendment(
  workflow: Workflow,
  motion: Pick<Motion, "state" | "text">,
  lineLength: number,
  input: NewAmendment,
): AmendmentDefinition {
  const state = workflowState(workflow, motion.state);
  if (!state.allowsAmendments) {
    throw new DomainError("invalid_transition", `a motion that is ${state.id} takes no amendments`, { state: state.id });
  }
  const lines = numberLines(motion.text, lineLength);
  const { lineFrom, lineTo } = input;
  if (!Number.isSafeInteger(lineFrom) || !Number.isSafeInteger(lineTo)) {
    throw new DomainError("invalid", "lineFrom and lineTo must be line numbers", { field: "lines" });
  }
  const original = sourceOfLines(motion.text, lines, lineFrom, lineTo);
  const text = validateMotionText(input.text);
  if (collapsedWhitespace(text) === collapsedWhitespace(original)) {
    throw new DomainError("invalid", "the amendment changes nothing", { field: "text" });
  }
  return {
    number: validateMotionNumber(input.number ?? null),
    lineFrom,
    lineTo,
    original,
    text,
    reason: validateMotionText(input.reason ?? "", "reason", 20_000),
    submitters: validateSubmitters(input.submitters),
  };
}

function describe(amendment: AmendmentChangeInput): string {
  return `amendment ${amendment.number ?? amendment.id} (lines ${amendment.lineFrom}–${amendment.lineTo})`;
}

/** The source range the amendment replaces in `text`; `conflict` when those lines no longer read as they did. */
export function locateAmendment(
  text: string,
  lines: readonly NumberedLine[],
  amendment: AmendmentChangeInput,
): { start: number; end: number } {
  const first = lines[amendment.lineFrom - 1];
  const last = lines[amendment.lineTo - 1];
  if (!first || !last || amendment.lineFrom > amendment.lineTo || text.slice(first.start, last.end) !== amendment.original) {
    throw new DomainError("conflict", `${describe(amendment)} no longer matches the motion's text`, {
      amendmentId: amendment.id,
      lineFrom: amendment.lineFrom,
      lineTo: amendment.lineTo,
    });
  }
  return { start: first.start, end: last.end };
}

/** The change view of `amendment` to `text` numbered at `lineLength`; `conflict` when the amendment is stale. */
export function amendmentChange(text: string, lineLength: number, amendment: AmendmentChangeInput): AmendmentChange {
  const lines = numberLines(text, lineLength);
  const { start, end } = locateAmendment(text, lines, amendment);
  return {
    lineFrom: amendment.lineFrom,
    lineTo: amendment.lineTo,
    lines: lines.slice(amendment.lineFrom - 1, amendment.lineTo),
    before: text.slice(start, end),
    after: amendment.text,
    segments: diffWords(text.slice(start, end), amendment.text),
  };
}
