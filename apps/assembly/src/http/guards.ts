import type { FastifyRequest } from "fastify";
import { authenticateParticipant } from "../auth/participant-auth.ts";
import type { EventAccess, ParticipantActor } from "../commands/actor.ts";
import type { AdminUser } from "../domain/admin.ts";
import type { Participant } from "../domain/participant.ts";
import { can, type AdminAction } from "../domain/roles.ts";
import { ADMIN_COOKIE, credentialOf, PARTICIPANT_COOKIE } from "./cookies.ts";
import type { HttpContext } from "./context.ts";
import { forbidden, unauthenticated } from "./http-error.ts";

/** Who each admin request was authenticated as, for hooks that run after the route (live effects). */
const admins = new WeakMap<FastifyRequest, AdminUser>();

/** The signed-in admin, or undefined. Participant tokens never authenticate here. */
export async function signedInAdmin(ctx: HttpContext, request: FastifyRequest): Promise<AdminUser | undefined> {
  const admin = await ctx.adminSessions.authenticate(credentialOf(request, ADMIN_COOKIE));
  if (admin) admins.set(request, admin);
  return admin;
}

/** The signed-in admin, or 401. */
export async function requireAdmin(ctx: HttpContext, request: FastifyRequest): Promise<AdminUser> {
  const admin = await signedInAdmin(ctx, request);
  if (!admin) throw unauthenticated();
  return admin;
}

/** The admin `signedInAdmin` or `requireAdmin` authenticated for this request, if any. */
export function authenticatedAdmin(request: FastifyRequest): AdminUser | undefined {
  return admins.get(request);
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
  const role = await ctx.store.getRole(eventId, admin.id);
  const event = await ctx.store.getEvent(eventId);
  if (role === undefined) throw forbidden("you have no role in this event");
  if (!can(role, action)) throw forbidden(`the ${role} role may not do this (${action})`);
  return { admin, role, event };
}

/** The participant whose invitation token the request carries, or 401 (also for revoked tokens). */
/** Who each participant request was authenticated as, for hooks that run after the route. */
const participants = new WeakMap<FastifyRequest, Participant>();

export async function requireParticipant(ctx: HttpContext, request: FastifyRequest): Promise<Participant> {
  const participant = await authenticateParticipant(ctx.store, credentialOf(request, PARTICIPANT_COOKIE));
  if (!participant) throw unauthenticated("open your personal invitation link again");
  participants.set(request, participant);
  return participant;
}

/** The participant the request's credential names, as the actor of a command, or 401. */
export async function requireParticipantActor(ctx: HttpContext, request: FastifyRequest): Promise<ParticipantActor> {
  const participant = await requireParticipant(ctx, request);
  return { kind: "participant", participantId: participant.id, eventId: participant.eventId };
}

/** The participant `requireParticipant` authenticated for this request, if it did. */
export function authenticatedParticipant(request: FastifyRequest): Participant | undefined {
  return participants.get(request);
}
