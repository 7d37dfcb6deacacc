import type { FastifyInstance, FastifyRequest } from "fastify";
import type { Endpoint } from "@plenum/realtime";
import { authenticateParticipant } from "../auth/participant-auth.ts";
import { PARTICIPANT_COOKIE, credentialOf } from "../http/cookies.ts";
import type { Store } from "../store/store.ts";
import type { Changes } from "./changes.ts";

type Effect = (eventId: string, params: Record<string, string>, query: Record<string, string>) => void | Promise<void>;

const PAGE = 1000;

/**
 * Connects the HTTP API's committed writes to live delivery: after a
 * successful mutation, the views it affects are refreshed cluster-wide and
 * revoked credentials lose their sockets. Keyed by route pattern, so the
 * routes stay free of real-time concerns and a new route is one line here.
 */
export function reportHttpChanges(app: FastifyInstance, deps: { store: Store; endpoint: Endpoint; changes: Changes }): void {
  const { store, endpoint, changes } = deps;
  const event: Effect = (eventId) => changes.event(eventId);
  const participants: Effect = (eventId) => changes.participants(eventId);
  const oneParticipant: Effect = (eventId, params) => {
    changes.participants(eventId);
    if (params["participantId"]) changes.participant(eventId, params["participantId"]);
  };
  const proxies: Effect = (eventId) => changes.proxies(eventId);
  const invitation: Effect = (eventId, params) => {
    // A new link revokes the old one too: sessions made from it end now, everywhere.
    if (params["participantId"]) endpoint.disconnect(`participant:${params["participantId"]}`);
    changes.participants(eventId);
  };

  /** `?reissue=all` replaced every link of the event: every participant session made from an old one ends. */
  const exportLinks: Effect = async (eventId, _params, query) => {
    if (query["reissue"] !== "all") return;
    for (let offset = 0; ; offset += PAGE) {
      const page = await store.listParticipants(eventId, { offset, limit: PAGE });
      for (const participant of page.items) endpoint.disconnect(`participant:${participant.id}`);
      if (offset + PAGE >= page.total) break;
    }
  };

  const adminRoutes: Record<string, Effect> = {
    "/api/events/:eventId/invitations/export": exportLinks,
    "/api/events/:eventId": event,
    "/api/events/:eventId/open": event,
    "/api/events/:eventId/close": event,
    "/api/events/:eventId/agenda": event,
    "/api/events/:eventId/agenda/:itemId": event,
    "/api/events/:eventId/agenda/:itemId/move": event,
    "/api/events/:eventId/announcements": event,
    "/api/events/:eventId/polls": event,
    "/api/events/:eventId/polls/:pollId": event,
    "/api/events/:eventId/polls/:pollId/open": event,
    "/api/events/:eventId/polls/:pollId/close": event,
    "/api/events/:eventId/polls/:pollId/publish": event,
    "/api/events/:eventId/participants": participants,
    "/api/events/:eventId/participants/import": participants,
    "/api/events/:eventId/participants/:participantId": oneParticipant,
    "/api/events/:eventId/participants/:participantId/invitation": invitation,
    "/api/events/:eventId/proxies": proxies,
    "/api/events/:eventId/proxies/:principalId": proxies,
  };

  /** Participant routes: the event and participant come from the caller's credential. */
  const participantRoutes: Record<string, (eventId: string, participantId: string, request: FastifyRequest) => void> = {
    "/api/participant/polls/:pollId/ballots": (eventId, participantId, request) => {
      changes.participants(eventId);
      changes.participant(eventId, participantId);
      // A proxy vote also changes what the principal sees; the body was validated by the route.
      const principalId = (request.body as { principalId?: unknown } | undefined)?.principalId;
      if (typeof principalId === "string" && principalId !== participantId) changes.participant(eventId, principalId);
    },
    "/api/participant/presence": (eventId, participantId) => {
      changes.participants(eventId);
      changes.participant(eventId, participantId);
    },
    "/api/participant/proxy": (eventId) => changes.proxies(eventId),
  };

  app.addHook("onResponse", async (request, reply) => {
    if (request.method === "GET" || reply.statusCode >= 400) return;
    const route = request.routeOptions.url ?? "";
    const params = (request.params ?? {}) as Record<string, string>;
    const adminEffect = adminRoutes[route];
    if (adminEffect && params["eventId"]) {
      await adminEffect(params["eventId"], params, (request.query ?? {}) as Record<string, string>);
      return;
    }
    const participantEffect = participantRoutes[route];
    if (!participantEffect) return;
    const participant = await authenticateParticipant(store, credentialOf(request, PARTICIPANT_COOKIE));
    if (participant) participantEffect(participant.eventId, participant.id, request);
  });
}
