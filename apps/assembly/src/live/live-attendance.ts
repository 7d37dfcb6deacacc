import type { Channel, Endpoint } from "@plenum/realtime";
import type { Logger } from "pino";
import { Topics } from "../api/topics.ts";
import type { Connections } from "../commands/command.ts";
import type { Store } from "../store/store.ts";
import type { Changes } from "./changes.ts";

export interface LiveAttendanceDeps {
  readonly store: Store;
  readonly endpoint: Endpoint;
  readonly changes: Changes;
  readonly logger: Logger;
  /**
   * How long a member who checked themselves in may be offline before their
   * presence lapses (see `lapsesWhenOffline`); 0: never. Default 10 minutes.
   */
  readonly presenceGraceMs?: number;
}

export const DEFAULT_PRESENCE_GRACE_MS = 600_000;

const presencePrefix = Topics.presence("");

/**
 * Live connections of participants, kept apart from presence: joining the
 * event view makes a participant "online" (tracked cluster-wide), never
 * present. Presence is stated by the member or a chair (commands/attendance.ts);
 * the one thing a connection does to it is end a member's own check-in once
 * they have been offline on every node for the grace period. Chairs are told
 * when who is online changed, so their list shows it.
 */
export class LiveAttendance implements Connections {
  readonly #deps: LiveAttendanceDeps;
  readonly #graceMs: number;
  /** Per participant, the pending lapse after their last channel on this node ended. */
  readonly #lapses = new Map<string, NodeJS.Timeout>();
  #stopDiffs: (() => void) | undefined;
  #closed = false;

  constructor(deps: LiveAttendanceDeps) {
    this.#deps = deps;
    this.#graceMs = deps.presenceGraceMs ?? DEFAULT_PRESENCE_GRACE_MS;
  }

  start(): void {
    if (this.#closed || this.#stopDiffs) return;
    this.#stopDiffs = this.#deps.endpoint.presence?.onDiff((topic) => {
      if (topic.startsWith(presencePrefix)) this.#deps.changes.connections(topic.slice(presencePrefix.length));
    });
  }

  close(): void {
    this.#closed = true;
    this.#stopDiffs?.();
    this.#stopDiffs = undefined;
    for (const timer of this.#lapses.values()) clearTimeout(timer);
    this.#lapses.clear();
  }

  /** Participants of the event with a live connection on any node. */
  online(eventId: string): ReadonlySet<string> {
    return new Set(Object.keys(this.#deps.endpoint.presence?.list(Topics.presence(eventId)) ?? {}));
  }

  /** A participant joined `event:<eventId>` on `channel`: online, and a pending lapse is off. */
  joined(channel: Channel, eventId: string, participantId: string): void {
    this.#cancelLapse(participantId);
    channel.track(participantId, {}, Topics.presence(eventId));
  }

  /** A participant's event channel ended: their own check-in lapses unless they are back within the grace period. */
  left(eventId: string, participantId: string): void {
    if (this.#closed || this.#graceMs === 0) return;
    this.#cancelLapse(participantId);
    const timer = setTimeout(() => {
      this.#lapses.delete(participantId);
      // Another tab, or a reconnect to another node, still holds the participant.
      if (this.online(eventId).has(participantId)) return;
      this.#deps.store.attendance
        .lapse(participantId)
        .then((changed) => {
          if (!changed) return;
          this.#deps.changes.participants(eventId);
          this.#deps.changes.participant(eventId, participantId);
        })
        .catch((error: unknown) => this.#deps.logger.error({ err: error, participantId }, "presence lapse failed"));
    }, this.#graceMs);
    timer.unref();
    this.#lapses.set(participantId, timer);
  }

  #cancelLapse(participantId: string): void {
    const timer = this.#lapses.get(participantId);
    if (timer === undefined) return;
    clearTimeout(timer);
    this.#lapses.delete(participantId);
  }
}
