import type { SpeakingTimeReport } from "../commands/speaking-time.ts";
import { spreadsheetCsv } from "./spreadsheet-safe.ts";

const seconds = (ms: number): string => (ms / 1000).toFixed(1);

/**
 * Speaking time for the minutes: a row per speaker, then a row per group
 * (`scope` says which), then the total; seconds with one decimal.
 */
export function speakingTimeCsv(report: SpeakingTimeReport): string {
  const header = ["scope", "name", "group", "speakers", "speeches", "speaking_seconds"];
  const body = [
    ...report.participants.map((row) => ["speaker", row.name, row.group ?? "", "1", String(row.speeches), seconds(row.spokenMs)]),
    ...report.groups.map((row) => ["group", "", row.group ?? "", String(row.speakers), String(row.speeches), seconds(row.spokenMs)]),
    ["total", "", "", String(report.participants.length), String(report.speeches), seconds(report.spokenMs)],
  ];
  return spreadsheetCsv(header, body);
}
