import type { ConnectInfo, ConnectParams, ConnectResult } from "@plenum/realtime";
import type { AdminSessions } from "../auth/admin-sessions.ts";
import { authenticateParticipant } from "../auth/participant-auth.ts";
import { ADMIN_COOKIE, PARTICIPANT_COOKIE } from "../http/cookies.ts";
import type { Actor } from "../commands/actor.ts";
import type { Store } from "../store/store.ts";

function cookies(header: string | undefined): Map<string, string> {
  const jar = new Map<string, string>();
  for (const part of header?.split(";") ?? []) {
    const eq = part.indexOf("=");
    if (eq <= 0) continue;
    try {
      jar.set(part.slice(0, eq).trim(), decodeURIComponent(part.slice(eq + 1).trim()));
    } catch {
      // A malformed cookie is ignored like a missing one.
    }
  }
  return jar;
}

/** Socket ids, so that revoking a link or signing out can close live sockets on every node. */
export const socketIdOf = (identity: Actor): string =>
  identity.kind === "admin" ? `admin:${identity.adminId}` : `participant:${identity.participantId}`;

/**
 * Authenticates a socket with the same credentials as the HTTP API: the
 * session cookies the browser sends with the upgrade, or the official
 * client's `authToken` (for scripts and load tests) naming the kind with a
 * `participant:` or `admin:` prefix. Connect param `as` (`admin` or
 * `participant`) chooses when both are present. No credential, no socket
 * (HTTP 403).
 */
export function socketAuthenticator(store: Store, adminSessions: AdminSessions) {
  return async (params: ConnectParams, info: ConnectInfo): Promise<ConnectResult> => {
    // A browser may hold both cookies (a chair trying a participant link): `as` picks one.
    const as = params["as"];
    const jar = cookies(typeof info.headers.cookie === "string" ? info.headers.cookie : undefined);
    const bearer = info.authToken;
    const participantToken = bearer?.startsWith("participant:") ? bearer.slice("participant:".length) : jar.get(PARTICIPANT_COOKIE);
    const adminToken = bearer?.startsWith("admin:") ? bearer.slice("admin:".length) : jar.get(ADMIN_COOKIE);
    const admin = as === "participant" ? undefined : await adminSessions.authenticate(adminToken);
    if (admin) {
      const identity: Actor = { kind: "admin", adminId: admin.id };
      return { id: socketIdOf(identity), assigns: { identity } };
    }
    const participant = as === "admin" ? undefined : await authenticateParticipant(store, participantToken);
    if (participant) {
      const identity: Actor = { kind: "participant", participantId: participant.id, eventId: participant.eventId };
      return { id: socketIdOf(identity), assigns: { identity } };
    }
    return false;
  };
}

/** Who a socket belongs to; channels authorise joins and run commands as it. */
export function identityOf(assigns: Readonly<Record<string, unknown>>): Actor {
  return assigns["identity"] as Actor;
}
