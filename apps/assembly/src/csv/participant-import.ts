import { isDomainError } from "../domain/errors.ts";
import { parseLanguage } from "../domain/language.ts";
import { validateNewParticipant, validateWeight, type NewParticipant } from "../domain/participant.ts";
import { requireSafeText } from "../domain/unsafe-characters.ts";
import { type CsvProblem, type CsvRowError, csvRowError } from "../api/csv-row-errors.ts";
import { fieldCountProblem, refusalProblem, readCsvTable } from "./csv-table.ts";
import type { CsvRecord } from "./parse.ts";
import { participantColumnFor, type ParticipantColumn } from "./participant-columns.ts";

/** A participant as read from one valid CSV row, validated and normalized by the domain rules. */
export type ImportedParticipant = Required<NewParticipant> & { readonly line: number };

export type ParticipantImportResult =
  | {
      readonly ok: true;
      readonly participants: readonly ImportedParticipant[];
      /** The fields the file has a column for (a roll update changes only these). */
      readonly columns: ReadonlySet<ParticipantColumn>;
      readonly ignoredColumns: readonly string[];
    }
  | { readonly ok: false; readonly errors: readonly CsvRowError[] };

export interface ParticipantImportOptions {
  /** Normalized emails already registered for the event: rows repeating them are errors. */
  readonly existingEmails?: ReadonlySet<string>;
  /** Reject files with more data rows than this. */
  readonly maxRows?: number;
}

const TRUE_WORDS = new Set(["1", "yes", "y", "true", "x", "ja", "j", "wahr"]);
const FALSE_WORDS = new Set(["0", "no", "n", "false", "nein", "falsch", "-"]);

/**
 * Validates a participant CSV completely before anything is imported.
 *
 * Guarantees: either every data row is valid and returned, or the result
 * lists every bad row (all rows are checked, not just up to the first error),
 * each with the physical line the row starts on, so the chair fixes the file
import { parseLanguage } from "../domain/language.ts";
 * in one go. Field rules are the domain's (`validateNewParticipant`,
 * `requireSafeText`: no control or bidirectional characters in any imported
 * field, each reported with its column); this adds what is specific to
 * files: column mapping, yes/no words, rows whose field count differs from
 * the header's, and duplicate emails within the file (the later line is
 * reported, naming the earlier one) and against `existingEmails`. Empty
 * weight means 1, empty eligibility means eligible. Columns that are not
 * imported are not checked: their content is never stored (and a notes
 * column may well hold line breaks).
 */
export function parseParticipantCsv(text: string, options: ParticipantImportOptions = {}): ParticipantImportResult {
  const table = readCsvTable(text, {
    rowsName: "participants",
    columnFor: participantColumnFor,
    required: ["name", "email"],
    maxRows: options.maxRows,
  });
  if (!table.ok) return table;
  const { header, rows } = table;

  const errors: CsvRowError[] = [];
  const participants: ImportedParticipant[] = [];
  const firstLineByEmail = new Map<string, number>();
  const existing = options.existingEmails ?? new Set<string>();
  const width = header.fields.length;

  for (const row of rows) {
    const read = readRow(row, table.columns, width);
    if ("errors" in read) {
      errors.push(...read.errors);
      continue;
    }
    const { participant } = read;
    const first = firstLineByEmail.get(participant.email);
    const problem: CsvProblem | undefined = existing.has(participant.email)
      ? { code: "email_registered", params: { email: participant.email } }
      : first !== undefined
        ? { code: "email_repeated", params: { email: participant.email, first } }
        : undefined;
    if (problem !== undefined) {
      errors.push(csvRowError(row.line, problem, "email"));
      continue;
    }
    firstLineByEmail.set(participant.email, row.line);
    participants.push({ ...participant, line: row.line });
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, participants, columns: new Set(table.columns.keys()), ignoredColumns: table.ignored };
}

/** One data row as a participant, or every problem it has. */
function readRow(
  row: CsvRecord,
  index: ReadonlyMap<ParticipantColumn, number>,
  width: number,
): { participant: Required<NewParticipant> } | { errors: CsvRowError[] } {
  const errors: CsvRowError[] = [];
  const fail = (problem: CsvProblem, column?: string) => errors.push(csvRowError(row.line, problem, column));
  // A row of another width is broken (often an unquoted line break or separator): its fields would land in the wrong columns.
  if (row.fields.length !== width) {
    fail(fieldCountProblem(row.fields.length, width));
    return { errors };
  }
  const cell = (column: ParticipantColumn) => {
    const at = index.get(column);
    return at === undefined ? "" : (row.fields[at] ?? "").trim();
  };
  /** The value `rule` returns, or undefined with its refusal recorded. */
  const checked = <T>(rule: () => T, column?: string): T | undefined => {
    try {
      return rule();
    } catch (error) {
      if (!isDomainError(error)) throw error;
      fail(refusalProblem(error), column ?? fieldOf(error.details));
      return undefined;
    }
  };
  for (const column of index.keys()) checked(() => requireSafeText(cell(column), column), column);
  // Invisible characters first and alone: any other message about such a field would mislead.
  if (errors.length > 0) return { errors };

  const weightText = cell("weight");
  const whole = /^[+-]?\d+$/.test(weightText);
  if (weightText !== "" && !whole) fail({ code: "weight_not_whole", params: { value: weightText } }, "weight");
  // Whole numbers go to the domain rule, so "-2" is reported as not positive rather than as not a whole number.
  const weight = weightText === "" ? 1 : whole ? checked(() => validateWeight(Number(weightText)), "weight") : undefined;
  const eligible = parseEligible(cell("eligible"));
  if (eligible === undefined) fail({ code: "eligible_word", params: { value: cell("eligible") } }, "eligible");
  const languageText = cell("language");
  const language = languageText === "" ? null : parseLanguage(languageText);
  if (language === undefined) fail({ code: "language_unknown", params: { value: languageText } }, "language");
  const participant = checked(() =>
    validateNewParticipant({
      name: cell("name"),
      email: cell("email"),
      group: cell("group"),
      region: cell("region"),
      weight: weight ?? 1,
      eligible: eligible ?? true,
      language: language ?? null,
      memberNumber: cell("memberNumber"),
    }),
  );
  return participant && errors.length === 0 ? { participant } : { errors };
}

function parseEligible(text: string): boolean | undefined {
  if (text === "") return true;
  const word = text.toLowerCase();
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  return undefined;
}

function fieldOf(details: unknown): string | undefined {
  const field = (details as { field?: unknown } | undefined)?.field;
  return typeof field === "string" ? field : undefined;
}
