import type { z } from "zod";
import type { MotionImportAnswer } from "../api/routes/motions.ts";
import { uploadInput } from "../api/schemas/participant-import.ts";
import { csvRowError } from "../api/csv-row-errors.ts";
import { refusalProblem } from "../csv/csv-table.ts";
import { parseMotionCsv } from "../csv/motion-import.ts";
import type { EventCommand } from "./command.ts";
import { motionsChanged } from "./effect.ts";
import { decodeUpload, insertImported, rowErrors } from "./csv-upload.ts";

export const MAX_MOTION_ROWS = 2000;

/**
 * CSV import of motions: decoded strictly, every row validated against the
 * roll, the agenda and the numbers already taken before anything is written
 * (`csv_invalid` listing every bad line otherwise), then inserted in one
 * transaction: the whole file or nothing.
 */
export const importMotions: EventCommand<z.output<typeof uploadInput>, MotionImportAnswer> = {
  name: "importMotions",
  permission: "motions.manage",
  input: uploadInput,
  async run({ store }, access, { encoding, file }) {
    const eventId = access.event.id;
    const text = decodeUpload(file, encoding);
    const [participants, agendaItems, motions] = await Promise.all([
      store.participants.all(eventId),
      store.agenda.list(eventId),
      store.motions.list(eventId),
    ]);
    const parsed = parseMotionCsv(text, {
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
      (conflict) => rowErrors([csvRowError(1, refusalProblem(conflict))]),
    );
    return { result: { imported: rows.length, ignoredColumns: parsed.ignoredColumns }, effects: motionsChanged(eventId, null) };
  },
};
