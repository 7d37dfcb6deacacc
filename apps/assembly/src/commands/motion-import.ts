import type { z } from "zod";
import type { MotionImportAnswer } from "../api/routes/motions.ts";
import { importInput } from "../api/schemas/participant-import.ts";
import { decodeCsv } from "../csv/decode.ts";
import { parseMotionCsv } from "../csv/motion-import.ts";
import { DomainError } from "../domain/errors.ts";
import type { EventCommand } from "./command.ts";
import { motionsChanged } from "./effect.ts";
import { encodingErrors, insertImported, rollOf, rowErrors } from "./participant-import.ts";

export const MAX_MOTION_ROWS = 2000;

/**
 * CSV import of motions: decoded strictly, every row validated against the
 * roll, the agenda and the numbers already taken before anything is written
 * (`csv_invalid` listing every bad line otherwise), then inserted in one
 * transaction: the whole file or nothing.
 */
export const importMotions: EventCommand<z.output<typeof importInput>, MotionImportAnswer> = {
  name: "importMotions",
  permission: "motions.manage",
  input: importInput,
  async run({ store }, access, { encoding, file }) {
    const eventId = access.event.id;
    if (!(file instanceof Uint8Array)) throw new DomainError("unsupported_media_type", "send the file as text/csv");
    const decoded = decodeCsv(file, encoding);
    if (!decoded.ok) throw encodingErrors(decoded.errors, encoding, decoded.suggestedEncoding);
    const [participants, agendaItems, motions] = await Promise.all([
      rollOf(store, eventId),
      store.agenda.list(eventId),
      store.motions.list(eventId),
    ]);
    const parsed = parseMotionCsv(decoded.text, {
      participants,
      agendaItems,
      existingNumbers: motions.flatMap((motion) => (motion.number === null ? [] : [motion.number])),
      maxRows: MAX_MOTION_ROWS,
    });
    if (!parsed.ok) throw rowErrors(parsed.errors);
    const rows = parsed.motions.map(({ line: _line, ...motion }) => motion);
    // A number taken between validation and insert: the file is still what to fix.
    await insertImported(
      store,
      access,
      "motions.import",
      rows.length,
      (tx) => tx.motions.createMany(eventId, rows),
      (conflict) => rowErrors([{ line: 1, reason: conflict.message }]),
    );
    return { result: { imported: rows.length, ignoredColumns: parsed.ignoredColumns }, effects: motionsChanged(eventId, null) };
  },
};
