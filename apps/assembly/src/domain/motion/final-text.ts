import { DomainError } from "../errors.ts";
import { type AmendmentChangeInput, locateAmendment } from "./amendment.ts";
import { numberLines } from "./line-numbering.ts";
import { type Workflow, workflowState } from "./workflow.ts";

interface Overlap {
  readonly first: AmendmentChangeInput;
  readonly second: AmendmentChangeInput;
}

function summary(amendment: AmendmentChangeInput) {
  return { id: amendment.id, number: amendment.number, lineFrom: amendment.lineFrom, lineTo: amendment.lineTo };
}

function name(amendment: AmendmentChangeInput): string {
  return amendment.number ?? amendment.id;
}

/**
 * `text` with every one of `amendments` applied, each replacing the lines it
 * names in the numbering of the original text (at `lineLength`), so the
 * result does not depend on their order.
 *
 * Refuses, changing nothing: `amendment_conflict` when two of them share a
 * line — naming both (the first pair in line order in the message, every
 * pair in `details.overlaps`); no order of applying overlapping amendments
 * is right, so the assembly must resolve it. `conflict` when one no longer
 * matches the text it was filed against.
 */
export function applyAmendments(text: string, lineLength: number, amendments: readonly AmendmentChangeInput[]): string {
  const ordered = [...amendments].sort(
    (a, b) => a.lineFrom - b.lineFrom || a.lineTo - b.lineTo || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  const overlaps: Overlap[] = [];
  ordered.forEach((first, index) => {
    for (const second of ordered.slice(index + 1)) {
      if (second.lineFrom > first.lineTo) break;
      overlaps.push({ first, second });
    }
  });
  const [firstOverlap] = overlaps;
  if (firstOverlap) {
    const { first, second } = firstOverlap;
    const shared = Math.min(first.lineTo, second.lineTo);
    const lines = second.lineFrom === shared ? `line ${shared}` : `lines ${second.lineFrom}–${shared}`;
    throw new DomainError(
      "amendment_conflict",
      `amendments ${name(first)} (lines ${first.lineFrom}–${first.lineTo}) and ${name(second)} (lines ${second.lineFrom}–${second.lineTo}) both change ${lines}`,
      { overlaps: overlaps.map((overlap) => ({ first: summary(overlap.first), second: summary(overlap.second) })) },
    );
  }
  const lines = numberLines(text, lineLength);
  const ranges = ordered.map((amendment) => ({ ...locateAmendment(text, lines, amendment), replacement: amendment.text }));
  let result = text;
  for (const range of ranges.reverse()) result = result.slice(0, range.start) + range.replacement + result.slice(range.end);
  return result;
}

/**
 * The final text of a motion: `text` with the amendments whose state in
 * `workflow` is `accepted` applied (see `applyAmendments` for conflicts).
 */
export function finalText(
  text: string,
  lineLength: number,
  amendments: readonly (AmendmentChangeInput & { readonly state: string })[],
  workflow: Workflow,
): string {
  return applyAmendments(
    text,
    lineLength,
    amendments.filter((amendment) => workflowState(workflow, amendment.state).accepted),
  );
}
