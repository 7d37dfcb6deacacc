import { isDomainError } from "../domain/errors.ts";
import { validateNewParticipant, type NewParticipant } from "../domain/participant.ts";
import { type CsvRowError, readCsvTable } from "./csv-table.ts";
import { participantColumnFor, type ParticipantColumn } from "./participant-columns.ts";

export type { CsvRowError } from "./csv-table.ts";

/** A participant as read from one valid CSV row, validated and normalized by the domain rules. */
export type ImportedParticipant = Required<NewParticipant> & { readonly line: number };

export type ParticipantImportResult =
  | { readonly ok: true; readonly participants: readonly ImportedParticipant[]; readonly ignoredColumns: readonly string[] }
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
 * in one go. Field rules are the domain's (`validateNewParticipant`); this
 * adds what is specific to files: column mapping, yes/no words, surplus
 * fields, and duplicate emails within the file (the later line is reported,
 * naming the earlier one) and against `existingEmails`. Empty weight means 1,
 * empty eligibility means eligible.
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
    const rowErrors: CsvRowError[] = [];
    const fail = (reason: string, column?: string) =>
      rowErrors.push(column ? { line: row.line, column, reason } : { line: row.line, reason });
    if (row.fields.length > width) fail(`${row.fields.length} fields but the header has ${width}`);
    const cell = (column: ParticipantColumn) => {
      const index = table.columns.get(column);
      return index === undefined ? "" : (row.fields[index] ?? "").trim();
    };

    const weightText = cell("weight");
    const weight = weightText === "" ? 1 : /^\d+$/.test(weightText) ? Number(weightText) : undefined;
    if (weight === undefined) fail(`weight "${weightText}" is not a whole number`, "weight");
    const eligible = parseEligible(cell("eligible"));
    if (eligible === undefined) fail(`eligible "${cell("eligible")}" is not one of yes/no, true/false, 1/0, ja/nein`, "eligible");

    let participant: Required<NewParticipant> | undefined;
    try {
      participant = validateNewParticipant({
        name: cell("name"),
        email: cell("email"),
        group: cell("group"),
        region: cell("region"),
        weight: weight ?? 1,
        eligible: eligible ?? true,
      });
    } catch (error) {
      if (!isDomainError(error)) throw error;
      fail(error.message, fieldOf(error.details));
    }
    if (participant) {
      const first = firstLineByEmail.get(participant.email);
      if (existing.has(participant.email)) fail(`${participant.email} is already registered for this event`, "email");
      else if (first !== undefined) fail(`${participant.email} already appears on line ${first}`, "email");
      else firstLineByEmail.set(participant.email, row.line);
    }

    if (rowErrors.length > 0) errors.push(...rowErrors);
    else if (participant) participants.push({ ...participant, line: row.line });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, participants, ignoredColumns: table.ignored };
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
