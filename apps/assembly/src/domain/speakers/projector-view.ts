import { type Countdown, countdown } from "./countdown.ts";
import { currentSpeaker, type SpeakerEntry, type SpeakerList, waitingEntries } from "./speaker-list.ts";

export interface ProjectedSpeaker {
  readonly entryId: string;
  readonly participantId: string;
  /** From the names given; null when the participant is not among them. */
  readonly name: string | null;
  readonly kind: SpeakerEntry["kind"];
}

/** What the hall's screen shows of a list of speakers at one instant. */
export interface ProjectorView {
  readonly closed: boolean;
  readonly current: (ProjectedSpeaker & { readonly countdown: Countdown }) | null;
  /** The next three in the queue. */
  readonly next: readonly ProjectedSpeaker[];
  /** Everyone waiting, the next three included. */
  readonly waiting: number;
}

const shownNext = 3;

export function projectorView(list: SpeakerList, at: string, names: ReadonlyMap<string, string> = new Map()): ProjectorView {
  const project = (entry: SpeakerEntry): ProjectedSpeaker => ({
    entryId: entry.id,
    participantId: entry.participantId,
    name: names.get(entry.participantId) ?? null,
    kind: entry.kind,
  });
  const current = currentSpeaker(list);
  const waiting = waitingEntries(list);
  return {
    closed: list.closed,
    current: current ? { ...project(current), countdown: countdown(list.settings, current, at) } : null,
    next: waiting.slice(0, shownNext).map(project),
    waiting: waiting.length,
  };
}
