import type { z } from "zod";
import type { ImportAnswer } from "../api/routes/participants.ts";
import { importInput } from "../api/schemas/participant-import.ts";
import { type CsvEncoding, decodeCsv } from "../csv/decode.ts";
import type { CsvRowError } from "../csv/csv-table.ts";
import { type ImportedParticipant, parseParticipantCsv } from "../csv/participant-import.ts";
import { DomainError, isDomainError } from "../domain/errors.ts";
import type { Store, StoreOperations } from "../store/store.ts";
import type { EventAccess } from "./actor.ts";
import { adminIn, audited } from "./audit.ts";
import type { EventCommand } from "./command.ts";

export const MAX_IMPORT_ROWS = 50_000;

/** Everyone on the event's roll, read page by page: what an import checks its rows against. */
export async function rollOf(store: Store, eventId: string): Promise<{ id: string; name: string; email: string }[]> {
  const roll: { id: string; name: string; email: string }[] = [];
  for (let offset = 0; ; offset += 1000) {
    const page = await store.participants.list(eventId, { offset, limit: 1000 });
    roll.push(...page.items.map(({ id, name, email }) => ({ id, name, email })));
    if (page.items.length < 1000) return roll;
  }
}

const linesIn = (errors: readonly CsvRowError[]): number => new Set(errors.map((error) => error.line)).size;

export function rowErrors(errors: readonly CsvRowError[]): DomainError {
  return new DomainError("csv_invalid", `nothing was imported: ${linesIn(errors)} line(s) have problems`, { errors });
}

const encodingNames: Readonly<Record<CsvEncoding, string>> = { "utf-8": "UTF-8", "windows-1252": "Windows-1252" };

/** Bytes unreadable in the chosen encoding: the lines, and which encoding to choose instead. */
export function encodingErrors(errors: readonly CsvRowError[], used: CsvEncoding, suggested: CsvEncoding): DomainError {
  const hint =
    suggested === "windows-1252"
      ? "if Excel or other Windows software saved it, import it again with the encoding Windows-1252 (?encoding=windows-1252)"
      : "import it again with the encoding UTF-8";
  return new DomainError(
    "csv_invalid",
    `nothing was imported: ${linesIn(errors)} line(s) cannot be read as ${encodingNames[used]}; ${hint}`,
    { errors, suggestedEncoding: suggested },
  );
}

/** Someone added one of these emails between validation and insert: report it per line like any duplicate. */
function raceErrors(participants: readonly ImportedParticipant[], details: unknown): DomainError {
  const emails = new Set((details as { emails?: unknown } | undefined)?.emails as string[] | undefined);
  return rowErrors(
    participants
      .filter((participant) => emails.has(participant.email))
      .map((participant) => ({
        line: participant.line,
        column: "email",
        reason: `${participant.email} is already registered for this event`,
      })),
  );
}

/**
 * Writes the rows of a checked file in one audited transaction. A `conflict`
 * (another writer took an email or number between validation and insert) is
 * reported by `lines` as row errors, like any bad row.
 */
export async function insertImported(
  store: Store,
  access: EventAccess,
  action: string,
  count: number,
  insert: (tx: StoreOperations) => Promise<unknown>,
  lines: (conflict: DomainError) => DomainError,
): Promise<void> {
  try {
    await audited(store, adminIn(access), action, async (tx) => {
      await insert(tx);
      return { result: undefined, audit: { after: { count } } };
    });
  } catch (error) {
    if (isDomainError(error, "conflict")) throw lines(error);
    throw error;
  }
}

/**
 * CSV import of participants: the file's bytes are decoded strictly in the
 * chosen encoding (see `decodeCsv`), then all rows are validated, against the
 * event's existing emails too, before anything is written; any problem is
 * `csv_invalid` listing every bad line, and then nothing was imported. Valid
 * files are inserted in one transaction.
 */
export const importParticipants: EventCommand<z.output<typeof importInput>, ImportAnswer> = {
  name: "importParticipants",
  permission: "participants.manage",
  input: importInput,
  async run({ store }, access, { encoding, file }) {
    const eventId = access.event.id;
    if (!(file instanceof Uint8Array)) throw new DomainError("unsupported_media_type", "send the file as text/csv");
    const decoded = decodeCsv(file, encoding);
    if (!decoded.ok) throw encodingErrors(decoded.errors, encoding, decoded.suggestedEncoding);
    const parsed = parseParticipantCsv(decoded.text, {
      existingEmails: new Set((await rollOf(store, eventId)).map((participant) => participant.email)),
      maxRows: MAX_IMPORT_ROWS,
    });
    if (!parsed.ok) throw rowErrors(parsed.errors);
    const rows = parsed.participants.map(({ line: _line, ...participant }) => participant);
    await insertImported(
      store,
      access,
      "participants.import",
      rows.length,
      (tx) => tx.participants.addMany(eventId, rows),
      (conflict) => raceErrors(parsed.participants, conflict.details),
    );
    return {
      result: { imported: parsed.participants.length, ignoredColumns: parsed.ignoredColumns },
      effects: [{ kind: "participants", eventId }],
    };
  },
};
