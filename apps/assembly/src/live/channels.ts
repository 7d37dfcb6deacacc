import type { Channel, ChannelHandler, Endpoint } from "@plenum/realtime";
import type { LiveViews } from "@plenum/realtime/live/live-views";
import type { Singletons } from "@plenum/realtime/supervision/singletons";
import type { Logger } from "pino";
import { parseTopic, type ParsedTopic } from "../api/topics.ts";
import type { Actor, ParticipantActor } from "../commands/actor.ts";
import { selfCheckIn, selfCheckOut } from "../commands/attendance.ts";
import { castBallot } from "../commands/cast-ballot.ts";
import { castElectionBallot } from "../commands/cast-election-ballot.ts";
import { supportMotion, withdrawSupport } from "../commands/participant-motions.ts";
import { requestToSpeak, withdrawRequest } from "../commands/speaker-requests.ts";
import type { CommandRunner } from "../commands/command.ts";
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

async function inEvent(store: Store, identity: Actor, eventId: string): Promise<boolean> {
  return (identity.kind === "participant" && identity.eventId === eventId) || isChair(store, identity, eventId);
}

async function motionInEvent(store: Store, eventId: string, motionId: string): Promise<boolean> {
  try {
    return (await store.motions.get(motionId)).eventId === eventId;
  } catch (error) {
    if (isDomainError(error, "not_found")) return false;
    throw error;
  }
}

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
    case "motions":
    case "speakers":
      return inEvent(store, identity, topic.eventId);
    case "motion":
      return (await motionInEvent(store, topic.eventId, topic.motionId)) && inEvent(store, identity, topic.eventId);
    case "participant":
      return identity.kind === "participant" && identity.eventId === topic.eventId && identity.participantId === topic.participantId;
    case "admin":
    case "dashboard":
    case "projectors":
      return isChair(store, identity, topic.eventId);
  }
}

/**
 * The assembly's channels: `event:*` (event view, participant own view,
 * chairs' view) and `dashboard:*` (datasets from the cluster-wide polling
 * tree). Views answer `snapshot` pushes; on their own topic participants
 * push `vote` (polls), `election_vote` (elections), `check_in`/`check_out`,
 * `request_to_speak` and `withdraw_request`.
 */
export function assemblyChannels(deps: ChannelDeps): { event: ChannelHandler<EventAssigns>; dashboard: ChannelHandler } {
  const { store, commands, endpoint, views, attendance } = deps;

  function releaseIfUnwatched(topic: string): void {
    if (endpoint.subscriberCount(topic) === 0) views.release(topic);
  }

  /** What a participant may do over their own channel `event:<id>:participant:<pid>`: vote, say they are here or leaving, ask to speak. */
  const ownActions = new Map<string, (actor: ParticipantActor, payload: unknown) => Promise<unknown>>([
    ["vote", (actor, payload) => commands.run(castBallot, actor, payload)],
    ["election_vote", (actor, payload) => commands.run(castElectionBallot, actor, payload)],
    ["check_in", (actor, payload) => commands.run(selfCheckIn, actor, payload)],
    ["check_out", (actor, payload) => commands.run(selfCheckOut, actor, payload)],
    ["request_to_speak", (actor, payload) => commands.run(requestToSpeak, actor, payload)],
    ["withdraw_request", (actor, payload) => commands.run(withdrawRequest, actor, payload)],
  ]);
  /** What a participant may do on a motion's channel `event:<id>:motion:<mid>`; support is idempotent, so a retried push counts once. */
  const motionActions = new Map<string, (actor: ParticipantActor, motionId: string) => Promise<unknown>>([
    ["support", (actor, motionId) => commands.run(supportMotion, actor, { motionId })],
    ["withdraw_support", (actor, motionId) => commands.run(withdrawSupport, actor, { motionId })],
  ]);

  /** A participant's own action over their channel: the same command, refusals and catalogue errors as over HTTP. */
  async function ownAction(
    run: (actor: ParticipantActor, payload: unknown) => Promise<unknown>,
    actor: Actor,
    payload: unknown,
  ): Promise<{ ok: unknown } | { error: unknown }> {
    if (actor.kind !== "participant") return { error: { code: "forbidden", message: "only participants act for themselves" } };
    try {
      return { ok: await run(actor, payload) };
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
      if (parsed.kind === "event" && identity.kind === "participant") attendance.joined(channel, parsed.eventId, identity.participantId);
      return { ok: await views.snapshot(topic) };
    },
    async handleIn(eventName, payload, channel) {
      const parsed = channel.assigns.topic;
      if (eventName === "snapshot") return { ok: await views.snapshot(channel.topic) };
      const actor = identityOf(channel.socket.assigns);
      const own = parsed.kind === "participant" ? ownActions.get(eventName) : undefined;
      if (own) return ownAction(own, actor, payload);
      const onMotion = parsed.kind === "motion" ? motionActions.get(eventName) : undefined;
      if (onMotion && parsed.kind === "motion") return ownAction((who) => onMotion(who, parsed.motionId), actor, payload);
      return { error: { code: "unknown_event", message: `unknown event "${eventName}"` } };
    },
    handleInfo(message, channel) {
      endIfAccessRevoked(message, channel);
    },
    terminate(_reason, channel) {
      releaseIfUnwatched(channel.topic);
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
