import { Presence } from "phoenix";
import type { Tracker } from "../../src/presence/tracker.ts";
import type { PresenceDiff, PresenceState } from "../../src/presence/types.ts";

/** What crosses the wire: plain JSON, as a socket would deliver it. */
export function wire<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/**
 * Per-topic client states kept by the official `phoenix` client's
 * `Presence.syncState/syncDiff`, fed with a tracker's `presence_state`
 * (list at subscription time) and every later diff, as the engine pushes them.
 */
export class PhoenixClients {
  readonly #states = new Map<string, PresenceState>();
  diffs = 0;

  /** `topics` get a presence_state now (a client joining mid-stream); others start empty. */
  constructor(tracker: Tracker, topics: string[] = []) {
    for (const topic of topics) this.#states.set(topic, Presence.syncState({}, wire(tracker.list(topic))));
    tracker.onDiff((topic, diff: PresenceDiff) => {
      this.diffs++;
      this.#states.set(topic, Presence.syncDiff(this.#states.get(topic) ?? {}, wire(diff)));
    });
  }

  state(topic: string): PresenceState {
    return wire(this.#states.get(topic) ?? {});
  }
}
