import type { Channel, Endpoint, PubSubMessage } from "@plenum/realtime";
import type { Logger } from "pino";
import { selfCheckInRefusal } from "../domain/attendance.ts";
import type { Store } from "../store/store.ts";
import type { Changes } from "./changes.ts";
import { Topics } from "../api/topics.ts";

export interface LiveAttendanceDeps {
  readonly store: Store;
  readonly endpoint: Endpoint;
  readonly changes: Changes;
  readonly logger: Logger;
  /** How long after a participant's last channel ends they are checked out (a reload is not a leave). Default 2 s. */
  readonly checkOutGraceMs?: number;
}

const OPENED = "opened";

/**
 * Presence from live connections, under the same rule as the HTTP check-in
 * (`selfCheckInRefusal`: only while the event is open). Joining the event
 * view checks the participant in when the rule allows; leaving their last
 * channel checks them out after a grace; opening the event checks in every
 * participant connected to it on any node, so phones that waited on the page
 * before the doors opened count as present without a reload.
 */
export class LiveAttendance {
  readonly #deps: LiveAttendanceDeps;
  readonly #graceMs: number;

  constructor(deps: LiveAttendanceDeps) {
    this.#deps = deps;
    this.#graceMs = deps.checkOutGraceMs ?? 2000;
  }

  /** A participant joined `event:<eventId>` on `channel`; the channel's `handleInfo` must pass messages to `handleInfo` here. */
  async joined(channel: Channel, eventId: string, participantId: string): Promise<void> {
    channel.track(participantId, {}, Topics.presence(eventId));
    // Subscribed before the status is read: an opening committed after that read is announced to this channel.
    channel.subscribe(Topics.attendance(eventId));
    await this.#checkInIfOpen(eventId, participantId);
  }

  /** A message to the participant's event channel: the opening notice checks them in; anything else is not ours. */
  async handleInfo(message: unknown, eventId: string, participantId: string): Promise<void> {
    const notice = message as Partial<PubSubMessage>;
    if (notice.topic === Topics.attendance(eventId) && notice.event === OPENED) await this.#checkInIfOpen(eventId, participantId);
  }

  /** A participant's event channel ended. */
  left(eventId: string, participantId: string): void {
    setTimeout(() => {
      // Presence is cluster-wide: another tab or node may still hold the participant.
      if (this.#deps.endpoint.presence?.list(Topics.presence(eventId))[participantId]) return;
      this.#deps.store.attendance
        .checkOut(participantId)
        .then((changed) => {
          if (changed) this.#announce(eventId, participantId);
        })
        .catch((error: unknown) => this.#deps.logger.error({ err: error, participantId }, "check-out failed"));
    }, this.#graceMs).unref();
  }

  /** The event was opened: every participant channel of it, on every node, checks its participant in. */
  eventOpened(eventId: string): void {
    this.#deps.endpoint.broadcast(Topics.attendance(eventId), OPENED, {});
  }

  async #checkInIfOpen(eventId: string, participantId: string): Promise<void> {
    const event = await this.#deps.store.events.get(eventId);
    if (selfCheckInRefusal(event.status) !== undefined) return;
    if (await this.#deps.store.attendance.checkIn(participantId)) this.#announce(eventId, participantId);
  }

  #announce(eventId: string, participantId: string): void {
    this.#deps.changes.participants(eventId);
    this.#deps.changes.participant(eventId, participantId);
  }
}
