import { noInput } from "../api/schemas/common.ts";
import { attendanceCsv } from "../csv/attendance-csv.ts";
import { resultsCsv } from "../csv/results-csv.ts";
import type { Store } from "../store/store.ts";
import { recordRead } from "./audit.ts";
import type { EventCommand } from "./command.ts";
import { csvDownload, type Download } from "./download.ts";
import { unwatched } from "./effect.ts";
import { keepRecord } from "./record.ts";

/**
 * An export for the minutes. A command, not a query: every download of the
 * event's data is recorded in the audit log, after the file is made and
 * before it is sent, so no download goes unrecorded.
 */
function minutesExport(
  name: string,
  action: string,
  make: (store: Store, eventId: string) => Promise<Download>,
): EventCommand<object, Download> {
  return {
    name,
    permission: "export",
    input: noInput,
    async run({ store }, access) {
      const file = await make(store, access.event.id);
      await recordRead(store, access, action);
      return { result: file, effects: unwatched("a download changes nothing shown; the audit log is read on request") };
    },
  };
}

export const exportAttendance = minutesExport("exportAttendance", "export.attendance", async (store, eventId) =>
  csvDownload(`attendance-${eventId}.csv`, attendanceCsv(await store.attendance.list(eventId))),
);

export const exportResults = minutesExport("exportResults", "export.results", async (store, eventId) =>
  csvDownload(`results-${eventId}.csv`, resultsCsv(await store.ballots.listResults(eventId))),
);

/**
 * Everything of the event as JSON; the store leaves out every secret (token
 * and password hashes). Canonical JSON, kept as a record under its SHA-256
 * (sent along as a header), so the PDFs of the record can be made from this very file.
 */
export const exportEvent = minutesExport("exportEvent", "export.event", async (store, eventId) => {
  const { file } = await keepRecord(store, eventId);
  return {
    contentType: "application/json; charset=utf-8",
    filename: `event-${eventId}.json`,
    body: file.body,
    recordSha256: file.sha256,
  };
});
