import { isDomainError } from "../domain/errors.ts";
import { parseLanguage } from "../domain/language.ts";
import { validateNewParticipant, type NewParticipant } from "../domain/participant.ts";
import { CsvSyntaxError, parseCsv, type CsvRecord } from "./parse.ts";
import { participantColumnFor, type ParticipantColumn } from "./participant-columns.ts";

/** A participant as read from one valid CSV row, validated and normalized by the domain rules. */
export type ImportedParticipant = Required<NewParticipant> & { readonly line: number };

/** Why one line (the header's line for file-level problems) was refused. */
export interface CsvRowError {
  readonly line: number;
  readonly column?: string;
  readonly reason: string;
}

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
 * empty eligibility means eligible, an empty language the event's.
 */
export function parseParticipantCsv(text: string, options: ParticipantImportOptions = {}): ParticipantImportResult {
  let records: readonly CsvRecord[];
  try {
    records = parseCsv(text).records;
  } catch (error) {
    if (error instanceof CsvSyntaxError) return { ok: false, errors: [{ line: error.line, reason: error.message }] };
    throw error;
  }
  const [header, ...rows] = records;
  if (!header) return { ok: false, errors: [{ line: 1, reason: "the file is empty" }] };

  const mapping = mapHeader(header);
  if ("errors" in mapping) return { ok: false, errors: mapping.errors };
  if (rows.length === 0) return { ok: false, errors: [{ line: header.line, reason: "the file has a header but no participants" }] };
  if (options.maxRows !== undefined && rows.length > options.maxRows) {
    return { ok: false, errors: [{ line: header.line, reason: `too many rows: ${rows.length}, at most ${options.maxRows}` }] };
  }

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
      const index = mapping.index.get(column);
      return index === undefined ? "" : (row.fields[index] ?? "").trim();
    };

    const weightText = cell("weight");
    const weight = weightText === "" ? 1 : /^\d+$/.test(weightText) ? Number(weightText) : undefined;
    if (weight === undefined) fail(`weight "${weightText}" is not a whole number`, "weight");
    const eligible = parseEligible(cell("eligible"));
    if (eligible === undefined) fail(`eligible "${cell("eligible")}" is not one of yes/no, true/false, 1/0, ja/nein`, "eligible");

    const languageText = cell("language");
    const language = languageText === "" ? null : parseLanguage(languageText);
    if (language === undefined) fail(`language "${languageText}" is not en or de`, "language");

    let participant: Required<NewParticipant> | undefined;
    try {
      participant = validateNewParticipant({
        name: cell("name"),
        email: cell("email"),
        group: cell("group"),
        region: cell("region"),
        weight: weight ?? 1,
        eligible: eligible ?? true,
        language: language ?? null,
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
  return errors.length > 0 ? { ok: false, errors } : { ok: true, participants, ignoredColumns: mapping.ignored };
}

function mapHeader(header: CsvRecord): { index: Map<ParticipantColumn, number>; ignored: string[] } | { errors: CsvRowError[] } {
  const index = new Map<ParticipantColumn, number>();
  const ignored: string[] = [];
  const errors: CsvRowError[] = [];
  header.fields.forEach((title, position) => {
    const column = participantColumnFor(title);
    if (!column) {
      if (title.trim() !== "") ignored.push(title);
    } else if (index.has(column)) {
      errors.push({ line: header.line, column, reason: `more than one column means ${column}: "${title}"` });
    } else {
      index.set(column, position);
    }
  });
  for (const required of ["name", "email"] as const) {
    if (!index.has(required)) errors.push({ line: header.line, column: required, reason: `no ${required} column in the header` });
  }
  return errors.length > 0 ? { errors } : { index, ignored };
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
