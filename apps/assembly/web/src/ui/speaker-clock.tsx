import { useEffect, useState } from "preact/hooks";
import { elapsedMs } from "../../../src/domain/speakers/countdown.ts";
import type { SpeakerListView } from "../model.ts";

type Current = NonNullable<SpeakerListView["current"]>;

/** Now, re-read every `intervalMs` while mounted: the clock ticks here, not on the server. */
function useNow(intervalMs: number): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

const clockText = (ms: number): string => {
  const total = Math.floor(Math.abs(ms) / 1000);
  return `${ms < 0 ? "−" : ""}${Math.floor(total / 60)}:${String(total % 60).padStart(2, "0")}`;
};

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
