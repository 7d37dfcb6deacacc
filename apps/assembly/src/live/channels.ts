import type { Channel, ChannelHandler, Endpoint } from "@plenum/realtime";
import type { LiveViews } from "@plenum/realtime/live/live-views";
import type { Singletons } from "@plenum/realtime/supervision/singletons";
import type { Logger } from "pino";
import { parseTopic, type ParsedTopic } from "../api/topics.ts";
import type { Actor, ParticipantActor } from "../commands/actor.ts";
import { castBallot } from "../commands/cast-ballot.ts";
import { castElectionBallot } from "../commands/cast-election-ballot.ts";
import type { Command, CommandRunner } from "../commands/command.ts";
import { isDomainError, type DomainError } from "../domain/errors.ts";
import type { Store } from "../store/store.ts";
import { endIfAccessRevoked, watchAdminAccess } from "./admin-access.ts";
import { identityOf } from "./connect.ts";
import { dashboardChannel } from "./dashboard.ts";
import type { LiveAttendance } from "./live-attendance.ts";

export interface ChannelDeps {
  readonly store: Store;
  readonly commands: CommandRunner;
  readonly endpoint: Endpoint;
  readonly views: LiveViews;
  readonly dashboards: Singletons;
  readonly logger: Logger;
  readonly attendance: LiveAttendance;
}

/** What an event channel keeps between callbacks: the parsed topic, set by a successful join. */
interface EventAssigns {
  topic: ParsedTopic;
}

const refused = (reason: string): { error: { reason: string } } => ({ error: { reason } });

/** A refusal as a channel reply carries it: the same `{code, message, details?}` as over HTTP. */
const errorReply = ({ code, message, details }: DomainError) => (details === undefined ? { code, message } : { code, message, details });

async function isChair(store: Store, identity: Actor, eventId: string): Promise<boolean> {
  return identity.kind === "admin" && (await store.roles.get(eventId, identity.adminId)) !== undefined;
}

/**
 * May this socket join this topic? Checked on every join, as every HTTP
 * route checks. An admin's channel is set to end when their role in the
 * event is removed, before the role is read (see `watchAdminAccess`).
 */
async function mayJoin<A extends object>(store: Store, identity: Actor, topic: ParsedTopic, channel: Channel<A>): Promise<boolean> {
  if (identity.kind === "admin") watchAdminAccess(channel, topic.eventId, identity.adminId);
  switch (topic.kind) {
    case "event":
      return (identity.kind === "participant" && identity.eventId === topic.eventId) || isChair(store, identity, topic.eventId);
    case "participant":
      return identity.kind === "participant" && identity.eventId === topic.eventId && identity.participantId === topic.participantId;
    case "admin":
    case "dashboard":
      return isChair(store, identity, topic.eventId);
  }
}

/**
 * The assembly's channels: `event:*` (event view, participant own view,
 * chairs' view) and `dashboard:*` (datasets from the cluster-wide polling
 * tree). Views answer `snapshot` pushes; participants vote with `vote` (polls)
 * and `election_vote` (elections).
 */
export function assemblyChannels(deps: ChannelDeps): { event: ChannelHandler<EventAssigns>; dashboard: ChannelHandler } {
  const { store, commands, endpoint, views, attendance } = deps;

  function releaseIfUnwatched(topic: string): void {
    if (endpoint.subscriberCount(topic) === 0) views.release(topic);
  }

  async function vote<Input>(
    command: Command<ParticipantActor, Input, unknown>,
    actor: Actor,
    payload: unknown,
  ): Promise<{ ok: unknown } | { error: unknown }> {
    if (actor.kind !== "participant") return { error: { code: "forbidden", message: "only participants vote" } };
    try {
      return { ok: await commands.run(command, actor, payload) };
    } catch (error) {
      if (isDomainError(error)) return { error: errorReply(error) };
      throw error;
    }
  }

  const event: ChannelHandler<EventAssigns> = {
    async join(topic, _payload, channel) {
      const parsed = parseTopic(topic);
      if (!parsed || parsed.kind === "dashboard") return refused("unknown topic");
      const identity = identityOf(channel.socket.assigns);
      if (!(await mayJoin(store, identity, parsed, channel))) return refused("forbidden");
      channel.assigns.topic = parsed;
      if (parsed.kind === "event" && identity.kind === "participant")
        await attendance.joined(channel, parsed.eventId, identity.participantId);
      return { ok: await views.snapshot(topic) };
    },
    async handleIn(eventName, payload, channel) {
      const parsed = channel.assigns.topic;
      if (eventName === "snapshot") return { ok: await views.snapshot(channel.topic) };
      if (eventName === "vote" && parsed.kind === "participant") return vote(castBallot, identityOf(channel.socket.assigns), payload);
      if (eventName === "election_vote" && parsed.kind === "participant") {
        return vote(castElectionBallot, identityOf(channel.socket.assigns), payload);
      }
      return { error: { code: "unknown_event", message: `unknown event "${eventName}"` } };
    },
    async handleInfo(message, channel) {
      endIfAccessRevoked(message, channel);
      const parsed = channel.assigns.topic;
      const identity = identityOf(channel.socket.assigns);
      if (parsed.kind === "event" && identity.kind === "participant")
        await attendance.handleInfo(message, parsed.eventId, identity.participantId);
    },
    terminate(_reason, channel) {
      const parsed = channel.assigns.topic;
      releaseIfUnwatched(channel.topic);
      const identity = identityOf(channel.socket.assigns);
      if (parsed.kind === "event" && identity.kind === "participant") attendance.left(parsed.eventId, identity.participantId);
    },
  };

  // Presence on the topic is what starts the event's polling tree somewhere in the cluster: one viewer per chair.
  const viewing = dashboardChannel(deps.dashboards, async (topic, channel) => {
    const parsed = parseTopic(topic);
    if (parsed?.kind !== "dashboard") return refused("unknown topic");
    const identity = identityOf(channel.socket.assigns);
    if (!(await mayJoin(store, identity, parsed, channel))) return refused("forbidden");
    return { viewer: identity.kind === "admin" ? identity.adminId : "viewer" };
  });
  const dashboard: ChannelHandler = {
    ...viewing,
    async handleInfo(message, channel) {
      endIfAccessRevoked(message, channel);
      await viewing.handleInfo?.(message, channel);
    },
  };

  return { event, dashboard };
}
