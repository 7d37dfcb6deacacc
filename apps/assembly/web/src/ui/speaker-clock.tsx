import { elapsedMs } from "../../../src/domain/speakers/countdown.ts";
import type { SpeakerListView } from "../model.ts";
import { clockText, useNow } from "./clock.ts";

type Current = NonNullable<SpeakerListView["current"]>;

/**
 * The current speaker's countdown, from the instants in the live view
 * (server time): remaining time under a limit (negative in overtime),
 * elapsed time without one.
 */
export function SpeakerClock({ current, class: className = "speaker-clock" }: { current: Current; class?: string }) {
  const now = useNow(250);
  const elapsed = elapsedMs(current, new Date(now).toISOString());
  const remaining = current.limitMs === null ? null : current.limitMs - elapsed;
  const overtime = remaining !== null && remaining < 0;
  return (
    <span class={`${className}${overtime ? " overtime" : ""}`} data-testid="speaker-clock" role="timer">
      {clockText(remaining ?? elapsed)}
    </span>
  );
}
