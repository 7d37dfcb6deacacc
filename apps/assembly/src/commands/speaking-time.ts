import type { z } from "zod";
import { speakingStatisticsInput } from "../api/schemas/speakers.ts";
import { speakingStatistics, type GroupTotals } from "../domain/speakers/speaking-stats.ts";
import { speakingTimeCsv } from "../csv/speaking-time-csv.ts";
import { recordRead } from "./audit.ts";
import type { EventCommand } from "./command.ts";
import { csvExportFormat } from "./csv-export-format.ts";
import { csvDownload, type Download } from "./download.ts";
import { unwatched } from "./effect.ts";

/** Speaking time over every list of the event, per speaker (named, with their group) and per group. */
export interface SpeakingTimeReport {
  readonly participants: readonly { participantId: string; name: string; group: string | null; speeches: number; spokenMs: number }[];
  readonly groups: readonly GroupTotals[];
  readonly speeches: number;
  readonly spokenMs: number;
}

/** The speaking-time statistics as CSV or JSON; audited like every export. The current speech counts up to now. */
export const exportSpeakingTime: EventCommand<z.output<typeof speakingStatisticsInput>, Download> = {
  name: "exportSpeakingTime",
  permission: "export",
  input: speakingStatisticsInput,
  async run({ store }, access, { format, separator }) {
    const eventId = access.event.id;
    const lists = await store.speakers.list(eventId);
    const ids = [...new Set(lists.flatMap((stored) => stored.list.entries.map((entry) => entry.participantId)))];
    const people = new Map((await Promise.all(ids.map((id) => store.participants.get(id)))).map((person) => [person.id, person]));
    const groupOf = new Map([...people].map(([id, person]) => [id, person.group]));
    const stats = speakingStatistics(
      lists.map((stored) => stored.list),
      groupOf,
      new Date().toISOString(),
    );
    const report: SpeakingTimeReport = {
      ...stats,
      participants: stats.participants.map((totals) => ({
        ...totals,
        name: people.get(totals.participantId)!.name,
        group: people.get(totals.participantId)!.group,
      })),
    };
    const file =
      format === "csv"
        ? csvDownload(`speaking-time-${eventId}.csv`, speakingTimeCsv(report, await csvExportFormat(store, access.event, separator)))
        : {
            contentType: "application/json; charset=utf-8",
            filename: `speaking-time-${eventId}.json`,
            body: JSON.stringify(report, null, 2),
          };
    await recordRead(store, access, "export.speaking_time");
    return { result: file, effects: unwatched("a download changes nothing shown; the audit log is read on request") };
  },
};
