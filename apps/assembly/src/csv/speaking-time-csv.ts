import type { SpeakingTimeReport } from "../commands/speaking-time.ts";
import type { CsvFormat } from "./csv-format.ts";
import { spreadsheetCsv } from "./spreadsheet-safe.ts";

/**
 * Speaking time for the minutes: a row per speaker, then a row per group
 * (`scope` says which), then the total; seconds with one decimal.
 */
export function speakingTimeCsv(report: SpeakingTimeReport, format: CsvFormat): string {
  const seconds = (ms: number): string => format.number((ms / 1000).toFixed(1));
  const header = ["scope", "name", "group", "speakers", "speeches", "speaking_seconds"];
  const body = [
    ...report.participants.map((row) => [
      format.text("scope.speaker"),
      row.name,
      row.group ?? "",
      "1",
      String(row.speeches),
      seconds(row.spokenMs),
    ]),
    ...report.groups.map((row) => [
      format.text("scope.group"),
      "",
      row.group ?? "",
      String(row.speakers),
      String(row.speeches),
      seconds(row.spokenMs),
    ]),
    [format.text("scope.total"), "", "", String(report.participants.length), String(report.speeches), seconds(report.spokenMs)],
  ];
  return spreadsheetCsv(header, body, format);
}
