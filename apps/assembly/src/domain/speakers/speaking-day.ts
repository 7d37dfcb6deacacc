import { instantMs } from "./instant.ts";
import type { SpeakerList } from "./speaker-list.ts";

/** The calendar day ("2026-05-28") of instant `at` on the clock of `timeZone`. */
export function dayOf(at: string, timeZone: string): string {
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).formatToParts(
    new Date(instantMs(at)),
  );
  const part = (type: string) => parts.find((candidate) => candidate.type === type)!.value;
  return `${part("year")}-${part("month")}-${part("day")}`;
}

/**
 * `lists` with only the speeches begun on the day of `at` in `timeZone`, the
 * hall's clock: "today" for the fair order's first-time and balance rules.
 * Waiting and removed entries go too; nothing else changes.
 */
export function speechesOfDay(lists: readonly SpeakerList[], at: string, timeZone: string): SpeakerList[] {
  const today = dayOf(at, timeZone);
  return lists.map((list) => ({
    ...list,
    entries: list.entries.filter((entry) => entry.startedAt !== null && dayOf(entry.startedAt, timeZone) === today),
    queue: [],
  }));
}
