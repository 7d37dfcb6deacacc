import type { FastifyInstance } from "fastify";
import { audited } from "../../commands/audit.ts";
import { selfCheckInRefusal } from "../../domain/attendance.ts";
import type { HttpContext } from "../context.ts";
import { requireParticipant } from "../guards.ts";
import { HttpError } from "../http-error.ts";

/** Self check-in/out while the event is open, and taking a delegated vote back (only when present). */
export function participantPresenceRoutes(app: FastifyInstance, ctx: HttpContext): void {
  app.post("/participant/presence", async (request) => {
    const participant = await requireParticipant(ctx, request);
    const refusal = selfCheckInRefusal((await ctx.store.getEvent(participant.eventId)).status);
    if (refusal) throw refusal;
    return { present: true, changed: await ctx.store.checkIn(participant.id) };
  });

  app.delete("/participant/presence", async (request) => {
    const participant = await requireParticipant(ctx, request);
    return { present: false, changed: await ctx.store.checkOut(participant.id) };
  });

  app.delete("/participant/proxy", async (request, reply) => {
    const participant = await requireParticipant(ctx, request);
    if (!(await ctx.store.isPresent(participant.id))) {
      throw new HttpError("not_present", "check in first to take your vote back");
    }
    await audited(ctx.store, { eventId: participant.eventId, actor: `participant:${participant.id}` }, "proxy.take_back", async (tx) => {
      const before = await tx.getProxy(participant.id);
      await tx.revokeProxy(participant.id);
      return { result: undefined, audit: before ? { subject: participant.id, before } : null };
    });
    return reply.status(204).send();
  });
}
