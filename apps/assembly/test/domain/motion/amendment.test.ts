import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isDomainError } from "../../../src/domain/errors.ts";
import { type AmendmentChangeInput, amendmentChange, validateNewAmendment } from "../../../src/domain/motion/amendment.ts";
import { defaultWorkflow } from "../../../src/domain/motion/default-workflow.ts";
import { applyAmendments, finalText } from "../../../src/domain/motion/final-text.ts";
import { numberLines, sourceOfLines } from "../../../src/domain/motion/line-numbering.ts";
import type { DiffSegment } from "../../../src/domain/motion/word-diff.ts";
import { errorCode } from "../error-code.ts";
import { lineLength, motionText } from "./motion-text.arbitrary.ts";

const workflow = defaultWorkflow();
const text = [
  "Der Parteitag möge beschließen:",
  "",
  "Die Stadt pflanzt in jedem Jahr mindestens tausend neue Bäume in allen Bezirken und pflegt die bestehenden.",
  "",
  "- Parkplätze werden zu Grünflächen",
  "- Dächer werden begrünt",
].join("\n");
const length = 40;
// 1 Der Parteitag möge beschließen:
// 2 Die Stadt pflanzt in jedem Jahr
// 3 mindestens tausend neue Bäume in allen
// 4 Bezirken und pflegt die bestehenden.
// 5 - Parkplätze werden zu Grünflächen
// 6 - Dächer werden begrünt

const submitters = [{ kind: "name" as const, name: "KV Nord" }];

function amendment(id: string, lineFrom: number, lineTo: number, replacement: string, source = text): AmendmentChangeInput {
  return {
    id,
    number: id.toUpperCase(),
    lineFrom,
    lineTo,
    original: sourceOfLines(source, numberLines(source, length), lineFrom, lineTo),
    text: replacement,
  };
}

const side = (segments: readonly DiffSegment[], kept: "delete" | "insert") =>
  segments
    .filter((segment) => segment.op === "equal" || segment.op === kept)
    .map((segment) => segment.text)
    .join("");

describe("filing amendments", () => {
  it("pins the lines it replaces", () => {
    const filed = validateNewAmendment(workflow, { state: "admitted", text }, length, {
      lineFrom: 3,
      lineTo: 4,
      text: "mindestens zweitausend neue Bäume.",
      reason: "Mehr ist besser.",
      submitters,
    });
    expect(filed).toEqual({
      number: null,
      lineFrom: 3,
      lineTo: 4,
      original: "mindestens tausend neue Bäume in allen Bezirken und pflegt die bestehenden.",
      text: "mindestens zweitausend neue Bäume.",
      reason: "Mehr ist besser.",
      submitters,
    });
  });

  it("refuses amendments the state does not take, outside the text, or changing nothing", () => {
    const input = { lineFrom: 2, lineTo: 2, text: "Neu", submitters };
    expect(errorCode(() => validateNewAmendment(workflow, { state: "voting", text }, length, input))).toBe("invalid_transition");
    const filed = (change: Partial<typeof input>) => () =>
      validateNewAmendment(workflow, { state: "submitted", text }, length, { ...input, ...change });
    expect(errorCode(filed({ lineFrom: 0 }))).toBe("invalid");
    expect(errorCode(filed({ lineTo: 7 }))).toBe("invalid");
    expect(errorCode(filed({ lineFrom: 3, lineTo: 2 }))).toBe("invalid");
    expect(errorCode(filed({ lineFrom: 1.5 }))).toBe("invalid");
    expect(errorCode(filed({ text: "Die  Stadt pflanzt\tin jedem Jahr " }))).toBe("invalid");
    expect(errorCode(filed({ submitters: [] }))).toBe("invalid");
    expect(errorCode(filed({}))).toBeUndefined();
  });
});

describe("the change view", () => {
  it("shows the old lines and a word diff against the replacement", () => {
    const change = amendmentChange(
      text,
      length,
      amendment("ä1", 2, 3, "Die Stadt pflanzt in jedem Jahr mindestens zweitausend neue Bäume in allen"),
    );
    expect(change.lines.map((line) => line.number)).toEqual([2, 3]);
    expect(change.before).toBe("Die Stadt pflanzt in jedem Jahr mindestens tausend neue Bäume in allen");
    expect(change.segments).toEqual([
      { op: "equal", text: "Die Stadt pflanzt in jedem Jahr mindestens " },
      { op: "delete", text: "tausend" },
      { op: "insert", text: "zweitausend" },
      { op: "equal", text: " neue Bäume in allen" },
    ]);
  });

  it("refuses a stale amendment: the motion no longer reads as it did", () => {
    const stale = amendment("ä1", 2, 2, "Der Bund");
    expect(errorCode(() => amendmentChange(text.replace("Stadt", "Gemeinde"), length, stale))).toBe("conflict");
    expect(errorCode(() => amendmentChange(text, 60, stale))).toBe("conflict");
  });
});

describe("the final text", () => {
  it("applies every accepted amendment at once, in the original numbering", () => {
    const amendments = [
      { ...amendment("ä2", 5, 6, "- Parkplätze bleiben"), state: "accepted" },
      { ...amendment("ä1", 2, 2, "Die Stadt und das Land pflanzen in jedem Jahr"), state: "accepted" },
      { ...amendment("ä3", 1, 1, "Abgelehnt."), state: "rejected" },
      { ...amendment("ä4", 3, 3, ""), state: "in_debate" },
    ];
    expect(finalText(text, length, amendments, workflow)).toBe(
      [
        "Der Parteitag möge beschließen:",
        "",
        "Die Stadt und das Land pflanzen in jedem Jahr mindestens tausend neue Bäume in allen Bezirken und pflegt die bestehenden.",
        "",
        "- Parkplätze bleiben",
      ].join("\n"),
    );
  });

  it("deletes lines with an empty replacement and lets adjacent amendments both apply", () => {
    expect(applyAmendments(text, length, [amendment("ä1", 1, 1, ""), amendment("ä2", 2, 4, "Kurz.")])).toBe(
      "\n\nKurz.\n\n- Parkplätze werden zu Grünflächen\n- Dächer werden begrünt",
    );
  });

  it("refuses overlapping amendments, naming both", () => {
    const first = amendment("ä1", 2, 4, "A");
    const second = amendment("ä2", 4, 5, "B");
    const third = amendment("ä3", 3, 3, "C");
    try {
      applyAmendments(text, length, [second, first, third]);
      expect.unreachable();
    } catch (error) {
      expect(isDomainError(error, "amendment_conflict")).toBe(true);
      if (!isDomainError(error)) return;
      expect(error.message).toBe("amendments Ä1 (lines 2–4) and Ä3 (lines 3–3) both change line 3");
      expect(error.details).toEqual({
        overlaps: [
          { first: { id: "ä1", number: "Ä1", lineFrom: 2, lineTo: 4 }, second: { id: "ä3", number: "Ä3", lineFrom: 3, lineTo: 3 } },
          { first: { id: "ä1", number: "Ä1", lineFrom: 2, lineTo: 4 }, second: { id: "ä2", number: "Ä2", lineFrom: 4, lineTo: 5 } },
        ],
      });
    }
    expect(() => applyAmendments(text, length, [first, amendment("ä5", 3, 6, "D")])).toThrow("both change lines 3–4");
    expect(errorCode(() => applyAmendments(text, length, [amendment("ä1", 2, 2, "x", text.replace("Stadt", "Gemeinde"))]))).toBe(
      "conflict",
    );
  });
});

/** A motion text, its line length, and `count` random line ranges that do not overlap. */
const textWithRanges = fc.tuple(motionText(), lineLength).chain(([source, size]) => {
  const lines = numberLines(source, size);
  return fc
    .uniqueArray(fc.integer({ min: 1, max: lines.length }), { minLength: 1, maxLength: Math.min(lines.length, 8) })
    .chain((cuts) =>
      fc.tuple(fc.constant(cuts.sort((a, b) => a - b)), fc.array(fc.boolean(), { minLength: cuts.length, maxLength: cuts.length })),
    )
    .map(([cuts, singles]) => {
      const ranges: [number, number][] = [];
      for (let i = 0; i < cuts.length; i += 2)
        ranges.push(singles[i] || i + 1 >= cuts.length ? [cuts[i]!, cuts[i]!] : [cuts[i]!, cuts[i + 1]!]);
      return { source, size, lines, ranges };
    });
});

const replacement = fc.oneof(fc.constant(""), motionText(), fc.constantFrom("neu", "**neu**", "- neu\n- neuer", "\n\nAbsatz\n\n"));

describe("amendment properties", () => {
  it("apply then diff round-trips: the old side is the original lines, the new side the amended text", () => {
    fc.assert(
      fc.property(textWithRanges, replacement, ({ source, size, lines, ranges }, newText) => {
        const [lineFrom, lineTo] = ranges[0]!;
        const change: AmendmentChangeInput = {
          id: "a",
          number: null,
          lineFrom,
          lineTo,
          original: sourceOfLines(source, lines, lineFrom, lineTo),
          text: newText,
        };
        const view = amendmentChange(source, size, change);
        expect(view.before).toBe(change.original);
        expect(side(view.segments, "delete")).toBe(change.original);
        expect(side(view.segments, "insert")).toBe(newText);
        const start = lines[lineFrom - 1]!.start;
        const amended = applyAmendments(source, size, [change]);
        expect(amended.slice(0, start)).toBe(source.slice(0, start));
        expect(amended.slice(start, start + newText.length)).toBe(newText);
        expect(amended.slice(start + newText.length)).toBe(source.slice(lines[lineTo - 1]!.end));
      }),
      { numRuns: 300 },
    );
  });

  it("non-overlapping amendments give the same final text in any order", () => {
    fc.assert(
      fc.property(
        textWithRanges.chain((input) =>
          fc.tuple(
            fc.constant(input),
            fc.array(replacement, { minLength: input.ranges.length, maxLength: input.ranges.length }),
            fc.shuffledSubarray(
              input.ranges.map((_, i) => i),
              { minLength: input.ranges.length, maxLength: input.ranges.length },
            ),
          ),
        ),
        ([{ source, size, lines, ranges }, texts, order]) => {
          const amendments = ranges.map(([lineFrom, lineTo], i) => ({
            id: `a${i}`,
            number: null,
            lineFrom,
            lineTo,
            original: sourceOfLines(source, lines, lineFrom, lineTo),
            text: texts[i]!,
          }));
          const inOrder = applyAmendments(source, size, amendments);
          expect(
            applyAmendments(
              source,
              size,
              order.map((i) => amendments[i]!),
            ),
          ).toBe(inOrder);
          // Spliced by hand from the back, where earlier offsets stay valid.
          let expected = source;
          for (const [i, [lineFrom, lineTo]] of [...ranges.entries()].reverse()) {
            expected = expected.slice(0, lines[lineFrom - 1]!.start) + texts[i] + expected.slice(lines[lineTo - 1]!.end);
          }
          expect(inOrder).toBe(expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("an amendment that replaces lines with themselves changes nothing", () => {
    fc.assert(
      fc.property(textWithRanges, ({ source, size, lines, ranges }) => {
        const identities = ranges.map(([lineFrom, lineTo], i) => {
          const original = sourceOfLines(source, lines, lineFrom, lineTo);
          return { id: `a${i}`, number: null, lineFrom, lineTo, original, text: original };
        });
        expect(applyAmendments(source, size, identities)).toBe(source);
        expect(amendmentChange(source, size, identities[0]!).segments.every((segment) => segment.op === "equal")).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
