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

/** How often the sweep looks: a tenth of the grace period, so a lapse comes at most 10 % late, and at least once a minute. */
function sweepInterval(graceMs: number): number {
  return Math.min(Math.max(graceMs / 10, 50), 60_000);
}

/**
 * Live connections of participants, kept apart from presence: joining the
 * event view makes a participant "online" (tracked cluster-wide), never
 * present. Presence is stated by the member or a chair (commands/attendance.ts);
 * the one thing a connection does to it is end a member's own check-in once
 * they have been offline on every node for the grace period. Chairs are told
 * when who is online changed, so their list shows it.
 *
 * The lapse is found by a sweep over who is present, not by a timer started
 * when a channel ends: a node that dies takes such timers with it (and a
 * restarted one never knew them), while its members still left the hall.
 * Every node sweeps; `lapse` is one conditional transaction, so two nodes
 * lapsing the same member change it once.
 */
export class LiveAttendance implements Connections {
  readonly #deps: LiveAttendanceDeps;
  readonly #graceMs: number;
  /** Per lapsable participant, when a sweep first found them offline everywhere; a sweep that finds them online forgets it. */
  readonly #offlineSince = new Map<string, number>();
  #stopDiffs: (() => void) | undefined;
  #sweeper: NodeJS.Timeout | undefined;
  #sweeping = false;
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
    if (this.#graceMs === 0) return;
    this.#sweeper = setInterval(() => void this.#sweep(), sweepInterval(this.#graceMs));
    this.#sweeper.unref();
  }

  close(): void {
    this.#closed = true;
    this.#stopDiffs?.();
    this.#stopDiffs = undefined;
    clearInterval(this.#sweeper);
    this.#sweeper = undefined;
    this.#offlineSince.clear();
  }

  /** Participants of the event with a live connection on any node. */
  online(eventId: string): ReadonlySet<string> {
    return new Set(Object.keys(this.#deps.endpoint.presence?.list(Topics.presence(eventId)) ?? {}));
  }

  /** A participant joined `event:<eventId>` on `channel`: online until the channel ends. */
  joined(channel: Channel, eventId: string, participantId: string): void {
    this.#offlineSince.delete(participantId);
    channel.track(participantId, {}, Topics.presence(eventId));
  }

  async #sweep(): Promise<void> {
    if (this.#sweeping || this.#closed) return;
    this.#sweeping = true;
    const { store, logger } = this.#deps;
    try {
      const now = Date.now();
      const offline = new Set<string>();
      for (const event of await store.events.list()) {
        if (event.status !== "open") continue;
        const online = this.online(event.id);
        for (const participantId of await store.attendance.lapsable(event.id)) {
          if (online.has(participantId) || this.#closed) continue;
          offline.add(participantId);
          const since = this.#offlineSince.get(participantId);
          if (since === undefined) this.#offlineSince.set(participantId, now);
          else if (now - since >= this.#graceMs) await this.#lapse(event.id, participantId);
        }
      }
      for (const participantId of this.#offlineSince.keys()) if (!offline.has(participantId)) this.#offlineSince.delete(participantId);
    } catch (error) {
      logger.error({ err: error }, "presence sweep failed");
    } finally {
      this.#sweeping = false;
    }
  }

  async #lapse(eventId: string, participantId: string): Promise<void> {
    this.#offlineSince.delete(participantId);
    if (!(await this.#deps.store.attendance.lapse(participantId))) return;
    this.#deps.changes.participants(eventId);
    this.#deps.changes.participant(eventId, participantId);
  }
}
