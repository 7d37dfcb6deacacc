import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type NumberedLine, numberLines, sourceOfLines } from "../../../src/domain/motion/line-numbering.ts";
import { renderInlinesHtml } from "../../../src/domain/motion/markdown-html.ts";
import { errorCode } from "../error-code.ts";
import { lineLength, motionText, plainWord, word } from "./motion-text.arbitrary.ts";

const motion = [
  "# Antrag zur **Satzung**",
  "",
  "Der Parteitag möge beschließen: die *Satzung wird in § 3 geändert, so dass* alle Mitglieder gleich behandelt werden.",
  "Zweite Zeile.",
  "",
  "- erster Punkt",
  "- zweiter Punkt, der etwas länger ist",
  "",
  "Donaudampfschifffahrtsgesellschaftskapitänsmützenabzeichen!",
].join("\n");

function visibleLength(line: NumberedLine): number {
  return [...line.text].length;
}

describe("numberLines", () => {
  it("wraps words at the line length, each block and line break starting a new line", () => {
    const lines = numberLines(motion, 30);
    expect(lines.map((line) => [line.number, line.text])).toEqual([
      [1, "Antrag zur Satzung"],
      [2, "Der Parteitag möge"],
      [3, "beschließen: die Satzung wird"],
      [4, "in § 3 geändert, so dass alle"],
      [5, "Mitglieder gleich behandelt"],
      [6, "werden."],
      [7, "Zweite Zeile."],
      [8, "erster Punkt"],
      [9, "zweiter Punkt, der etwas"],
      [10, "länger ist"],
      [11, "Donaudampfschifffahrtsgesellsc"],
      [12, "haftskapitänsmützenabzeichen!"],
    ]);
    expect(lines.map((line) => [line.blockIndex, line.blockStart])).toEqual([
      [0, true],
      [1, true],
      [1, false],
      [1, false],
      [1, false],
      [1, false],
      [1, false],
      [2, true],
      [3, true],
      [3, false],
      [4, true],
      [4, false],
    ]);
    expect(lines[0]!.block).toEqual({ type: "heading", level: 1 });
    expect(lines[8]!.block).toEqual({ type: "list_item", ordered: false, ordinal: 2 });
  });

  it("keeps emphasis per line and maps each line to its source, markers included", () => {
    const lines = numberLines(motion, 30);
    expect(lines[0]!.runs).toEqual([
      { type: "text", text: "Antrag zur ", em: false, strong: false },
      { type: "text", text: "Satzung", em: false, strong: true },
    ]);
    expect(lines[3]!.runs).toEqual([
      { type: "text", text: "in § 3 geändert, so dass", em: true, strong: false },
      { type: "text", text: " alle", em: false, strong: false },
    ]);
    expect(motion.slice(lines[0]!.start, lines[0]!.end)).toBe("# Antrag zur **Satzung**");
    expect(motion.slice(lines[2]!.start, lines[2]!.end)).toBe("beschließen: die *Satzung wird");
    expect(motion.slice(lines[8]!.start, lines[8]!.end)).toBe("- zweiter Punkt, der etwas");
    expect(sourceOfLines(motion, lines, 5, 7)).toBe("Mitglieder gleich behandelt werden.\nZweite Zeile.");
    expect(lines[10]!.end).toBe(lines[11]!.start);
    // Emphasis running over a line end is closed on one line and reopened on the next.
    expect(lines.slice(2, 4).map((line) => renderInlinesHtml(line.runs))).toEqual([
      "beschließen: die <em>Satzung wird</em>",
      "<em>in § 3 geändert, so dass</em> alle",
    ]);
  });

  it("counts code points, not markup: a line of 20 visible characters fits 20", () => {
    const lines = numberLines("**aaaa** _bbbb_ 😀😀😀😀 \\*ccc dd", 20);
    expect(lines.map((line) => line.text)).toEqual(["aaaa bbbb 😀😀😀😀 *ccc", "dd"]);
  });

  it("refuses line lengths outside 20 to 200 and line ranges outside the text", () => {
    for (const length of [19, 201, 40.5, Number.NaN]) expect(errorCode(() => numberLines("x", length))).toBe("invalid");
    const lines = numberLines(motion, 30);
    for (const [from, to] of [
      [0, 1],
      [3, 2],
      [12, 13],
    ] as const) {
      expect(errorCode(() => sourceOfLines(motion, lines, from, to))).toBe("invalid");
    }
  });

  it("is deterministic and never exceeds the line length (property)", () => {
    fc.assert(
      fc.property(motionText(), lineLength, (text, length) => {
        const lines = numberLines(text, length);
        expect(numberLines(text, length)).toEqual(lines);
        expect(JSON.parse(JSON.stringify(lines))).toEqual(lines);
        lines.forEach((line, index) => {
          expect(line.number).toBe(index + 1);
          expect(visibleLength(line)).toBeGreaterThan(0);
          expect(visibleLength(line)).toBeLessThanOrEqual(length);
          expect(line.runs.map((run) => run.text).join("")).toBe(line.text);
        });
      }),
      { numRuns: 300 },
    );
  });

  it("loses no text: outside the lines there is only whitespace, in order (property)", () => {
    fc.assert(
      fc.property(motionText(), lineLength, (text, length) => {
        const lines = numberLines(text, length);
        let at = 0;
        for (const line of lines) {
          expect(line.start).toBeGreaterThanOrEqual(at);
          expect(text.slice(at, line.start)).toMatch(/^\s*$/);
          expect(line.end).toBeGreaterThan(line.start);
          at = line.end;
        }
        expect(text.slice(at)).toMatch(/^\s*$/);
      }),
      { numRuns: 300 },
    );
  });

  it("joining the lines gives back plain text modulo whitespace (property)", () => {
    fc.assert(
      fc.property(motionText(plainWord(45)), lineLength, (text, length) => {
        const lines = numberLines(text, length);
        // A word cut in two leaves no gap between its lines, so no space is put back there.
        const joined = lines.map((line, i) => (i > 0 && lines[i - 1]!.end < line.start ? " " : "") + line.text).join("");
        const markers = /^[ \t]*(?:#{1,6}|[-*+]|\d{1,9}[.)])[ \t]+/gm;
        expect(joined).toBe(text.replace(markers, "").replace(/\s+/g, " ").trim());
      }),
      { numRuns: 300 },
    );
  });

  it("fills lines greedily: the next word would not have fitted (property)", () => {
    fc.assert(
      fc.property(motionText(word(30)), lineLength, (text, length) => {
        const lines = numberLines(text, length);
        lines.slice(1).forEach((line, i) => {
          const previous = lines[i]!;
          const gap = text.slice(previous.end, line.start);
          // Only a wrap inside one source line of one block had a choice.
          if (line.blockIndex !== previous.blockIndex || gap === "" || gap.includes("\n")) return;
          const firstWord = line.text.split(" ")[0]!;
          expect(visibleLength(previous) + 1 + [...firstWord].length).toBeGreaterThan(length);
        });
      }),
      { numRuns: 300 },
    );
  });
});
