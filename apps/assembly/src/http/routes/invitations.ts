import type { FastifyInstance } from "fastify";
import { issueInvitation } from "../../auth/participant-auth.ts";
import { invitationLinksCsv } from "../../csv/invitation-links.ts";
import type { Participant } from "../../domain/participant.ts";
import { recordAudit } from "../audit-trail.ts";
import type { HttpContext } from "../context.ts";
import { requireEventAccess } from "../guards.ts";
import { participantOf } from "../scoped.ts";
import { eventParams, parseWith } from "../validate.ts";
import { participantParams } from "./participants.ts";

/**
 * Personal invitation links. Tokens are stored hashed, so a link can be shown
 * only when it is made: issuing (and the CSV export, which issues for
 * everyone) always replaces the participant's earlier links.
 */
export function invitationRoutes(app: FastifyInstance, ctx: HttpContext): void {
  app.post("/events/:eventId/participants/:participantId/invitation", async (request, reply) => {
    const { eventId, participantId } = parseWith(participantParams, request.params);
    const access = await requireEventAccess(ctx, request, eventId, "invitations.manage");
    await participantOf(ctx.store, eventId, participantId);
    const token = await issueInvitation(ctx.store, participantId);
    await recordAudit(ctx, access, "invitation.issue", { subject: participantId });
    return reply.status(201).send({ token, link: ctx.invitationUrl(token) });
  });

  app.delete("/events/:eventId/participants/:participantId/invitation", async (request, reply) => {
    const { eventId, participantId } = parseWith(participantParams, request.params);
    const access = await requireEventAccess(ctx, request, eventId, "invitations.manage");
    await participantOf(ctx.store, eventId, participantId);
    await ctx.store.revokeInvitations(participantId);
    await recordAudit(ctx, access, "invitation.revoke", { subject: participantId });
    return reply.status(204).send();
  });

  app.post("/events/:eventId/invitations/export", async (request, reply) => {
    const { eventId } = parseWith(eventParams, request.params);
    const access = await requireEventAccess(ctx, request, eventId, "invitations.manage");
    const rows: { participant: Participant; link: string }[] = [];
    for (let offset = 0; ; offset += 1000) {
      const page = await ctx.store.listParticipants(eventId, { offset, limit: 1000 });
      for (const participant of page.items) {
        rows.push({ participant, link: ctx.invitationUrl(await issueInvitation(ctx.store, participant.id)) });
      }
      if (page.items.length < 1000) break;
    }
    await recordAudit(ctx, access, "invitations.reissue_all", { after: { count: rows.length } });
    return reply
      .type("text/csv; charset=utf-8")
      .header("content-disposition", `attachment; filename="invitations-${eventId}.csv"`)
      .header("cache-control", "no-store")
      .send(invitationLinksCsv(rows));
  });
}
