import type { FastifyRequest } from "fastify";
import { authenticateParticipant } from "../auth/participant-auth.ts";
import type { EventAccess, ParticipantActor } from "../commands/actor.ts";
import type { AdminSessionCaller } from "../commands/admin-auth.ts";
import type { AdminUser } from "../domain/admin.ts";
import { can, type AdminAction } from "../domain/roles.ts";
import { ADMIN_COOKIE, credentialOf, PARTICIPANT_COOKIE } from "./cookies.ts";
import type { HttpContext } from "./context.ts";
import { forbidden, unauthenticated } from "./http-error.ts";

/** The signed-in admin, or undefined. Participant tokens never authenticate here. */
export function signedInAdmin(ctx: HttpContext, request: FastifyRequest): Promise<AdminUser | undefined> {
  return ctx.adminSessions.authenticate(credentialOf(request, ADMIN_COOKIE));
}

/** The signed-in admin, or 401. */
export async function requireAdmin(ctx: HttpContext, request: FastifyRequest): Promise<AdminUser> {
  const admin = await signedInAdmin(ctx, request);
  if (!admin) throw unauthenticated();
  return admin;
}

/** The signed-in admin with the session token the request carries (to end it, or to keep it), or 401. */
export async function requireAdminSession(ctx: HttpContext, request: FastifyRequest): Promise<AdminSessionCaller> {
  const token = credentialOf(request, ADMIN_COOKIE);
  const admin = await ctx.adminSessions.authenticate(token);
  if (!admin || token === undefined) throw unauthenticated();
  return { admin, token };
}

/**
 * The signed-in admin's access to one event for one action: 401 without a
 * session, 404 for an unknown event, 403 without a role in this event or when
 * the role may not perform `action` (observers only read).
 */
export async function requireEventAccess(
  ctx: HttpContext,
  request: FastifyRequest,
  eventId: string,
  action: AdminAction,
): Promise<EventAccess> {
  const admin = await requireAdmin(ctx, request);
  const role = await ctx.store.roles.get(eventId, admin.id);
  const event = await ctx.store.events.get(eventId);
  if (role === undefined) throw forbidden("you have no role in this event");
  if (!can(role, action)) throw forbidden(`the ${role} role may not do this (${action})`);
  return { admin, role, event };
}

/** The participant whose invitation token the request carries, as the actor of a command, or 401 (also for revoked tokens). */
export async function requireParticipantActor(ctx: HttpContext, request: FastifyRequest): Promise<ParticipantActor> {
  const participant = await authenticateParticipant(ctx.store, credentialOf(request, PARTICIPANT_COOKIE));
  if (!participant) throw unauthenticated("open your personal invitation link again");
  return { kind: "participant", participantId: participant.id, eventId: participant.eventId };
}
