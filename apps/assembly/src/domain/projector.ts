import { validateTitle } from "./agenda.ts";
import { DomainError } from "./errors.ts";
import { dayOf } from "./speakers/speaking-day.ts";

/**
 * What one screen of the room shows. `auto` follows the day as the hall
 * screen always did (the open poll or election, then its published
 * result); every other kind is the chairs' explicit choice and stays until
 * they choose again.
 */
export type ProjectorContent =
  | { readonly kind: "auto" }
  /** Nothing but the event's name: between items, or while the hall is set up. */
  | { readonly kind: "blank" }
  | { readonly kind: "agendaItem"; readonly agendaItemId: string }
  /** Open: its question and turnout; closed and published: its result with the rule in words. */
  | { readonly kind: "poll"; readonly pollId: string }
  | { readonly kind: "election"; readonly electionId: string }
  | { readonly kind: "announcement"; readonly announcementId: string }
  | { readonly kind: "speakers"; readonly listId: string }
  | { readonly kind: "motion"; readonly motionId: string }
  /** Counts down to `endsAt` on the screen's own clock: the server sends the instant once, never a tick. */
  | { readonly kind: "countdown"; readonly endsAt: string; readonly label: string };

/**
 * A countdown as a chair sets it: to an instant, to the next time the hall's
 * clock reads `at` ("14:30"), or for a duration from now. The server turns
 * each into the instant it ends.
 */
export type CountdownInput =
  | { readonly kind: "countdown"; readonly label: string; readonly endsAt: string }
  | { readonly kind: "countdown"; readonly label: string; readonly at: string }
  | { readonly kind: "countdown"; readonly label: string; readonly durationSeconds: number };

/** What a chair asks a screen to show; only a countdown differs from what is stored. */
export type ProjectorContentInput = Exclude<ProjectorContent, { kind: "countdown" }> | CountdownInput;

export type ProjectorContentKind = ProjectorContent["kind"];

/** A named screen of the event ("Hall", "Foyer"), each at its own address. */
export interface Projector {
  readonly id: string;
  readonly eventId: string;
  readonly name: string;
  readonly content: ProjectorContent;
  /** When its content was last chosen (its creation, at first). */
  readonly changedAt: string;
}

/** A new screen starts where the single hall screen always was: following the day. */
export const AUTO: ProjectorContent = { kind: "auto" };

/** A countdown longer than a day is a typo, not a break. */
const MAX_COUNTDOWN_MS = 24 * 60 * 60 * 1000;

export const validateProjectorName = (name: string): string => validateTitle(name, "name");

/** How far the clock of `timeZone` is ahead of UTC at instant `ms`. */
function zoneOffsetMs(ms: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
    second: "numeric",
  }).formatToParts(new Date(ms));
  const part = (type: string) => Number(parts.find((candidate) => candidate.type === type)!.value);
  const wall = Date.UTC(part("year"), part("month") - 1, part("day"), part("hour"), part("minute"), part("second"));
  return wall - Math.floor(ms / 1000) * 1000;
}

/** The next instant after `now` at which the clock of `timeZone` reads `hhmm` ("14:30"): today's, else tomorrow's. */
export function nextTimeOfDay(hhmm: string, timeZone: string, now: number): number {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(hhmm);
  if (!match) throw new DomainError("invalid", "a time of day is written HH:MM", { field: "content.at" });
  const [year, month, day] = dayOf(new Date(now).toISOString(), timeZone).split("-").map(Number) as [number, number, number];
  for (const days of [0, 1]) {
    const wall = Date.UTC(year, month - 1, day + days, Number(match[1]), Number(match[2]));
    // Read the offset again at the first guess: a clock change between midnight and the time moves it by an hour.
    const instant = wall - zoneOffsetMs(wall - zoneOffsetMs(wall, timeZone), timeZone);
    if (instant > now) return instant;
  }
  throw new DomainError("invalid", "no such time of day", { field: "content.at" });
}

/**
 * The content to store for `input` at instant `now` in an event on the clock
 * of `timeZone`: a countdown's end becomes an instant, so every screen counts
 * to the same second whatever its clock did before; an end in the past or
 * beyond a day is refused.
 */
export function contentAt(input: ProjectorContentInput, now: number, timeZone: string): ProjectorContent {
  if (input.kind !== "countdown") return input;
  const label = input.label.trim();
  if (label.length > 300) throw new DomainError("invalid", "label must have at most 300 characters", { field: "content.label" });
  const endsAt =
    "durationSeconds" in input
      ? now + input.durationSeconds * 1000
      : "at" in input
        ? nextTimeOfDay(input.at, timeZone, now)
        : Date.parse(input.endsAt);
  if (!Number.isFinite(endsAt) || endsAt <= now || endsAt - now > MAX_COUNTDOWN_MS) {
    throw new DomainError("invalid", "a countdown ends within the next 24 hours", { field: "content.endsAt" });
  }
  return { kind: "countdown", label, endsAt: new Date(endsAt).toISOString() };
}
