import type { z } from "zod";
import { noInput } from "../api/schemas/common.ts";
import { csvExportInput } from "../api/schemas/csv-export.ts";
import { attendanceCsv } from "../csv/attendance-csv.ts";
import { resultsCsv } from "../csv/results-csv.ts";
import type { Store } from "../store/store.ts";
import { recordRead } from "./audit.ts";
import type { EventAccess } from "./actor.ts";
import type { EventCommand } from "./command.ts";
import { csvExportFormat } from "./csv-export-format.ts";
import { csvDownload, type Download } from "./download.ts";
import { unwatched } from "./effect.ts";
import { keepRecord } from "./record.ts";

/**
 * An export for the minutes. A command, not a query: every download of the
 * event's data is recorded in the audit log, after the file is made and
 * before it is sent, so no download goes unrecorded.
 */
function minutesExport<Input>(
  name: string,
  action: string,
  input: z.ZodType<Input>,
  make: (store: Store, access: EventAccess, input: Input) => Promise<Download>,
): EventCommand<Input, Download> {
  return {
    name,
    permission: "export",
    input,
    async run({ store }, access, given) {
      const file = await make(store, access, given);
      await recordRead(store, access, action);
      return { result: file, effects: unwatched("a download changes nothing shown; the audit log is read on request") };
    },
  };
}

export const exportAttendance = minutesExport("exportAttendance", "export.attendance", csvExportInput, async (store, { event }, given) =>
  csvDownload(
    `attendance-${event.id}.csv`,
    attendanceCsv(await store.attendance.list(event.id), await csvExportFormat(store, event, given.separator)),
  ),
);

export const exportResults = minutesExport("exportResults", "export.results", csvExportInput, async (store, { event }, given) =>
  csvDownload(
    `results-${event.id}.csv`,
    resultsCsv(await store.ballots.listResults(event.id), await csvExportFormat(store, event, given.separator)),
  ),
);

/**
 * Everything of the event as JSON; the store leaves out every secret (token
 * and password hashes). Canonical JSON, kept as a record under its SHA-256
 * (sent along as a header), so the PDFs of the record can be made from this very file.
 */
export const exportEvent = minutesExport("exportEvent", "export.event", noInput, async (store, { event }) => {
  const eventId = event.id;
  const { file } = await keepRecord(store, eventId);
  return {
    contentType: "application/json; charset=utf-8",
    filename: `event-${eventId}.json`,
    body: file.body,
    recordSha256: file.sha256,
  };
});
