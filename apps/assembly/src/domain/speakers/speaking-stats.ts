import { elapsedMs } from "./countdown.ts";
import type { SpeakerList } from "./speaker-list.ts";

export interface SpeakerTotals {
  readonly participantId: string;
  /** Speeches begun (points of order included). */
  readonly speeches: number;
  readonly spokenMs: number;
}

export interface GroupTotals {
  /** Null for participants without a group. */
  readonly group: string | null;
  readonly speeches: number;
  readonly spokenMs: number;
  /** Distinct participants of the group who spoke. */
  readonly speakers: number;
}

export interface SpeakingStatistics {
  /** Most speaking time first; ties by participant id. */
  readonly participants: readonly SpeakerTotals[];
  /** Most speaking time first; ties by name, no group last. */
  readonly groups: readonly GroupTotals[];
  readonly speeches: number;
  readonly spokenMs: number;
}

/**
 * Speaking time over `lists` (a day's lists give "today"), per speaker and
 * per group as `groupOf` assigns them. Finished speeches count fully; the
 * current speech counts up to `at`, or with its finished stretches only when
 * `at` is not given. Waiting and removed entries do not count.
 */
export function speakingStatistics(
  lists: readonly SpeakerList[],
  groupOf: ReadonlyMap<string, string | null> = new Map(),
  at?: string,
): SpeakingStatistics {
  const perParticipant = new Map<string, { speeches: number; spokenMs: number }>();
  for (const list of lists) {
    for (const entry of list.entries) {
      if (entry.state !== "done" && entry.state !== "speaking") continue;
      const spoken = entry.state === "speaking" && at !== undefined ? elapsedMs(entry, at) : entry.spokenMs;
      const totals = perParticipant.get(entry.participantId) ?? { speeches: 0, spokenMs: 0 };
      perParticipant.set(entry.participantId, { speeches: totals.speeches + 1, spokenMs: totals.spokenMs + spoken });
    }
  }
  const participants = [...perParticipant].map(([participantId, totals]) => ({ participantId, ...totals }));
  participants.sort((a, b) => b.spokenMs - a.spokenMs || compare(a.participantId, b.participantId));

  const perGroup = new Map<string | null, { speeches: number; spokenMs: number; speakers: number }>();
  for (const totals of participants) {
    const group = groupOf.get(totals.participantId) ?? null;
    const sum = perGroup.get(group) ?? { speeches: 0, spokenMs: 0, speakers: 0 };
    perGroup.set(group, { speeches: sum.speeches + totals.speeches, spokenMs: sum.spokenMs + totals.spokenMs, speakers: sum.speakers + 1 });
  }
  const groups = [...perGroup].map(([group, totals]) => ({ group, ...totals }));
  groups.sort((a, b) => b.spokenMs - a.spokenMs || (a.group === null ? 1 : b.group === null ? -1 : compare(a.group, b.group)));

  return {
    participants,
    groups,
    speeches: participants.reduce((sum, totals) => sum + totals.speeches, 0),
    spokenMs: participants.reduce((sum, totals) => sum + totals.spokenMs, 0),
  };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
