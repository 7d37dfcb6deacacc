import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { csvEncodings, decodeCsv, type CsvEncoding } from "../../csv/decode.ts";
import type { CsvRowError } from "../../csv/csv-table.ts";
import { parseParticipantCsv, type ImportedParticipant } from "../../csv/participant-import.ts";
import { isDomainError } from "../../domain/errors.ts";
import type { Store } from "../../store/store.ts";
import { adminIn, audited } from "../../commands/audit.ts";
import type { HttpContext } from "../context.ts";
import { requireEventAccess } from "../guards.ts";
import { HttpError } from "../http-error.ts";
import { eventParams, parseWith } from "../validate.ts";

export const MAX_IMPORT_ROWS = 50_000;

async function emailsOf(store: Store, eventId: string): Promise<Set<string>> {
  const emails = new Set<string>();
  for (let offset = 0; ; offset += 1000) {
    const page = await store.listParticipants(eventId, { offset, limit: 1000 });
    for (const participant of page.items) emails.add(participant.email);
    if (page.items.length < 1000) return emails;
  }
}

const importQuery = z.strictObject({
  encoding: z.enum(csvEncodings as [CsvEncoding, ...CsvEncoding[]]).default("utf-8"),
});

const linesIn = (errors: readonly CsvRowError[]): number => new Set(errors.map((error) => error.line)).size;

function rowErrors(errors: readonly CsvRowError[]): HttpError {
  return new HttpError("csv_invalid", `nothing was imported: ${linesIn(errors)} line(s) have problems`, { errors });
}

const encodingNames: Readonly<Record<CsvEncoding, string>> = { "utf-8": "UTF-8", "windows-1252": "Windows-1252" };

/** Bytes unreadable in the chosen encoding: the lines, and which encoding to choose instead. */
function encodingErrors(errors: readonly CsvRowError[], used: CsvEncoding, suggested: CsvEncoding): HttpError {
  const hint =
    suggested === "windows-1252"
      ? "if Excel or other Windows software saved it, import it again with the encoding Windows-1252 (?encoding=windows-1252)"
      : "import it again with the encoding UTF-8";
  return new HttpError(
    "csv_invalid",
    `nothing was imported: ${linesIn(errors)} line(s) cannot be read as ${encodingNames[used]}; ${hint}`,
    { errors, suggestedEncoding: suggested },
  );
}

/** Someone added one of these emails between validation and insert: report it per line like any duplicate. */
function raceErrors(participants: readonly ImportedParticipant[], details: unknown): HttpError {
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
 * CSV import of participants (body: the file's bytes, `Content-Type:
 * text/csv`; `?encoding=utf-8` (default) or `windows-1252`). The bytes are
 * decoded strictly (see `decodeCsv`), then all rows are validated, against
 * the event's existing emails too, before anything is written; any problem is
 * a 422 listing every bad line, and then nothing was imported. Valid files
 * are inserted in one transaction.
 */
export function participantImportRoutes(app: FastifyInstance, ctx: HttpContext): void {
  app.post("/events/:eventId/participants/import", { bodyLimit: ctx.csvBodyLimit }, async (request) => {
    const { eventId } = parseWith(eventParams, request.params);
    const access = await requireEventAccess(ctx, request, eventId, "participants.manage");
    const { encoding } = parseWith(importQuery, request.query, "query");
    if (!Buffer.isBuffer(request.body)) throw new HttpError("unsupported_media_type", "send the file as text/csv");
    const decoded = decodeCsv(request.body, encoding);
    if (!decoded.ok) throw encodingErrors(decoded.errors, encoding, decoded.suggestedEncoding);
    const result = parseParticipantCsv(decoded.text, { existingEmails: await emailsOf(ctx.store, eventId), maxRows: MAX_IMPORT_ROWS });
    if (!result.ok) throw rowErrors(result.errors);
    const rows = result.participants.map(({ line: _line, ...participant }) => participant);
    try {
      await audited(ctx.store, adminIn(access), "participants.import", async (tx) => {
        await tx.addParticipants(eventId, rows);
        return { result: undefined, audit: { after: { count: rows.length } } };
      });
    } catch (error) {
      if (isDomainError(error, "conflict")) throw raceErrors(result.participants, error.details);
      throw error;
    }
    return { imported: result.participants.length, ignoredColumns: result.ignoredColumns };
  });
}
