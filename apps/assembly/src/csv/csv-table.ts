import { CsvSyntaxError, parseCsv, type CsvRecord } from "./parse.ts";

/** Why one line (the header's line for file-level problems) was refused. */
export interface CsvRowError {
  readonly line: number;
  readonly column?: string;
  readonly reason: string;
}

export interface CsvTableOptions<Column extends string> {
  /** What the rows are, for "the file has a header but no …". */
  readonly rowsName: string;
  /** The field a header title names; undefined to ignore the column. */
  readonly columnFor: (title: string) => Column | undefined;
  readonly required: readonly Column[];
  readonly maxRows?: number | undefined;
}

export type CsvTable<Column extends string> =
  | {
      readonly ok: true;
      readonly header: CsvRecord;
      readonly rows: readonly CsvRecord[];
      /** Position of each field's column. */
      readonly columns: ReadonlyMap<Column, number>;
      /** Header titles that name no field, as written. */
      readonly ignored: readonly string[];
    }
  | { readonly ok: false; readonly errors: readonly CsvRowError[] };

/**
 * Reads an import file into its header, mapped to fields, and data rows.
 * Refuses, with the line to fix: malformed quoting; an empty file; two
 * header titles meaning one field, and missing required fields (all of them,
 * on the header's line); a header without rows; more rows than `maxRows`.
 */
export function readCsvTable<Column extends string>(text: string, options: CsvTableOptions<Column>): CsvTable<Column> {
  let records: readonly CsvRecord[];
  try {
    records = parseCsv(text).records;
  } catch (error) {
    if (error instanceof CsvSyntaxError) return { ok: false, errors: [{ line: error.line, reason: error.message }] };
    throw error;
  }
  const [header, ...rows] = records;
  if (!header) return { ok: false, errors: [{ line: 1, reason: "the file is empty" }] };

  const columns = new Map<Column, number>();
  const ignored: string[] = [];
  const errors: CsvRowError[] = [];
  header.fields.forEach((title, position) => {
    const column = options.columnFor(title);
    if (!column) {
      if (title.trim() !== "") ignored.push(title);
    } else if (columns.has(column)) {
      errors.push({ line: header.line, column, reason: `more than one column means ${column}: "${title}"` });
    } else {
      columns.set(column, position);
    }
  });
  for (const column of options.required) {
    if (!columns.has(column)) errors.push({ line: header.line, column, reason: `no ${column} column in the header` });
  }
  if (errors.length > 0) return { ok: false, errors };
  if (rows.length === 0) return { ok: false, errors: [{ line: header.line, reason: `the file has a header but no ${options.rowsName}` }] };
  if (options.maxRows !== undefined && rows.length > options.maxRows) {
    return { ok: false, errors: [{ line: header.line, reason: `too many rows: ${rows.length}, at most ${options.maxRows}` }] };
  }
  return { ok: true, header, rows, columns, ignored };
}
