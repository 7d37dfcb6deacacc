import type { Endpoint } from "@plenum/realtime";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { authenticatedAdmin, authenticatedParticipant } from "../http/guards.ts";
import { revokeAdminAccess } from "./admin-access.ts";
import type { Changes } from "./changes.ts";
import { socketIdOf } from "./connect.ts";

interface Deps {
  readonly endpoint: Endpoint;
  readonly changes: Changes;
}

type Params = Record<string, string>;
type AdminEffect = (deps: Deps, eventId: string, params: Params, query: Params) => void | Promise<void>;
type AccountEffect = (deps: Deps, adminId: string) => void;
type ParticipantEffect = (deps: Deps, eventId: string, participantId: string, request: FastifyRequest) => void;

const participants: AdminEffect = ({ changes }, eventId) => changes.participants(eventId);
const oneParticipant: AdminEffect = ({ changes }, eventId, params) => {
  changes.participants(eventId);
  if (params["participantId"]) changes.participant(eventId, params["participantId"]);
};
const proxies: AdminEffect = ({ changes }, eventId) => changes.proxies(eventId);
/** A removed role (the route answers 404 when there was none): the admin's channels of this event end; other events' stay. */
const roles: AdminEffect = ({ endpoint }, eventId, params) => {
  if (params["adminId"]) revokeAdminAccess(endpoint, eventId, params["adminId"]);
};

/** Sessions of the admin ended: their sockets close on every node, and each reconnect is authenticated again. */
const disconnectAdmin: AccountEffect = ({ endpoint }, adminId) => endpoint.disconnect(socketIdOf({ kind: "admin", adminId }));

/** Admin routes (method other than GET) and what their success changes live. */
export const adminEffects: Readonly<Record<string, AdminEffect>> = {
  "/api/events/:eventId/participants": participants,
  "/api/events/:eventId/participants/import": participants,
  "/api/events/:eventId/participants/:participantId": oneParticipant,
  "/api/events/:eventId/participants/:participantId/presence": oneParticipant,
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
