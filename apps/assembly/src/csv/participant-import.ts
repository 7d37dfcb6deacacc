import { CsvSyntaxError, parseCsv, type CsvRecord } from "./parse.ts";
import { participantColumnFor, type ParticipantColumn } from "./participant-columns.ts";

/** A participant as read from one valid CSV row. */
export interface ImportedParticipant {
  readonly line: number;
  readonly name: string;
  /** Trimmed and lower-cased: the identity used for duplicate checks. */
  readonly email: string;
  readonly group: string | null;
  readonly weight: number;
  readonly eligible: boolean;
}

/** Why one line (or, with line 1, the header / whole file) was refused. */
export interface CsvRowError {
  readonly line: number;
  readonly column?: ParticipantColumn;
  readonly reason: string;
}

export type ParticipantImportResult =
  | { readonly ok: true; readonly participants: readonly ImportedParticipant[]; readonly ignoredColumns: readonly string[] }
  | { readonly ok: false; readonly errors: readonly CsvRowError[] };

export interface ParticipantImportOptions {
  /** Emails (any case) already registered for the event: rows repeating them are errors. */
  readonly existingEmails?: ReadonlySet<string>;
  /** Reject files with more data rows than this. */
  readonly maxRows?: number;
}

export const MAX_NAME_LENGTH = 200;
export const MAX_GROUP_LENGTH = 100;
export const MAX_WEIGHT = 1_000_000;
const MAX_EMAIL_LENGTH = 254;
// Deliberately loose: one @, no spaces, a dot in the domain. Delivery proves the rest.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const TRUE_WORDS = new Set(["1", "yes", "y", "true", "x", "ja", "j", "wahr"]);
const FALSE_WORDS = new Set(["0", "no", "n", "false", "nein", "falsch", "-"]);

/**
 * Validates a participant CSV completely before anything is imported.
 *
 * Guarantees: either every data row is valid and returned, or the result
 * lists every problem found (all rows are checked, not just up to the first
 * error), each with the physical line the row starts on, so the chair can fix
 * the file in one go. Duplicate emails within the file (the later line is
 * reported, naming the earlier one) and against `existingEmails` are errors.
 * Empty weight means 1, empty eligibility means eligible.
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
  const existing = new Set([...(options.existingEmails ?? [])].map((email) => email.trim().toLowerCase()));
  const width = header.fields.length;

  for (const row of rows) {
    const rowErrors: CsvRowError[] = [];
    const fail = (reason: string, column?: ParticipantColumn) =>
      rowErrors.push(column ? { line: row.line, column, reason } : { line: row.line, reason });
    if (row.fields.length > width) fail(`${row.fields.length} fields but the header has ${width}`);
    const cell = (column: ParticipantColumn) => {
      const index = mapping.index.get(column);
      return index === undefined ? "" : (row.fields[index] ?? "").trim();
    };

    const name = cell("name");
    if (name === "") fail("name is empty", "name");
    else if (name.length > MAX_NAME_LENGTH) fail(`name is longer than ${MAX_NAME_LENGTH} characters`, "name");

    const email = cell("email").toLowerCase();
    if (email === "") fail("email is empty", "email");
    else if (email.length > MAX_EMAIL_LENGTH || !EMAIL.test(email)) fail(`"${email}" is not an email address`, "email");
    else if (existing.has(email)) fail(`${email} is already registered for this event`, "email");
    else {
      const first = firstLineByEmail.get(email);
      if (first !== undefined) fail(`${email} already appears on line ${first}`, "email");
      else firstLineByEmail.set(email, row.line);
    }

    const groupText = cell("group");
    if (groupText.length > MAX_GROUP_LENGTH) fail(`group is longer than ${MAX_GROUP_LENGTH} characters`, "group");

    const weight = parseWeight(cell("weight"));
    if (weight === undefined) fail(`weight must be a whole number from 1 to ${MAX_WEIGHT}`, "weight");

    const eligible = parseEligible(cell("eligible"));
    if (eligible === undefined) fail(`eligible must be yes/no, true/false, 1/0 or ja/nein`, "eligible");

    if (rowErrors.length > 0 || weight === undefined || eligible === undefined) errors.push(...rowErrors);
    else participants.push({ line: row.line, name, email, group: groupText === "" ? null : groupText, weight, eligible });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, participants, ignoredColumns: mapping.ignored };
}

function mapHeader(
  header: CsvRecord,
): { index: Map<ParticipantColumn, number>; ignored: string[] } | { errors: CsvRowError[] } {
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

function parseWeight(text: string): number | undefined {
  if (text === "") return 1;
  if (!/^\d+$/.test(text)) return undefined;
  const weight = Number(text);
  return weight >= 1 && weight <= MAX_WEIGHT ? weight : undefined;
}

function parseEligible(text: string): boolean | undefined {
  if (text === "") return true;
  const word = text.toLowerCase();
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  return undefined;
}
