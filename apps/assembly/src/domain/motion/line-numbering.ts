import { DomainError } from "../errors.ts";
import { type BlockKind, type Glyph, type SourceBlock, parseSourceBlocks, type TextRun } from "./markdown.ts";

/** One printed line of a motion, numbered from 1 across the whole text. */
export interface NumberedLine {
  readonly number: number;
  /** 0-based index of the paragraph, heading or list item the line belongs to. */
  readonly blockIndex: number;
  readonly block: BlockKind;
  /** True on the first line of its block (where a list item shows its bullet or number). */
  readonly blockStart: boolean;
  /**
   * The line's source range in the motion text: from its first character (or
   * its block's marker, `- `, `## `...) to just after its last. Between two
   * lines there is only whitespace, or nothing where a long word was split.
   */
  readonly start: number;
  readonly end: number;
  /** The visible text, words joined by single spaces. */
  readonly text: string;
  /** The same text with its emphasis, for rendering. */
  readonly runs: readonly TextRun[];
}

export const defaultLineLength = 80;
export const minLineLength = 20;
export const maxLineLength = 200;

export function validateLineLength(lineLength: number): number {
  if (!Number.isSafeInteger(lineLength) || lineLength < minLineLength || lineLength > maxLineLength) {
    throw new DomainError("invalid", `line length must be an integer from ${minLineLength} to ${maxLineLength}`, { field: "lineLength" });
  }
  return lineLength;
}

/** A word, or a piece of a word too long for a line, with its source range. */
interface Piece {
  readonly glyphs: readonly Glyph[];
  readonly start: number;
  readonly end: number;
  /** The whitespace glyph that separated it from the previous word, for its emphasis. */
  readonly gap: Glyph | undefined;
}

/**
 * Breaks a motion text into numbered lines of at most `lineLength` visible
 * characters (code points; markup is not counted).
 *
 * Rules: every paragraph, heading, list item and line break inside one
 * starts a new line; lines break between words, greedily (as many words as
 * fit); a word longer than a line starts a new line and is cut into pieces
 * of exactly `lineLength`, its last piece continuing like a word. The result
 * depends only on the text and the length.
 */
export function numberLines(text: string, lineLength: number = defaultLineLength): NumberedLine[] {
  const length = validateLineLength(lineLength);
  const lines: NumberedLine[] = [];
  parseSourceBlocks(text).forEach((block, blockIndex) => {
    const wrapped = wrapBlock(text, block, length);
    wrapped.forEach((pieces, index) => {
      const first = pieces[0]!;
      const last = pieces[pieces.length - 1]!;
      lines.push({
        number: lines.length + 1,
        blockIndex,
        block: block.kind,
        blockStart: index === 0,
        start: index === 0 ? block.start : first.start,
        end: index === wrapped.length - 1 ? block.end : last.end,
        text: pieces.map((piece) => piece.glyphs.map((glyph) => glyph.ch).join("")).join(" "),
        runs: runsOf(pieces),
      });
    });
  });
  return lines;
}

function wrapBlock(text: string, block: SourceBlock, length: number): Piece[][] {
  const lines: Piece[][] = [];
  let current: Piece[] = [];
  let width = 0;
  const flush = () => {
    if (current.length > 0) lines.push(current);
    current = [];
    width = 0;
  };
  for (const hardLine of hardLinesOf(block.glyphs)) {
    for (const word of wordsOf(text, hardLine)) {
      const wordWidth = word.glyphs.length;
      if (wordWidth > length) {
        flush();
        const pieces = cutWord(word, length);
        for (const piece of pieces.slice(0, -1)) lines.push([piece]);
        current = [pieces[pieces.length - 1]!];
        width = current[0]!.glyphs.length;
      } else if (current.length > 0 && width + 1 + wordWidth <= length) {
        current.push(word);
        width += 1 + wordWidth;
      } else {
        flush();
        current = [word];
        width = wordWidth;
      }
    }
    flush();
  }
  return lines;
}

function hardLinesOf(glyphs: readonly Glyph[]): Glyph[][] {
  const lines: Glyph[][] = [[]];
  for (const glyph of glyphs) {
    if (glyph.ch === "\n") lines.push([]);
    else lines[lines.length - 1]!.push(glyph);
  }
  return lines;
}

const whitespace = /\s/;

/** Words of a hard line, each widened to the whitespace around it in the source so that markup at its edges belongs to it. */
function wordsOf(text: string, glyphs: readonly Glyph[]): Piece[] {
  const words: Piece[] = [];
  let word: Glyph[] = [];
  let gap: Glyph | undefined;
  let nextGap: Glyph | undefined;
  const finish = () => {
    if (word.length === 0) return;
    let start = word[0]!.src;
    while (start > 0 && !whitespace.test(text[start - 1]!)) start--;
    let end = word[word.length - 1]!.srcEnd;
    while (end < text.length && !whitespace.test(text[end]!)) end++;
    words.push({ glyphs: word, start, end, gap });
    word = [];
  };
  for (const glyph of glyphs) {
    if (whitespace.test(glyph.ch)) {
      finish();
      nextGap ??= glyph;
    } else {
      if (word.length === 0) {
        gap = nextGap;
        nextGap = undefined;
      }
      word.push(glyph);
    }
  }
  finish();
  return words;
}

function cutWord(word: Piece, length: number): Piece[] {
  const pieces: Piece[] = [];
  for (let at = 0; at < word.glyphs.length; at += length) {
    const glyphs = word.glyphs.slice(at, at + length);
    const next = word.glyphs[at + length];
    pieces.push({
      glyphs,
      start: at === 0 ? word.start : glyphs[0]!.src,
      // Markup between two pieces goes with the earlier one, so no source character is left out.
      end: next === undefined ? word.end : next.src,
      gap: undefined,
    });
  }
  return pieces;
}

function runsOf(pieces: readonly Piece[]): TextRun[] {
  const runs: { text: string; em: boolean; strong: boolean }[] = [];
  const add = (ch: string, glyph: Glyph) => {
    const last = runs[runs.length - 1];
    if (last && last.em === glyph.em && last.strong === glyph.strong) last.text += ch;
    else runs.push({ text: ch, em: glyph.em, strong: glyph.strong });
  };
  pieces.forEach((piece, index) => {
    if (index > 0) add(" ", piece.gap ?? piece.glyphs[0]!);
    for (const glyph of piece.glyphs) add(glyph.ch, glyph);
  });
  return runs.map((run) => ({ type: "text", ...run }));
}

/** The source of lines `from` to `to` (1-based, inclusive): what an amendment to them replaces. */
export function sourceOfLines(text: string, lines: readonly NumberedLine[], from: number, to: number): string {
  const first = lines[from - 1];
  const last = lines[to - 1];
  if (!first || !last || from > to) {
    throw new DomainError("invalid", `lines ${from} to ${to} are not within 1 to ${lines.length}`, { field: "lines" });
  }
  return text.slice(first.start, last.end);
}
