import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { issueInvitation } from "../../auth/participant-auth.ts";
import { generateToken, hashToken } from "../../auth/token.ts";
import { invitationLinksCsv } from "../../csv/invitation-links.ts";
import type { Participant } from "../../domain/participant.ts";
import type { Store } from "../../store/store.ts";
import { recordAudit } from "../audit-trail.ts";
import type { HttpContext } from "../context.ts";
import { requireEventAccess } from "../guards.ts";
import { participantOf } from "../scoped.ts";
import { eventParams, parseWith } from "../validate.ts";
import { participantParams } from "./participants.ts";

const exportQuery = z.strictObject({ reissue: z.literal("all").optional() });

async function everyParticipant(store: Store, eventId: string): Promise<Participant[]> {
  const participants: Participant[] = [];
  for (let offset = 0; ; offset += 1000) {
    const page = await store.listParticipants(eventId, { offset, limit: 1000 });
    participants.push(...page.items);
    if (page.items.length < 1000) return participants;
  }
}

/**
 * Personal invitation links. Tokens are stored hashed, so a link can be shown
 * only when it is made. Issuing one participant's link replaces their earlier
 * ones; the CSV export issues links only to participants without an active
 * one (links already mailed keep working), unless `?reissue=all` asks to
 * replace everyone's.
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
    const reissueAll = parseWith(exportQuery, request.query, "query").reissue === "all";
    const participants = await everyParticipant(ctx.store, eventId);
    const tokens = participants.map(() => generateToken());
    const entries = participants.map((participant, index) => ({ participantId: participant.id, tokenHash: hashToken(tokens[index]!) }));
    const issued = new Set(await ctx.store.issueInvitations(entries, { skipInvited: !reissueAll }));
    const after = { issued: issued.size, keptEarlier: participants.length - issued.size };
    await recordAudit(ctx, access, reissueAll ? "invitations.reissue_all" : "invitations.export", { after });
    const rows = participants.map((participant, index) => ({ participant, link: issued.has(participant.id) ? ctx.invitationUrl(tokens[index]!) : null }));
    return reply
      .type("text/csv; charset=utf-8")
      .header("content-disposition", `attachment; filename="invitations-${eventId}.csv"`)
      .header("cache-control", "no-store")
      .send(invitationLinksCsv(rows));
  });
}
