import type { CsvFormat } from "./csv-format.ts";
import { serializeCsv } from "./serialize.ts";

/**
 * Defuses a cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`,
 * tab, CR at the start) by prefixing an apostrophe. Exports carry names and
 * emails typed by others; opening one must never execute them.
 */
export function spreadsheetSafe(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/**
 * An export meant for spreadsheets: UTF-8 BOM (Excel needs it to read
 * UTF-8), the format's separator, and every cell, header included, through
 * `spreadsheetSafe`. Applied to whole rows rather than chosen cells, so a
 * column added later cannot miss it.
 */
export function spreadsheetCsv(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  format: Pick<CsvFormat, "separator">,
): string {
  return serializeCsv(
    [header, ...rows].map((row) => row.map(spreadsheetSafe)),
    { bom: true, separator: format.separator },
  );
}
