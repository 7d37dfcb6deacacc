import type { Channel, ChannelHandler, Endpoint, JoinResult } from "@plenum/realtime";
import type { LiveViews } from "@plenum/realtime/live/live-views";
import type { Singletons } from "@plenum/realtime/supervision/singletons";
import { FenceGate, isFenced } from "@plenum/realtime/supervision/fencing";
import type { Logger } from "pino";
import { ZodError } from "zod";
import { isDomainError } from "../domain/errors.ts";
import { ballotBody } from "../http/routes/ballots.ts";
import { idSchema } from "../http/validate.ts";
import type { Store } from "../store/store.ts";
import { endIfAccessRevoked, watchAdminAccess } from "./admin-access.ts";
import type { Changes } from "./changes.ts";
import { identityOf, type Identity } from "./connect.ts";
import type { LiveAttendance } from "./live-attendance.ts";
import { parseTopic, type ParsedTopic } from "./topics.ts";

export interface ChannelDeps {
  readonly store: Store;
  readonly endpoint: Endpoint;
  readonly views: LiveViews;
  readonly changes: Changes;
  readonly dashboards: Singletons;
  readonly logger: Logger;
  readonly attendance: LiveAttendance;
}

const refused = (reason: string): JoinResult => ({ error: { reason } });

/** The HTTP ballot body plus the poll, which the HTTP route takes from its path. */
const voteBody = ballotBody.extend({ pollId: idSchema });

async function isChair(store: Store, identity: Identity, eventId: string): Promise<boolean> {
  return identity.kind === "admin" && (await store.getRole(eventId, identity.adminId)) !== undefined;
}

/**
 * May this socket join this topic? Checked on every join, as every HTTP
 * route checks. An admin's channel is set to end when their role in the
 * event is removed, before the role is read (see `watchAdminAccess`).
 */
async function mayJoin(store: Store, identity: Identity, topic: ParsedTopic, channel: Channel): Promise<boolean> {
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
 * tree). Views answer `snapshot` pushes; participants vote with `vote`.
 */
export function assemblyChannels(deps: ChannelDeps): { event: ChannelHandler; dashboard: ChannelHandler } {
  const { store, endpoint, views, changes, attendance } = deps;
  const gate = new FenceGate();

  function releaseIfUnwatched(topic: string): void {
    if (endpoint.subscriberCount(topic) === 0) views.release(topic);
  }

  async function vote(identity: Identity, eventId: string, payload: unknown): Promise<{ ok: unknown } | { error: unknown }> {
    if (identity.kind !== "participant") return { error: { code: "forbidden", message: "only participants vote" } };
    try {
      const { pollId, ...input } = voteBody.parse(payload);
      const poll = await store.getPoll(pollId);
      if (poll.eventId !== eventId || poll.status === "draft") return { error: { code: "not_found", message: "no such poll" } };
      const principalId = input.principalId ?? identity.participantId;
      const receipt = await store.castBallot({
        ballotId: input.ballotId,
        pollId,
        principalId,
        voterId: identity.participantId,
        choice: input.choice,
      });
      changes.participants(eventId);
      changes.participant(eventId, identity.participantId);
      if (principalId !== identity.participantId) changes.participant(eventId, principalId);
      return { ok: { receipt } };
    } catch (error) {
      if (error instanceof ZodError) return { error: { code: "invalid", message: "malformed vote", details: error.issues } };
      if (isDomainError(error)) return { error: { code: error.code, message: error.message } };
      throw error;
    }
  }

  const event: ChannelHandler = {
    async join(topic, _payload, channel) {
      const parsed = parseTopic(topic);
      if (!parsed || parsed.kind === "dashboard") return refused("unknown topic");
      const identity = identityOf(channel.socket.assigns);
      if (!(await mayJoin(store, identity, parsed, channel))) return refused("forbidden");
      channel.assigns["topic"] = parsed;
      if (parsed.kind === "event" && identity.kind === "participant")
        await attendance.joined(channel, parsed.eventId, identity.participantId);
      return { ok: await views.snapshot(topic) };
    },
    async handleIn(eventName, payload, channel) {
      const parsed = channel.assigns["topic"] as ParsedTopic;
      if (eventName === "snapshot") return { ok: await views.snapshot(channel.topic) };
      if (eventName === "vote" && parsed.kind === "participant") return vote(identityOf(channel.socket.assigns), parsed.eventId, payload);
      return { error: { code: "unknown_event", message: `unknown event "${eventName}"` } };
    },
    async handleInfo(message, channel) {
      endIfAccessRevoked(message, channel);
      const parsed = channel.assigns["topic"] as ParsedTopic;
      const identity = identityOf(channel.socket.assigns);
      if (parsed.kind === "event" && identity.kind === "participant") {
        await attendance.handleInfo(message, parsed.eventId, identity.participantId);
      }
    },
    terminate(_reason, channel) {
      const parsed = channel.assigns["topic"] as ParsedTopic | undefined;
      if (!parsed) return;
      releaseIfUnwatched(channel.topic);
      const identity = identityOf(channel.socket.assigns);
      if (parsed.kind === "event" && identity.kind === "participant") attendance.left(parsed.eventId, identity.participantId);
    },
  };

  const dashboard: ChannelHandler = {
    intercept: ["dataset"],
    async join(topic, _payload, channel) {
      const parsed = parseTopic(topic);
      if (parsed?.kind !== "dashboard") return refused("unknown topic");
      const identity = identityOf(channel.socket.assigns);
      if (!(await mayJoin(store, identity, parsed, channel))) return refused("forbidden");
      // Presence on the topic is what starts the event's polling tree somewhere in the cluster.
      channel.track(identity.kind === "admin" ? identity.adminId : "viewer", {});
      // Runs after the join, once broadcasts flow: nothing published meanwhile is missed.
      channel.send("catch_up");
      return { ok: {} };
    },
    async handleInfo(message, channel) {
      endIfAccessRevoked(message, channel);
      // Trees publish only changes: a new viewer gets the latest of each dataset from the owner.
      for (const message of await deps.dashboards.last(channel.topic)) {
        if (message.event === "dataset" && isFenced(message.payload) && gate.accept(message.payload))
          channel.push("dataset", message.payload.data);
      }
    },
    handleOut(_event, payload) {
      // Only the current lease holder's data reaches viewers (fencing).
      if (!isFenced(payload) || !gate.accept(payload)) return { skip: true };
      return { push: payload.data };
    },
  };

  return { event, dashboard };
}
