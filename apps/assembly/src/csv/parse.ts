import { csvRowError } from "../api/csv-row-errors.ts";
/** A CSV separator this parser understands. */
export type CsvSeparator = "," | ";";

/** One record of a CSV file with the physical line (1-based) it starts on. */
export interface CsvRecord {
  readonly line: number;
  readonly fields: readonly string[];
}

export interface ParsedCsv {
  readonly separator: CsvSeparator;
  readonly records: readonly CsvRecord[];
}

/** Malformed quoting; `line` is where the offending record starts. */
export class CsvSyntaxError extends Error {
  readonly line: number;
  readonly code: "unterminated_quote" | "text_after_quote";
  constructor(line: number, code: CsvSyntaxError["code"]) {
    super(csvRowError(line, { code, params: { line } }).reason);
    this.name = "CsvSyntaxError";
    this.line = line;
    this.code = code;
  }
}

const QUOTE = 34; // "
const LF = 10;
const CR = 13;

/**
 * Parses RFC 4180 CSV as spreadsheets write it.
 *
 * Guarantees: a leading UTF-8 BOM is dropped; fields may be quoted, with `""`
 * for a quote and separators or line breaks (LF, CRLF or CR) inside; records
 * that are entirely empty lines are skipped (spreadsheets append them), a
 * record consisting of one quoted empty field (`""`) is kept. Without an
 * explicit separator, the one of `;` and `,` that occurs more often outside
 * quotes in the first record wins (`,` on a tie). Throws `CsvSyntaxError` for
 * an unterminated quote or text after a closing quote.
 */
export function parseCsv(input: string, options: { separator?: CsvSeparator } = {}): ParsedCsv {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const separator = options.separator ?? detectSeparator(text);
  const sep = separator.charCodeAt(0);
  const records: CsvRecord[] = [];
  const length = text.length;
  let pos = 0;
  let line = 1;

  while (pos < length) {
    const startLine = line;
    const fields: string[] = [];
    let quotedAny = false;
    for (;;) {
      if (text.charCodeAt(pos) === QUOTE) {
        quotedAny = true;
        let value = "";
        let chunkStart = pos + 1;
        for (;;) {
          const next = text.indexOf('"', chunkStart);
          if (next === -1) throw new CsvSyntaxError(startLine, "unterminated_quote");
          const chunk = text.slice(chunkStart, next);
          line += countLineBreaks(chunk);
          value += chunk;
          if (text.charCodeAt(next + 1) === QUOTE) {
            value += '"';
            chunkStart = next + 2;
          } else {
            pos = next + 1;
            break;
          }
        }
        fields.push(value);
        const after = text.charCodeAt(pos);
        if (pos < length && after !== sep && after !== LF && after !== CR) {
          throw new CsvSyntaxError(line, "text_after_quote");
        }
      } else {
        const end = findFieldEnd(text, pos, sep);
        fields.push(text.slice(pos, end));
        pos = end;
      }
      if (pos >= length) break;
      const code = text.charCodeAt(pos);
      if (code === sep) {
        pos++;
        continue;
      }
      // A line break ends the record.
      pos += code === CR && text.charCodeAt(pos + 1) === LF ? 2 : 1;
      line++;
      break;
    }
    const blank = fields.length === 1 && fields[0] === "" && !quotedAny;
    if (!blank) records.push({ line: startLine, fields });
  }
  return { separator, records };
}

function findFieldEnd(text: string, from: number, sep: number): number {
  for (let i = from; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === sep || code === LF || code === CR) return i;
  }
  return text.length;
}

/** Line breaks in `chunk` as the parser counts lines: LF, CRLF and CR each once. */
export function countLineBreaks(chunk: string): number {
  let count = 0;
  for (let i = 0; i < chunk.length; i++) {
    const code = chunk.charCodeAt(i);
    if (code === LF) count++;
    else if (code === CR && chunk.charCodeAt(i + 1) !== LF) count++;
  }
  return count;
}

function detectSeparator(text: string): CsvSeparator {
  let commas = 0;
  let semicolons = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === QUOTE) quoted = !quoted;
    else if (quoted) continue;
    else if (code === LF || code === CR) break;
    else if (code === 44) commas++;
    else if (code === 59) semicolons++;
  }
  return semicolons > commas ? ";" : ",";
}
