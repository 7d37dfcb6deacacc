import type { Channel, Endpoint, PubSubMessage } from "@plenum/realtime";
import { Topics } from "../api/topics.ts";

const REVOKED = "revoked";
/** Where in `channel.assigns` the watched access topic is kept. */
const WATCHED = "accessTopic";

/**
 * Ends an admin channel whose admin lost their role in its event. Thrown
 * from `handleInfo`, it ends that channel only (the engine's crash
 * isolation: the client gets `phx_error` and rejoins, and the rejoin is
 * authorised again, so refused); the socket and the admin's channels of
 * other events live on.
 */
export class AccessRevoked extends Error {
  override readonly name = "AccessRevoked";
  constructor(topic: string) {
    super(`the admin's role in this event was removed: ${topic} ended, a rejoin is checked again`);
  }
}

/**
 * Makes `channel` (an admin's, on a topic of `eventId`) end when
 * `revokeAdminAccess` is called for them and the event. Call it before
 * checking the role, so a removal committed after that check still reaches
 * the channel; the channel's `handleInfo` must call `endIfAccessRevoked`.
 */
export function watchAdminAccess<A extends object>(channel: Channel<A>, eventId: string, adminId: string): void {
  const topic = Topics.access(eventId, adminId);
  // Kept beside whatever the channel's handler keeps: a key of its own.
  (channel.assigns as Record<string, unknown>)[WATCHED] = topic;
  channel.subscribe(topic);
}

/** Throws `AccessRevoked` when `message` is the revocation `watchAdminAccess` waits for. */
export function endIfAccessRevoked<A extends object>(message: unknown, channel: Channel<A>): void {
  const notice = message as Partial<PubSubMessage>;
  if (notice.event === REVOKED && notice.topic !== undefined && notice.topic === (channel.assigns as Record<string, unknown>)[WATCHED])
    throw new AccessRevoked(channel.topic);
}

/** The admin's role in the event was removed: their channels of that event end, on every node. */
export function revokeAdminAccess(endpoint: Endpoint, eventId: string, adminId: string): void {
  endpoint.broadcast(Topics.access(eventId, adminId), REVOKED, {});
}
