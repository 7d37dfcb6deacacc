import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type DiffSegment, diffWords } from "../../../src/domain/motion/word-diff.ts";

const side = (segments: readonly DiffSegment[], kept: "delete" | "insert") =>
  segments
    .filter((segment) => segment.op === "equal" || segment.op === kept)
    .map((segment) => segment.text)
    .join("");

function assertWellFormed(before: string, after: string, segments: readonly DiffSegment[]): void {
  expect(side(segments, "delete")).toBe(before);
  expect(side(segments, "insert")).toBe(after);
  segments.forEach((segment, index) => {
    expect(segment.text).not.toBe("");
    const next = segments[index + 1];
    if (!next) return;
    expect(next.op).not.toBe(segment.op);
    expect(segment.op === "insert" && next.op === "delete").toBe(false);
  });
}

describe("diffWords", () => {
  it("diffs by word, punctuation apart, each change as deletion then insertion", () => {
    expect(
      diffWords("Der Parteitag möge beschließen, dass alle Mitglieder", "Der Bundesparteitag möge heute beschließen; dass alle"),
    ).toEqual([
      { op: "equal", text: "Der " },
      { op: "delete", text: "Parteitag" },
      { op: "insert", text: "Bundesparteitag" },
      { op: "equal", text: " möge " },
      { op: "insert", text: "heute " },
      { op: "equal", text: "beschließen" },
      { op: "delete", text: "," },
      { op: "insert", text: ";" },
      { op: "equal", text: " dass alle" },
      { op: "delete", text: " Mitglieder" },
    ]);
  });

  it("shows a rewrite of neighbouring words as one change, not interleaved with spaces", () => {
    expect(diffWords("a b c", "x y z")).toEqual([
      { op: "delete", text: "a b c" },
      { op: "insert", text: "x y z" },
    ]);
  });

  it("handles empty and equal sides", () => {
    expect(diffWords("", "")).toEqual([]);
    expect(diffWords("same text", "same text")).toEqual([{ op: "equal", text: "same text" }]);
    expect(diffWords("", "neu")).toEqual([{ op: "insert", text: "neu" }]);
    expect(diffWords("alt", "")).toEqual([{ op: "delete", text: "alt" }]);
  });

  it("stays exact when the change is too large for a fine diff", () => {
    const before = Array.from({ length: 3000 }, (_, i) => `a${i}`).join(" ");
    const after = Array.from({ length: 3000 }, (_, i) => `b${i}`).join(" ");
    const segments = diffWords(`Anfang ${before} Ende`, `Anfang ${after} Ende`);
    assertWellFormed(`Anfang ${before} Ende`, `Anfang ${after} Ende`, segments);
    expect(segments.map((segment) => segment.op)).toEqual(["equal", "delete", "insert", "equal"]);
  });

  it("reproduces both sides exactly, whatever the texts (property)", () => {
    const text = fc.string({ unit: fc.constantFrom(..."ab c.\n😀ä".split(""), "😀"), maxLength: 40 });
    fc.assert(
      fc.property(text, text, (before, after) => {
        const segments = diffWords(before, after);
        assertWellFormed(before, after, segments);
        if (before === after) expect(segments.every((segment) => segment.op === "equal")).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});
