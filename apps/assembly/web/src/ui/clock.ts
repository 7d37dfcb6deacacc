import { useEffect, useState } from "preact/hooks";

/** Now, re-read every `intervalMs` while mounted: clocks tick on the screen, never by a push from the server. */
export function useNow(intervalMs: number): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/** Milliseconds as the hall reads a clock: `m:ss`, `−m:ss` past zero. */
export const clockText = (ms: number): string => {
  const total = Math.floor(Math.abs(ms) / 1000);
  return `${ms < 0 ? "−" : ""}${Math.floor(total / 60)}:${String(total % 60).padStart(2, "0")}`;
};
