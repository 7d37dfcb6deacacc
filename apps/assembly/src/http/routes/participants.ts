import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { languages } from "../../domain/language.ts";
import type { ParticipantFilter } from "../../store/store.ts";
import { adminIn, audited } from "../../commands/audit.ts";
import type { HttpContext } from "../context.ts";
import { requireEventAccess } from "../guards.ts";
import { HttpError } from "../http-error.ts";
import { participantOf } from "../../commands/scoped.ts";
import { eventParams, idSchema, parseWith } from "../validate.ts";

export const participantParams = eventParams.extend({ participantId: idSchema });

const newParticipantBody = z.strictObject({
  name: z.string().max(200),
  email: z.string().max(320),
  group: z.string().max(200).nullable().optional(),
  region: z.string().max(200).nullable().optional(),
  weight: z.number().int().optional(),
  eligible: z.boolean().optional(),
  language: z.enum(languages).nullable().optional(),
});
const participantPatchBody = newParticipantBody.partial();

const listQuery = z.strictObject({
  search: z.string().max(200).optional(),
  filter: z.enum(["all", "present", "absent", "voted", "not_voted", "present_not_voted"]).default("all"),
  pollId: idSchema.optional(),
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(50),
});

function filterOf(query: z.output<typeof listQuery>): ParticipantFilter {
  if (query.filter === "voted" || query.filter === "not_voted" || query.filter === "present_not_voted") {
    if (query.pollId === undefined) throw new HttpError("invalid", `filter ${query.filter} needs a pollId`);
    return { kind: query.filter, pollId: query.pollId };
  }
  return { kind: query.filter };
}

/** Participants as admins manage them: paged list with search and filters, create, edit, check in/out. */
export function participantRoutes(app: FastifyInstance, ctx: HttpContext): void {
  app.get("/events/:eventId/participants", async (request) => {
    const { eventId } = parseWith(eventParams, request.params);
    await requireEventAccess(ctx, request, eventId, "participants.view");
    const query = parseWith(listQuery, request.query, "query");
    const filter = filterOf(query);
    const page = await ctx.store.listParticipants(eventId, {
      filter,
      offset: query.offset,
      limit: query.limit,
      ...(query.search ? { search: query.search } : {}),
    });
    return { ...page, offset: query.offset, limit: query.limit };
  });

  app.post("/events/:eventId/participants", async (request, reply) => {
    const { eventId } = parseWith(eventParams, request.params);
    const access = await requireEventAccess(ctx, request, eventId, "participants.manage");
    const input = parseWith(newParticipantBody, request.body);
    const participant = await audited(ctx.store, adminIn(access), "participant.add", async (tx) => {
      const added = await tx.addParticipant(eventId, input);
      return { result: added, audit: { subject: added.id, after: added } };
    });
    return reply.status(201).send({ participant });
  });

  app.get("/events/:eventId/participants/:participantId", async (request) => {
    const { eventId, participantId } = parseWith(participantParams, request.params);
    await requireEventAccess(ctx, request, eventId, "participants.view");
    const participant = await participantOf(ctx.store, eventId, participantId);
    const [present, proxy] = await Promise.all([ctx.store.isPresent(participantId), ctx.store.getProxy(participantId)]);
    return { participant, present, proxy: proxy ?? null };
  });

  app.patch("/events/:eventId/participants/:participantId", async (request) => {
    const { eventId, participantId } = parseWith(participantParams, request.params);
    const access = await requireEventAccess(ctx, request, eventId, "participants.manage");
    const patch = parseWith(participantPatchBody, request.body);
    const participant = await audited(ctx.store, adminIn(access), "participant.update", async (tx) => {
      const before = await participantOf(tx, eventId, participantId);
      const after = await tx.updateParticipant(participantId, patch);
      return { result: after, audit: { subject: participantId, before, after } };
    });
    return { participant };
  });

  for (const [method, present] of [
    ["post", true],
    ["delete", false],
  ] as const) {
    app[method]("/events/:eventId/participants/:participantId/presence", async (request) => {
      const { eventId, participantId } = parseWith(participantParams, request.params);
      const access = await requireEventAccess(ctx, request, eventId, "attendance.manage");
      const changed = await audited(ctx.store, adminIn(access), present ? "attendance.check_in" : "attendance.check_out", async (tx) => {
        await participantOf(tx, eventId, participantId);
        const flipped = present ? await tx.checkIn(participantId) : await tx.checkOut(participantId);
        return { result: flipped, audit: flipped ? { subject: participantId } : null };
      });
      return { present, changed };
    });
  }
}
