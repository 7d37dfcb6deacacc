import type { AttendanceRow } from "../store/store.ts";
import type { CsvFormat } from "./csv-format.ts";
import { spreadsheetCsv } from "./spreadsheet-safe.ts";

/**
 * Attendance for the minutes: one row per participant, times on the event's
 * clock with their offset, and who made the latest check-in and check-out.
 */
export function attendanceCsv(rows: readonly AttendanceRow[], format: CsvFormat): string {
  const header = [
    "name",
    "email",
    "group",
    "region",
    "present",
    "first_check_in",
    "last_check_in",
    "last_check_out",
    "last_check_in_by",
    "last_check_out_by",
  ];
  const body = rows.map((row) => [
    row.name,
    row.email,
    row.group ?? "",
    row.region ?? "",
    format.yesNo(row.present),
    format.time(row.firstCheckInAt),
    format.time(row.lastCheckInAt),
    format.time(row.lastCheckOutAt),
    row.lastCheckInBy ?? "",
    row.lastCheckOutBy ?? "",
  ]);
  return spreadsheetCsv(header, body, format);
}
