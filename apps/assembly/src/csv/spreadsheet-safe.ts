/**
 * Defuses a cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`,
 * tab, CR at the start) by prefixing an apostrophe. Exports carry names and
 * emails typed by others; opening one must never execute them.
 */
export function spreadsheetSafe(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}
