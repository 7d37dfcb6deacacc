import type { Actor } from "./actor.ts";

/**
 * What a committed command changed that someone may be watching. Commands
 * return their effects as data; the live layer turns them into re-rendered
 * views and closed sockets (`LiveEffects`), so a command never reaches into
 * channels and every edge gets the same live behaviour.
 */
export type Effect =
  /** Agenda, announcements, polls, event settings or status. */
  | { readonly kind: "event"; readonly eventId: string }
  /** Who is in the event, present, eligible, or has voted. */
  | { readonly kind: "participants"; readonly eventId: string }
  /** One participant's own view (their votes, their proxies). */
  | { readonly kind: "participant"; readonly eventId: string; readonly participantId: string }
  /** Delegations changed: every participant view of the event may show other principals. */
  | { readonly kind: "proxies"; readonly eventId: string }
  /** A credential stopped being valid: its live sockets close everywhere and every join is checked again. */
  | { readonly kind: "signedOut"; readonly actor: Actor }
  /** An admin's role in the event was removed: their channels of that event end on every node (their other events' stay). */
  | { readonly kind: "accessRevoked"; readonly eventId: string; readonly adminId: string }
  /** Every invitation link of the event was replaced: every participant socket of the event closes. */
  | { readonly kind: "linksReplaced"; readonly eventId: string }
  /** A list of speakers of the event changed: its live view re-renders, chairs get a throttled notice. */
  | { readonly kind: "speakers"; readonly eventId: string }
  /** The event's screens, or what one of them shows, changed: their live view re-renders. */
  | { readonly kind: "projectors"; readonly eventId: string }
  /** The event's invitation mail moved on (queued, sent, failed...): the chairs' counts re-render. */
  | { readonly kind: "mail"; readonly eventId: string }
  /** A motion, its amendments or support changed (null: every motion of the event, as after new settings). */
  | { readonly kind: "motions"; readonly eventId: string; readonly motionId: string | null };

/**
 * A command's answer. `effects` is required, so a command that changes what
 * people see cannot forget to say so; one that changes nothing watched
 * returns `unwatched(reason)`, which names why.
 */
export interface Outcome<Result> {
  readonly result: Result;
  readonly effects: readonly Effect[];
}

/** Agenda, announcements, polls, settings or status of `eventId` changed: its event and admin views re-render. */
export const eventChanged = (eventId: string): readonly Effect[] => [{ kind: "event", eventId }];

/** Motion `motionId` of `eventId` (null: all of them) changed: the motion book's views re-render, the chairs hear of it. */
export const motionsChanged = (eventId: string, motionId: string | null): readonly Effect[] => [{ kind: "motions", eventId, motionId }];

/** The effects of a write nobody watches live; `_reason` documents why at the call site. */
export const unwatched = (_reason: string): readonly Effect[] => [];

/** Where effects go once their command committed. */
export interface EffectSink {
  /** Delivers `effects`; resolves when they are handed to the cluster (views refresh asynchronously after that). */
  apply(effects: readonly Effect[]): Promise<void>;
}
