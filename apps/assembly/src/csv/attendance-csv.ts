import type { AttendanceRow } from "../store/store.ts";
import { spreadsheetCsv } from "./spreadsheet-safe.ts";

/** Attendance for the minutes: one row per participant, times in ISO-8601 UTC, and who made the latest check-in and check-out. */
export function attendanceCsv(rows: readonly AttendanceRow[]): string {
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
    row.present ? "yes" : "no",
    row.firstCheckInAt ?? "",
    row.lastCheckInAt ?? "",
    row.lastCheckOutAt ?? "",
    row.lastCheckInBy ?? "",
    row.lastCheckOutBy ?? "",
  ]);
  return spreadsheetCsv(header, body);
}
