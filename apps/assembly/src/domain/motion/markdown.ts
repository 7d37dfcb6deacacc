/**
 * The Markdown subset motion texts are written in: paragraphs, headings
 * (`#` to `######` and a space), bullet lists (`-`, `*` or `+` and a space),
 * numbered lists (`1.` or `1)` and a space), emphasis (`*a*`, `_a_`) and
 * strong emphasis (`**a**`, `__a__`), and backslash escapes of punctuation.
 * Inside a paragraph or list item every line break is kept as a line break:
 * delegates type motions into text boxes and expect them printed as typed.
 * Nothing else is markup — HTML, links, images and code are plain text — so
 * no input can make the renderer emit anything but the tags it knows.
 *
 * Lists are one level deep; a blank line ends a paragraph or list item;
 * list items of the same kind that follow each other (blank lines between
 * allowed) form one list.
 */

/** Visible text with its emphasis; a run never contains a line break. */
export interface TextRun {
  readonly type: "text";
  readonly text: string;
  readonly em: boolean;
  readonly strong: boolean;
}

export interface LineBreak {
  readonly type: "break";
}

export type Inline = TextRun | LineBreak;

export type MarkdownBlock =
  | { readonly type: "paragraph"; readonly inlines: readonly Inline[] }
  | { readonly type: "heading"; readonly level: number; readonly inlines: readonly Inline[] }
  | { readonly type: "list"; readonly ordered: boolean; readonly start: number; readonly items: readonly (readonly Inline[])[] };

export interface MarkdownDocument {
  readonly blocks: readonly MarkdownBlock[];
}

/** One visible character (a code point) and where it comes from in the source. */
export interface Glyph {
  readonly ch: string;
  /** Source offset of the first code unit that produced it (the backslash of an escape). */
  readonly src: number;
  /** Source offset just after it. */
  readonly srcEnd: number;
  readonly em: boolean;
  readonly strong: boolean;
}

/** What a source block is, with what the renderer needs to draw it. */
export type BlockKind =
  | { readonly type: "paragraph" }
  | { readonly type: "heading"; readonly level: number }
  | { readonly type: "list_item"; readonly ordered: boolean; readonly ordinal: number };

/**
 * A paragraph, heading or list item as it sits in the source: `start` is
 * where its first line's marker (or first character) is, `end` is just after
 * its last non-blank character. `glyphs` are its visible characters; the
 * line breaks between its source lines are glyphs `"\n"`.
 */
export interface SourceBlock {
  readonly kind: BlockKind;
  readonly start: number;
  readonly end: number;
  readonly glyphs: readonly Glyph[];
}

const headingMarker = /^(#{1,6})[ \t]+(?=\S)/;
const bulletMarker = /^[-*+][ \t]+(?=\S)/;
const orderedMarker = /^(\d{1,9})[.)][ \t]+(?=\S)/;
const lineBreakPattern = /\r\n|\r|\n/g;

interface ContentLine {
  readonly start: number;
  readonly text: string;
}

interface OpenBlock {
  kind: BlockKind;
  start: number;
  lines: ContentLine[];
}

/** Splits `text` into its blocks with their visible characters. */
export function parseSourceBlocks(text: string): SourceBlock[] {
  const blocks: SourceBlock[] = [];
  let open: OpenBlock | undefined;
  const close = () => {
    if (open) blocks.push(finishBlock(open));
    open = undefined;
  };
  let previousItem: { ordered: boolean; ordinal: number } | undefined;

  for (const { start: lineStart, text: line } of physicalLines(text)) {
    const indent = line.search(/\S/);
    if (indent < 0) {
      close();
      continue;
    }
    const body = line.slice(indent).trimEnd();
    const bodyStart = lineStart + indent;
    const heading = headingMarker.exec(body);
    const bullet = heading ? null : bulletMarker.exec(body);
    const ordered = heading || bullet ? null : orderedMarker.exec(body);
    const marker = heading ?? bullet ?? ordered;
    if (!marker) {
      const content = { start: bodyStart, text: body };
      if (open) open.lines.push(content);
      else {
        open = { kind: { type: "paragraph" }, start: bodyStart, lines: [content] };
        previousItem = undefined;
      }
      continue;
    }
    close();
    const content = { start: bodyStart + marker[0].length, text: body.slice(marker[0].length) };
    let kind: BlockKind;
    if (heading) kind = { type: "heading", level: heading[1]!.length };
    else {
      const isOrdered = ordered !== null;
      // Later numbers of a numbered list are ignored, as in print: items count on from the first.
      const ordinal = previousItem && previousItem.ordered === isOrdered ? previousItem.ordinal + 1 : isOrdered ? Number(ordered[1]) : 1;
      kind = { type: "list_item", ordered: isOrdered, ordinal };
    }
    previousItem = kind.type === "list_item" ? { ordered: kind.ordered, ordinal: kind.ordinal } : undefined;
    open = { kind, start: bodyStart, lines: [content] };
    if (heading) close();
  }
  close();
  return blocks;
}

function* physicalLines(text: string): Generator<ContentLine> {
  let start = 0;
  for (const match of text.matchAll(lineBreakPattern)) {
    yield { start, text: text.slice(start, match.index) };
    start = match.index + match[0].length;
  }
  yield { start, text: text.slice(start) };
}

function finishBlock(block: OpenBlock): SourceBlock {
  const last = block.lines[block.lines.length - 1]!;
  return { kind: block.kind, start: block.start, end: last.start + last.text.length, glyphs: parseInline(block.lines) };
}

interface CharToken {
  readonly ch: string;
  readonly src: number;
  readonly srcEnd: number;
  /** A `*` or `_` that emphasis processing consumed as markup. */
  used: boolean;
}

interface DelimiterRun {
  readonly ch: string;
  /** Index of its first token. */
  readonly first: number;
  /** Tokens still available are [first + consumedLeft, first + consumedLeft + remaining). */
  consumedLeft: number;
  remaining: number;
  readonly canOpen: boolean;
  readonly canClose: boolean;
}

const asciiPunctuation = /^[!-/:-@[-`{-~]$/;
const punctuation = /[\p{P}\p{S}]/u;
const whitespace = /\s/;

function isWhitespace(ch: string | undefined): boolean {
  return ch === undefined || whitespace.test(ch);
}

function isPunctuation(ch: string | undefined): boolean {
  return ch !== undefined && punctuation.test(ch);
}

/** Emphasis by the flanking rules of CommonMark (without its rule of three). */
function parseInline(lines: readonly ContentLine[]): Glyph[] {
  const tokens: CharToken[] = [];
  const runs: DelimiterRun[] = [];
  lines.forEach((line, index) => {
    if (index > 0) {
      const previous = lines[index - 1]!;
      const at = previous.start + previous.text.length;
      tokens.push({ ch: "\n", src: at, srcEnd: at, used: false });
    }
    tokenizeLine(line, tokens, runs);
  });
  const emDepth = new Int32Array(tokens.length + 1);
  const strongDepth = new Int32Array(tokens.length + 1);
  const openers: DelimiterRun[] = [];
  // Below this height no opener can pair with the character: a failed search is never repeated, so parsing stays linear.
  const bottom: Record<string, number> = { "*": 0, _: 0 };
  for (const run of runs) {
    if (run.canClose) {
      while (run.remaining > 0) {
        let at = openers.length - 1;
        while (at >= bottom[run.ch]! && (openers[at]!.ch !== run.ch || openers[at]!.remaining === 0)) at--;
        if (at < bottom[run.ch]!) {
          bottom[run.ch] = openers.length;
          break;
        }
        const opener = openers[at]!;
        const count = opener.remaining >= 2 && run.remaining >= 2 ? 2 : 1;
        const openerUsed = opener.first + opener.consumedLeft + opener.remaining - count;
        const closerUsed = run.first + run.consumedLeft;
        for (let i = 0; i < count; i++) {
          tokens[openerUsed + i]!.used = true;
          tokens[closerUsed + i]!.used = true;
        }
        const depth = count === 2 ? strongDepth : emDepth;
        depth[openerUsed + count]! += 1;
        depth[closerUsed]! -= 1;
        opener.remaining -= count;
        run.remaining -= count;
        run.consumedLeft += count;
        // Openers inside the new span can no longer pair with anything outside it: spans nest.
        openers.length = opener.remaining > 0 ? at + 1 : at;
        for (const ch of ["*", "_"]) bottom[ch] = Math.min(bottom[ch]!, openers.length);
      }
    }
    if (run.canOpen && run.remaining > 0) openers.push(run);
  }
  const glyphs: Glyph[] = [];
  let em = 0;
  let strong = 0;
  tokens.forEach((token, index) => {
    em += emDepth[index]!;
    strong += strongDepth[index]!;
    if (token.used) return;
    glyphs.push({ ch: token.ch, src: token.src, srcEnd: token.srcEnd, em: em > 0, strong: strong > 0 });
  });
  return glyphs;
}

function tokenizeLine(line: ContentLine, tokens: CharToken[], runs: DelimiterRun[]): void {
  const text = line.text;
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === "\\" && i + 1 < text.length && asciiPunctuation.test(text[i + 1]!)) {
      tokens.push({ ch: text[i + 1]!, src: line.start + i, srcEnd: line.start + i + 2, used: false });
      i += 2;
    } else if (ch === "*" || ch === "_") {
      let end = i;
      while (text[end] === ch) end++;
      runs.push(delimiterRun(ch, tokens.length, end - i, text[i - 1], text[end]));
      for (let at = i; at < end; at++) tokens.push({ ch, src: line.start + at, srcEnd: line.start + at + 1, used: false });
      i = end;
    } else {
      const codePoint = String.fromCodePoint(text.codePointAt(i)!);
      tokens.push({ ch: codePoint, src: line.start + i, srcEnd: line.start + i + codePoint.length, used: false });
      i += codePoint.length;
    }
  }
}

function delimiterRun(ch: string, first: number, length: number, before: string | undefined, after: string | undefined): DelimiterRun {
  const leftFlanking = !isWhitespace(after) && (!isPunctuation(after) || isWhitespace(before) || isPunctuation(before));
  const rightFlanking = !isWhitespace(before) && (!isPunctuation(before) || isWhitespace(after) || isPunctuation(after));
  // An underscore inside a word (snake_case, Kreis_verband) is never emphasis.
  const canOpen = ch === "*" ? leftFlanking : leftFlanking && (!rightFlanking || isPunctuation(before));
  const canClose = ch === "*" ? rightFlanking : rightFlanking && (!leftFlanking || isPunctuation(after));
  return { ch, first, consumedLeft: 0, remaining: length, canOpen, canClose };
}

/**
 * Groups glyphs into runs of equal emphasis, collapsing whitespace to single
 * spaces; `"\n"` glyphs become line breaks.
 */
function glyphsToInlines(glyphs: readonly Glyph[]): Inline[] {
  const inlines: Inline[] = [];
  let text = "";
  let em = false;
  let strong = false;
  const flush = () => {
    if (text !== "") inlines.push({ type: "text", text, em, strong });
    text = "";
  };
  for (const glyph of glyphs) {
    if (glyph.ch === "\n") {
      flush();
      inlines.push({ type: "break" });
      continue;
    }
    const space = whitespace.test(glyph.ch);
    if (space && (text.endsWith(" ") || (text === "" && inlines[inlines.length - 1]?.type !== "text"))) continue;
    if (glyph.em !== em || glyph.strong !== strong) {
      flush();
      em = glyph.em;
      strong = glyph.strong;
    }
    text += space ? " " : glyph.ch;
  }
  flush();
  return inlines;
}

/** Parses `text` into the document tree the renderer draws. */
export function parseMarkdown(text: string): MarkdownDocument {
  const blocks: MarkdownBlock[] = [];
  let list: { ordered: boolean; items: Inline[][] } | undefined;
  for (const source of parseSourceBlocks(text)) {
    const inlines = glyphsToInlines(source.glyphs);
    const kind = source.kind;
    if (kind.type === "list_item") {
      if (list?.ordered === kind.ordered) list.items.push(inlines);
      else {
        list = { ordered: kind.ordered, items: [inlines] };
        blocks.push({ type: "list", ordered: kind.ordered, start: kind.ordinal, items: list.items });
      }
    } else {
      list = undefined;
      blocks.push(kind.type === "heading" ? { type: "heading", level: kind.level, inlines } : { type: "paragraph", inlines });
    }
  }
  return { blocks };
}
