import type { Endpoint } from "@plenum/realtime";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { authenticatedAdmin, authenticatedParticipant } from "../http/guards.ts";
import type { Store } from "../store/store.ts";
import { revokeAdminAccess } from "./admin-access.ts";
import type { Changes } from "./changes.ts";
import type { LiveAttendance } from "./live-attendance.ts";
import { socketIdOf } from "./connect.ts";

interface Deps {
  readonly store: Store;
  readonly endpoint: Endpoint;
  readonly changes: Changes;
  readonly attendance: LiveAttendance;
}

type Params = Record<string, string>;
type AdminEffect = (deps: Deps, eventId: string, params: Params, query: Params) => void | Promise<void>;
type AccountEffect = (deps: Deps, adminId: string) => void;
type ParticipantEffect = (deps: Deps, eventId: string, participantId: string, request: FastifyRequest) => void;

const PAGE = 1000;

const event: AdminEffect = ({ changes }, eventId) => changes.event(eventId);
/** Phones already on the event page are checked in the moment it opens. */
const eventOpened: AdminEffect = ({ changes, attendance }, eventId) => {
  changes.event(eventId);
  attendance.eventOpened(eventId);
};
const participants: AdminEffect = ({ changes }, eventId) => changes.participants(eventId);
const oneParticipant: AdminEffect = ({ changes }, eventId, params) => {
  changes.participants(eventId);
  if (params["participantId"]) changes.participant(eventId, params["participantId"]);
};
const proxies: AdminEffect = ({ changes }, eventId) => changes.proxies(eventId);
const invitation: AdminEffect = ({ endpoint, changes }, eventId, params) => {
  // A new link revokes the old one too: sessions made from it end now, everywhere.
  if (params["participantId"]) endpoint.disconnect(socketIdOf({ kind: "participant", participantId: params["participantId"], eventId }));
  changes.participants(eventId);
};
/** `?reissue=all` replaced every link of the event: every participant session made from an old one ends. */
const exportLinks: AdminEffect = async ({ store, endpoint }, eventId, _params, query) => {
  if (query["reissue"] !== "all") return;
  for (let offset = 0; ; offset += PAGE) {
    const page = await store.listParticipants(eventId, { offset, limit: PAGE });
    for (const participant of page.items) endpoint.disconnect(socketIdOf({ kind: "participant", participantId: participant.id, eventId }));
    if (offset + PAGE >= page.total) break;
  }
};
/** A removed role (the route answers 404 when there was none): the admin's channels of this event end; other events' stay. */
const roles: AdminEffect = ({ endpoint }, eventId, params) => {
  if (params["adminId"]) revokeAdminAccess(endpoint, eventId, params["adminId"]);
};

/** Sessions of the admin ended: their sockets close on every node, and each reconnect is authenticated again. */
const disconnectAdmin: AccountEffect = ({ endpoint }, adminId) => endpoint.disconnect(socketIdOf({ kind: "admin", adminId }));

/** Admin routes (method other than GET) and what their success changes live. */
export const adminEffects: Readonly<Record<string, AdminEffect>> = {
  "/api/events/:eventId": event,
  "/api/events/:eventId/open": eventOpened,
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
  "/api/events/:eventId/participants/:participantId/presence": oneParticipant,
  "/api/events/:eventId/participants/:participantId/invitation": invitation,
  "/api/events/:eventId/invitations/export": exportLinks,
  "/api/events/:eventId/proxies": proxies,
  "/api/events/:eventId/proxies/:principalId": proxies,
  "/api/events/:eventId/roles/:adminId": roles,
};

/**
 * Routes on the admin's own account: the admin comes from the caller's
 * session. Sockets are keyed by admin, not by session, so the caller's own
 * browser reconnects at once when its session is still valid (a password
 * change keeps it), and is refused when it ended too.
 */
export const adminAccountEffects: Readonly<Record<string, AccountEffect>> = {
  "/api/admin/logout": disconnectAdmin,
  "/api/admin/password": disconnectAdmin,
  "/api/admin/sessions/revoke-all": disconnectAdmin,
};

/** Participant routes: the event and participant come from the caller's credential. */
export const participantEffects: Readonly<Record<string, ParticipantEffect>> = {
  "/api/participant/polls/:pollId/ballots": ({ changes }, eventId, participantId, request) => {
    changes.participants(eventId);
    changes.participant(eventId, participantId);
    // A proxy vote also changes what the principal sees; the body was validated by the route.
    const principalId = (request.body as { principalId?: unknown } | undefined)?.principalId;
    if (typeof principalId === "string" && principalId !== participantId) changes.participant(eventId, principalId);
  },
  "/api/participant/presence": ({ changes }, eventId, participantId) => {
    changes.participants(eventId);
    changes.participant(eventId, participantId);
  },
  "/api/participant/proxy": ({ changes }, eventId) => changes.proxies(eventId),
};

/**
 * Writes that change nothing anyone watches live, each with the reason, so
 * that a route missing from every table is a test failure, not a silent
 * stale view.
 */
export const withoutLiveEffect: Readonly<Record<string, string>> = {
  "/api/admin/login": "a session, no view",
  "/api/events": "a new event has no viewers yet",
  "/api/events/:eventId/roles": "granting adds access; nothing shown changes",
  "/api/participant/session": "signing in; the socket connects afterwards",
};

/**
 * Connects the HTTP API's committed writes to live delivery: after a
 * successful mutation, the views it affects are refreshed cluster-wide and
 * revoked credentials lose their sockets. Keyed by route pattern, so the
 * routes stay free of real-time concerns and a new route is one line here.
 */
export function reportHttpChanges(app: FastifyInstance, deps: Deps): void {
  app.addHook("onResponse", async (request, reply) => {
    if (request.method === "GET" || request.method === "HEAD" || reply.statusCode >= 400) return;
    const route = request.routeOptions.url ?? "";
    const params = (request.params ?? {}) as Params;
    const adminEffect = adminEffects[route];
    if (adminEffect && params["eventId"]) {
      await adminEffect(deps, params["eventId"], params, (request.query ?? {}) as Params);
      return;
    }
    const accountEffect = adminAccountEffects[route];
    if (accountEffect) {
      const admin = authenticatedAdmin(request);
      if (admin) accountEffect(deps, admin.id);
      return;
    }
    const participantEffect = participantEffects[route];
    if (!participantEffect) return;
    // The route authenticated the caller already; asking the database again would cost every ballot a query.
    const participant = authenticatedParticipant(request);
    if (participant) participantEffect(deps, participant.eventId, participant.id, request);
  });
}
