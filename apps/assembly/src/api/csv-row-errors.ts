import type { Language } from "./errors.ts";
import { fillPlaceholders } from "./placeholders.ts";

/**
 * Why a line of an imported CSV file was refused, in every language the UI
 * speaks. The server sends each row error as `{line, column?, code, params,
 * reason}`: `reason` is the English text (for logs and scripts), the web UI
 * fills the catalogue's text for `code` in the reader's language with
 * `params`. Both come from one entry here, so they cannot drift apart.
 */
export const csvRowErrorCatalogue = {
  unterminated_quote: {
    en: "line {line}: unterminated quoted field",
    de: "Zeile {line}: Ein Feld in Anführungszeichen wird nicht geschlossen",
  },
  text_after_quote: {
    en: "line {line}: unexpected text after a closing quote",
    de: "Zeile {line}: Text nach einem schließenden Anführungszeichen",
  },
  empty_file: { en: "the file is empty", de: "Die Datei ist leer" },
  duplicate_column: {
    en: 'more than one column means {column}: "{title}"',
    de: "Mehr als eine Spalte bedeutet {column}: „{title}“",
  },
  missing_column: { en: "no {column} column in the header", de: "Keine Spalte {column} in der Kopfzeile" },
  no_participants: {
    en: "the file has a header but no participants",
    de: "Die Datei hat eine Kopfzeile, aber keine Teilnehmenden",
  },
  no_motions: { en: "the file has a header but no motions", de: "Die Datei hat eine Kopfzeile, aber keine Anträge" },
  too_many_rows: { en: "too many rows: {count}, at most {max}", de: "Zu viele Zeilen: {count}, höchstens {max}" },
  utf8_as_windows_1252: {
    en: 'the file is UTF-8: read as Windows-1252, "{char}" would become "{misread}"; import it as UTF-8',
    de: "Die Datei ist UTF-8: Als Windows-1252 gelesen würde aus „{char}“ „{misread}“; bitte als UTF-8 importieren",
  },
  invalid_utf8: { en: "not valid UTF-8 (byte 0x{byte})", de: "Kein gültiges UTF-8 (Byte 0x{byte})" },
  field_count_one: {
    en: "1 field but the header has {width}",
    de: "1 Feld, aber die Kopfzeile hat {width}",
  },
  field_count: {
    en: "{count} fields but the header has {width}",
    de: "{count} Felder, aber die Kopfzeile hat {width}",
  },
  email_registered: {
    en: "{email} is already registered for this event",
    de: "{email} ist für diese Veranstaltung schon angemeldet",
  },
  email_repeated: { en: "{email} already appears on line {first}", de: "{email} steht schon in Zeile {first}" },
  weight_not_whole: { en: 'weight "{value}" is not a whole number', de: "Stimmgewicht „{value}“ ist keine ganze Zahl" },
  eligible_word: {
    en: 'eligible "{value}" is not one of yes/no, true/false, 1/0, ja/nein',
    de: "Stimmberechtigt „{value}“ ist nicht ja/nein, wahr/falsch, 1/0, yes/no",
  },
  language_unknown: { en: 'language "{value}" is not en or de', de: "Sprache „{value}“ ist weder en noch de" },
  // The domain's rules speak English only; their text is passed through until they carry codes of their own.
  refused: { en: "{message}", de: "{message}" },
  nul_character: { en: "contains a NUL character (U+0000)", de: "Enthält ein NUL-Zeichen (U+0000)" },
  motion_exists: {
    en: "motion {number} already exists in this event",
    de: "Antrag {number} gibt es in dieser Veranstaltung schon",
  },
  motion_repeated: { en: "motion {number} already appears on line {first}", de: "Antrag {number} steht schon in Zeile {first}" },
  submitter_email_unknown: {
    en: "no participant has the email {email}",
    de: "Niemand unter den Teilnehmenden hat die E-Mail-Adresse {email}",
  },
  submitter_name_shared: {
    en: '{count} participants are named "{name}": give the email of the one meant',
    de: "{count} Teilnehmende heißen „{name}“: bitte die E-Mail-Adresse der gemeinten Person angeben",
  },
  agenda_unknown: { en: 'no agenda item "{agenda}"', de: "Kein Tagesordnungspunkt „{agenda}“" },
  member_number_missing: {
    en: "no member number: every row needs one to be matched by it",
    de: "Keine Mitgliedsnummer: Zum Abgleich nach ihr braucht jede Zeile eine",
  },
  member_number_repeated: {
    en: "member number {number} appears twice in the file",
    de: "Mitgliedsnummer {number} steht zweimal in der Datei",
  },
  member_number_shared: {
    en: "{count} participants of the event share member number {number}",
    de: "{count} Teilnehmende der Veranstaltung haben die Mitgliedsnummer {number}",
  },
} as const satisfies Readonly<Record<string, Readonly<Record<Language, string>>>>;

export type CsvRowErrorCode = keyof typeof csvRowErrorCatalogue;

export type CsvRowErrorParams = Readonly<Record<string, string | number>>;

/** What is wrong, without where: a catalogue code and the values its text names. */
export interface CsvProblem {
  readonly code: CsvRowErrorCode;
  readonly params: CsvRowErrorParams;
}

/** Why one line (the header's line for file-level problems) was refused. */
export interface CsvRowError extends CsvProblem {
  readonly line: number;
  readonly column?: string;
  /** The English text of `code`, for API clients and logs. */
  readonly reason: string;
}

export const isCsvRowErrorCode = (code: string): code is CsvRowErrorCode => Object.hasOwn(csvRowErrorCatalogue, code);

/** The text of a row error in `language`; an unknown code (a newer server) falls back to `fallback`. */
export function csvRowErrorText(code: string, params: CsvRowErrorParams, language: Language, fallback: string): string {
  return isCsvRowErrorCode(code) ? fillPlaceholders(csvRowErrorCatalogue[code][language], params) : fallback;
}

/** A row error on `line`, its English `reason` filled from the catalogue. */
export function csvRowError(line: number, { code, params }: CsvProblem, column?: string): CsvRowError {
  const reason = fillPlaceholders(csvRowErrorCatalogue[code].en, params);
  return column === undefined ? { line, code, params, reason } : { line, column, code, params, reason };
}
