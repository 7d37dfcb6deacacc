import type { Viewers } from "../supervision/viewers.ts";
import type { Tracker } from "./tracker.ts";

/**
 * Presence seen as supervision's viewer counts: distinct keys per topic,
 * cluster-wide. Counts change only when a diff is emitted, so reporting every
 * diff's topic misses no change.
 */
export function trackerViewers(tracker: Tracker): Viewers {
  return {
    count: (topic) => tracker.count(topic),
    topics: () => tracker.topics(),
    onChange: (listener) => tracker.onDiff((topic) => listener(topic)),
  };
}
