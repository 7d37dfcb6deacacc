import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { issueInvitation } from "../../auth/participant-auth.ts";
import { generateToken, hashToken } from "../../auth/token.ts";
import { invitationLinksCsv } from "../../csv/invitation-links.ts";
import type { Participant } from "../../domain/participant.ts";
import type { StoreOperations } from "../../store/store.ts";
import { adminIn, audited } from "../../commands/audit.ts";
import type { HttpContext } from "../context.ts";
import { requireEventAccess } from "../guards.ts";
import { participantOf } from "../../commands/scoped.ts";
import { eventParams, parseWith } from "../validate.ts";
import { participantParams } from "./participants.ts";

const exportQuery = z.strictObject({ reissue: z.literal("all").optional() });

async function everyParticipant(store: StoreOperations, eventId: string): Promise<Participant[]> {
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
    const token = await audited(ctx.store, adminIn(access), "invitation.issue", async (tx) => {
      await participantOf(tx, eventId, participantId);
      return { result: await issueInvitation(tx, participantId), audit: { subject: participantId } };
    });
    return reply.status(201).send({ token, link: ctx.invitationUrl(token) });
  });

  app.delete("/events/:eventId/participants/:participantId/invitation", async (request, reply) => {
    const { eventId, participantId } = parseWith(participantParams, request.params);
    const access = await requireEventAccess(ctx, request, eventId, "invitations.manage");
    await audited(ctx.store, adminIn(access), "invitation.revoke", async (tx) => {
      await participantOf(tx, eventId, participantId);
      await tx.revokeInvitations(participantId);
      return { result: undefined, audit: { subject: participantId } };
    });
    return reply.status(204).send();
  });

  app.post("/events/:eventId/invitations/export", async (request, reply) => {
    const { eventId } = parseWith(eventParams, request.params);
    const access = await requireEventAccess(ctx, request, eventId, "invitations.manage");
    const reissueAll = parseWith(exportQuery, request.query, "query").reissue === "all";
    const rows = await audited(ctx.store, adminIn(access), reissueAll ? "invitations.reissue_all" : "invitations.export", async (tx) => {
      const participants = await everyParticipant(tx, eventId);
      const tokens = participants.map(() => generateToken());
      const entries = participants.map((participant, index) => ({ participantId: participant.id, tokenHash: hashToken(tokens[index]!) }));
      const issued = new Set(await tx.issueInvitations(entries, { skipInvited: !reissueAll }));
      return {
        result: participants.map((participant, index) => ({
          participant,
          link: issued.has(participant.id) ? ctx.invitationUrl(tokens[index]!) : null,
        })),
        audit: { after: { issued: issued.size, keptEarlier: participants.length - issued.size } },
      };
    });
    return reply
      .type("text/csv; charset=utf-8")
      .header("content-disposition", `attachment; filename="invitations-${eventId}.csv"`)
      .header("cache-control", "no-store")
      .send(invitationLinksCsv(rows));
  });
}
