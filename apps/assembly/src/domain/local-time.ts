/**
 * Instant `at` (ISO-8601) on the clock of `timeZone`, as RFC 3339 with that
 * clock's offset: "2026-05-28T14:03:07+02:00". The hall's wall time, and yet
 * one instant only, also in the hour a summer-time change repeats.
 * Whole seconds: the minutes need no more.
 */
export function localIsoTime(at: string, timeZone: string): string {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
    timeZoneName: "longOffset",
  }).formatToParts(new Date(at));
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((candidate) => candidate.type === type)?.value ?? "";
  // "GMT+02:00", or a bare "GMT" for a zero offset.
  const offset = part("timeZoneName").replace("GMT", "") || "+00:00";
  return `${part("year")}-${part("month")}-${part("day")}T${part("hour")}:${part("minute")}:${part("second")}${offset}`;
}
