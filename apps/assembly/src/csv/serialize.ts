import type { CsvSeparator } from "./parse.ts";

/**
 * Writes records as CSV with CRLF line ends, quoting only where needed.
 *
 * Guarantee: `parseCsv(serializeCsv(rows, {separator}), {separator})` gives
 * back `rows` for any strings, as long as every row has at least one field.
 * Both separators are quoted whichever is in use, so automatic separator
 * detection sees only the real ones. `bom` prepends a UTF-8 BOM, which Excel
 * needs to read UTF-8.
 */
export function serializeCsv(rows: readonly (readonly string[])[], options: { separator?: CsvSeparator; bom?: boolean } = {}): string {
  const separator = options.separator ?? ",";
  let out = options.bom ? "\uFEFF" : "";
  for (const row of rows) {
    // A lone empty field would be an empty line, which parsers skip.
    if (row.length === 1 && row[0] === "") out += '""';
    else out += row.map(quoteIfNeeded).join(separator);
    out += "\r\n";
  }
  return out;
}

const NEEDS_QUOTES = /[",;\r\n\uFEFF]/;

function quoteIfNeeded(field: string): string {
  return NEEDS_QUOTES.test(field) ? `"${field.replaceAll('"', '""')}"` : field;
}
