import { DomainError } from "./errors.ts";
import type { EventStatus } from "./event.ts";

/**
 * Presence at an assembly is a fact someone states, never a side effect of
 * a socket: the member ("I am here" on their phone) or a chair checks them
 * in; the member or a chair checks them out. A live connection is shown
 * apart as "online". The one automatic end is a lapse: a member who checked
 * themselves in and has had no live connection for longer than the grace
 * period (see `PRESENCE_GRACE_SECONDS`) is checked out, so a phone put away
 * for good stops counting towards quorum, while a reload, a locked screen or
 * a tunnel on the way to the microphone does not.
 */
export type PresenceBy =
  /** The participant themselves. */
  | { readonly kind: "member" }
  /** A chair, at the door or in the console. */
  | { readonly kind: "chair"; readonly adminId: string }
  /** The member's own check-in lapsed: offline longer than the grace period. */
  | { readonly kind: "lapse" };

export type PresenceByKind = PresenceBy["kind"];

/** The latest entry of a participant's attendance log. */
export interface PresenceChange {
  readonly kind: "in" | "out";
  readonly by: PresenceByKind;
}

/**
 * Whether anyone may check a participant in (themselves, or a chair): only
 * while the event is open. Before it opens and after it closes nobody is
 * "present" at it, so neither the attendance log nor a present-only vote may
 * count them. Returns the refusal (`event_not_open`, with the status), or
 * undefined when they may.
 */
export function checkInRefusal(status: EventStatus): DomainError | undefined {
  return status === "open" ? undefined : new DomainError("event_not_open", `the event is ${status}`, { status });
}

/**
 * Whether going offline past the grace period ends this presence: only a
 * check-in the member made themselves. A chair's check-in at the door stands
 * for someone in the hall who may have no phone at all.
 */
export function lapsesWhenOffline(latest: PresenceChange | null): boolean {
  return latest !== null && latest.kind === "in" && latest.by === "member";
}

/** Whether the member's last check-out was a chair's: their phone says so, and only their own "I am here" undoes it. */
export function checkedOutByChair(latest: PresenceChange | null): boolean {
  return latest !== null && latest.kind === "out" && latest.by === "chair";
}
