import { instantMs } from "./instant.ts";
import type { SpeakerEntry, SpeakerListSettings } from "./speaker-list.ts";

/** A speaker's clock at one instant. */
export interface Countdown {
  readonly limitMs: number | null;
  readonly elapsedMs: number;
  /** Null without a limit; negative in overtime. */
  readonly remainingMs: number | null;
  readonly overtime: boolean;
  /** False while paused, and once the speech is over. */
  readonly running: boolean;
}

/** The time limit that applies to a speech of `kind` on a list with `settings`. */
export function timeLimitFor(settings: SpeakerListSettings, kind: SpeakerEntry["kind"]): number | null {
  return kind === "point_of_order" ? settings.pointOfOrderTimeLimitMs : settings.timeLimitMs;
}

/**
 * Speaking time of `entry` up to `at`: finished stretches plus the running
 * one. An instant before the running stretch began counts that stretch as 0,
 * so a display whose clock lags slightly never shows time running backwards.
 */
export function elapsedMs(entry: Pick<SpeakerEntry, "spokenMs" | "runningSince">, at: string): number {
  if (entry.runningSince === null) return entry.spokenMs;
  return entry.spokenMs + Math.max(0, instantMs(at) - instantMs(entry.runningSince, "runningSince"));
}

/** The countdown of `entry` at `at` under the list's limits. */
export function countdown(settings: SpeakerListSettings, entry: SpeakerEntry, at: string): Countdown {
  const limitMs = timeLimitFor(settings, entry.kind);
  const elapsed = elapsedMs(entry, at);
  const remainingMs = limitMs === null ? null : limitMs - elapsed;
  return {
    limitMs,
    elapsedMs: elapsed,
    remainingMs,
    overtime: remainingMs !== null && remainingMs < 0,
    running: entry.runningSince !== null,
  };
}
