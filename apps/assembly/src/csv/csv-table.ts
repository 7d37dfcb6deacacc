import { type CsvProblem, type CsvRowError, csvRowError } from "../api/csv-row-errors.ts";
import type { DomainError } from "../domain/errors.ts";
import { CsvSyntaxError, parseCsv, type CsvRecord } from "./parse.ts";

export interface CsvTableOptions<Column extends string> {
  /** What the rows are, for "the file has a header but no …". */
  readonly rowsName: "participants" | "motions";
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

const noRows = { participants: "no_participants", motions: "no_motions" } as const;

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
    if (error instanceof CsvSyntaxError)
      return { ok: false, errors: [csvRowError(error.line, { code: error.code, params: { line: error.line } })] };
    throw error;
  }
  const [header, ...rows] = records;
  if (!header) return { ok: false, errors: [csvRowError(1, { code: "empty_file", params: {} })] };

  const columns = new Map<Column, number>();
  const ignored: string[] = [];
  const errors: CsvRowError[] = [];
  header.fields.forEach((title, position) => {
    const column = options.columnFor(title);
    if (!column) {
      if (title.trim() !== "") ignored.push(title);
    } else if (columns.has(column)) {
      errors.push(csvRowError(header.line, { code: "duplicate_column", params: { column, title } }, column));
    } else {
      columns.set(column, position);
    }
  });
  for (const column of options.required) {
    if (!columns.has(column)) errors.push(csvRowError(header.line, { code: "missing_column", params: { column } }, column));
  }
  if (errors.length > 0) return { ok: false, errors };
  if (rows.length === 0) return { ok: false, errors: [csvRowError(header.line, { code: noRows[options.rowsName], params: {} })] };
  if (options.maxRows !== undefined && rows.length > options.maxRows) {
    return {
      ok: false,
      errors: [csvRowError(header.line, { code: "too_many_rows", params: { count: rows.length, max: options.maxRows } })],
    };
  }
  return { ok: true, header, rows, columns, ignored };
}

/** A data row of `count` fields under a header of `width`: its fields would land in the wrong columns. */
export function fieldCountProblem(count: number, width: number): CsvProblem {
  return count === 1 ? { code: "field_count_one", params: { width } } : { code: "field_count", params: { count, width } };
}

/** A domain rule's refusal of a row, in the rule's own words. */
export function refusalProblem(error: DomainError): CsvProblem {
  return { code: "refused", params: { message: error.message } };
}
