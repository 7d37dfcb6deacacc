import { isDomainError } from "../domain/errors.ts";
import { type MotionDefinition, validateNewMotion } from "../domain/motion/motion.ts";
import type { Submitter } from "../domain/motion/submitter.ts";
import { type CsvProblem, type CsvRowError, csvRowError } from "../api/csv-row-errors.ts";
import { fieldCountProblem, refusalProblem, readCsvTable } from "./csv-table.ts";

/** The motion fields a CSV column can fill. */
export type MotionColumn = "number" | "title" | "text" | "reason" | "submitters" | "category" | "agenda";

/**
 * Header spellings per field, compared lower-cased without spaces, dashes,
 * underscores, dots and gender marks (`*`, `:`, so "Antragsteller*innen"
 * matches); German ones because motion books of German parties and
 * associations are the first to be imported.
 */
const aliases: Readonly<Record<MotionColumn, readonly string[]>> = {
  number: ["number", "no", "nr", "motionnumber", "nummer", "antragsnummer", "antragsnr", "kennung"],
  title: ["title", "subject", "titel", "betreff", "antragstitel"],
  text: ["text", "motiontext", "body", "antragstext", "wortlaut", "inhalt"],
  reason: ["reason", "justification", "rationale", "begründung", "begruendung"],
  submitters: [
    "submitters",
    "submitter",
    "submittedby",
    "antragsteller",
    "antragstellerin",
    "antragstellerinnen",
    "antragstellende",
    "einreicher",
    "einreichende",
  ],
  category: ["category", "topic", "kategorie", "sachgebiet", "themenbereich", "themenfeld"],
  agenda: ["agenda", "agendaitem", "top", "tagesordnungspunkt", "tagesordnung"],
};

const columnByAlias = new Map<string, MotionColumn>(
  Object.entries(aliases).flatMap(([column, names]) => names.map((alias) => [alias, column as MotionColumn] as const)),
);

function motionColumnFor(title: string): MotionColumn | undefined {
  return columnByAlias.get(
    title
      .trim()
      .toLowerCase()
      .replace(/[\s_.:*-]+/g, ""),
  );
}

const required: readonly MotionColumn[] = ["title", "text", "submitters"];

/** A motion as read from one valid row, validated by the domain rules. */
export type ImportedMotion = MotionDefinition & { readonly line: number };

export type MotionImportResult =
  | { readonly ok: true; readonly motions: readonly ImportedMotion[]; readonly ignoredColumns: readonly string[] }
  | { readonly ok: false; readonly errors: readonly CsvRowError[] };

export interface MotionImportOptions {
  /** Numbers motions of the event already have (compared ignoring case): rows repeating them are errors. */
  readonly existingNumbers?: Iterable<string>;
  /** The roll, to link submitters named (or given by email) in the file to participants. */
  readonly participants?: readonly { readonly id: string; readonly name: string; readonly email: string }[];
  /** The event's agenda, to resolve the agenda column by position ("3", "TOP 3") or title. */
  readonly agendaItems?: readonly { readonly id: string; readonly position: number; readonly title: string }[];
  /** Supporters every imported motion needs before admission; default 0. */
  readonly minSupporters?: number;
  /** Reject files with more data rows than this. */
  readonly maxRows?: number;
}

const normalisedName = (name: string) => name.trim().toLowerCase().replace(/\s+/g, " ");

/**
 * Validates a motion CSV completely before anything is imported.
 *
 * Guarantees: either every data row is valid and returned, or the result
 * lists every bad row with the line it starts on (quoted multi-line texts
 * span several lines). Columns: title, text and submitters are required;
 * number, reason, category and agenda item optional; unknown columns are
 * ignored and reported. Submitters are separated by `;` or line breaks; one
 * that is a participant's email, or the name of exactly one participant,
 * links to that participant, any other becomes a name as written (a name
 * several participants share is an error: use the email). Numbers must be
 * unique within the file and against `existingNumbers`.
 */
export function parseMotionCsv(text: string, options: MotionImportOptions = {}): MotionImportResult {
  const table = readCsvTable(text, { rowsName: "motions", columnFor: motionColumnFor, required, maxRows: options.maxRows });
  if (!table.ok) return table;
  const { header, rows, columns } = table;

  const resolveSubmitter = submitterResolver(options.participants ?? []);
  const resolveAgenda = agendaResolver(options.agendaItems ?? []);
  const existing = new Set([...(options.existingNumbers ?? [])].map((number) => number.toLowerCase()));
  const firstLineByNumber = new Map<string, number>();
  const errors: CsvRowError[] = [];
  const motions: ImportedMotion[] = [];

  for (const row of rows) {
    const before = errors.length;
    const fail = (problem: CsvProblem, column?: MotionColumn) => errors.push(csvRowError(row.line, problem, column));
    if (row.fields.length > header.fields.length) fail(fieldCountProblem(row.fields.length, header.fields.length));
    const cell = (column: MotionColumn) => {
      const index = columns.get(column);
      return index === undefined ? "" : (row.fields[index] ?? "");
    };

    const submitters: Submitter[] = [];
    for (const name of cell("submitters").split(/[;\r\n]+/)) {
      if (name.trim() === "") continue;
      const resolved = resolveSubmitter(name);
      if ("code" in resolved) fail(resolved, "submitters");
      else submitters.push(resolved);
    }
    const agenda = resolveAgenda(cell("agenda").trim());
    if (agenda !== null && "code" in agenda) fail(agenda, "agenda");

    let motion: MotionDefinition | undefined;
    try {
      motion = validateNewMotion({
        number: cell("number"),
        title: cell("title"),
        text: cell("text").trim(),
        reason: cell("reason").trim(),
        submitters,
        minSupporters: options.minSupporters ?? 0,
        category: cell("category"),
        agendaItemId: agenda !== null && "id" in agenda ? agenda.id : null,
      });
    } catch (error) {
      if (!isDomainError(error)) throw error;
      const field = (error.details as { field?: string } | undefined)?.field;
      // A missing submitter was already reported as such when the cell had a bad one.
      if (!(field === "submitters" && errors.length > before)) fail(refusalProblem(error), columnOf(field));
    }
    if (motion?.number) {
      const key = motion.number.toLowerCase();
      const first = firstLineByNumber.get(key);
      if (existing.has(key)) fail({ code: "motion_exists", params: { number: motion.number } }, "number");
      else if (first !== undefined) fail({ code: "motion_repeated", params: { number: motion.number, first } }, "number");
      else firstLineByNumber.set(key, row.line);
    }
    if (motion && errors.length === before) motions.push({ ...motion, line: row.line });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, motions, ignoredColumns: table.ignored };
}

/** A submitter for a name or email in the file, or why it cannot be one. */
function submitterResolver(participants: NonNullable<MotionImportOptions["participants"]>): (text: string) => Submitter | CsvProblem {
  const byEmail = new Map(participants.map((participant) => [participant.email.trim().toLowerCase(), participant.id]));
  const byName = new Map<string, string[]>();
  for (const participant of participants) {
    const key = normalisedName(participant.name);
    byName.set(key, [...(byName.get(key) ?? []), participant.id]);
  }
  return (text): Submitter | CsvProblem => {
    const name = text.trim();
    if (name.includes("@")) {
      const id = byEmail.get(name.toLowerCase());
      return id === undefined ? { code: "submitter_email_unknown", params: { email: name } } : { kind: "participant", participantId: id };
    }
    const ids = byName.get(normalisedName(name)) ?? [];
    if (ids.length > 1) return { code: "submitter_name_shared", params: { count: ids.length, name } };
    return ids.length === 1 ? { kind: "participant", participantId: ids[0]! } : { kind: "name", name };
  };
}

/** The agenda item a cell names, null for an empty cell, or why it names none. */
function agendaResolver(items: NonNullable<MotionImportOptions["agendaItems"]>): (text: string) => { id: string } | null | CsvProblem {
  return (text) => {
    if (text === "") return null;
    const position = /^(?:top\s*)?(\d{1,4})$/i.exec(text);
    const item = position
      ? items.find((candidate) => candidate.position + 1 === Number(position[1]))
      : items.find((candidate) => normalisedName(candidate.title) === normalisedName(text));
    return item ? { id: item.id } : { code: "agenda_unknown", params: { agenda: text } };
  };
}

function columnOf(field: string | undefined): MotionColumn | undefined {
  if (field === "agendaItemId") return "agenda";
  return field !== undefined && field in aliases ? (field as MotionColumn) : undefined;
}
