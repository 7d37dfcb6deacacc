import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { EventStatus } from "../../domain/event.ts";
import { adminIn, audited } from "../../commands/audit.ts";
import type { HttpContext } from "../context.ts";
import { requireAdmin, requireEventAccess } from "../guards.ts";
import { actorOf } from "../../commands/actor.ts";
import { eventParams, parseWith } from "../validate.ts";

const settingsSchema = z
  .strictObject({
    allowProxyChains: z.boolean(),
    proxyCapPerDelegate: z.number().int().min(0).max(10_000),
    presentOnlyVoting: z.boolean(),
  })
  .partial();

const newEventBody = z.strictObject({
  name: z.string().max(200),
  timezone: z.string().max(100).optional(),
  settings: settingsSchema.optional(),
});

const eventPatchBody = newEventBody.partial();

/** Events: the signed-in admin's list, creation (the creator becomes owner), settings, open and close. */
export function eventRoutes(app: FastifyInstance, ctx: HttpContext): void {
  app.get("/events", async (request) => {
    const admin = await requireAdmin(ctx, request);
    return { events: await ctx.store.listEventsForAdmin(admin.id) };
  });

  app.post("/events", async (request, reply) => {
    const admin = await requireAdmin(ctx, request);
    const input = parseWith(newEventBody, request.body);
    // Event, owner role and audit entry commit together: no event is left without an owner.
    const event = await ctx.store.transaction(async (tx) => {
      const created = await tx.createEvent(input);
      await tx.grantRole(created.id, admin.id, "owner");
      await tx.appendAudit({ eventId: created.id, actor: actorOf(admin), action: "event.create", after: created });
      return created;
    });
    return reply.status(201).send({ event, role: "owner" });
  });

  app.get("/events/:eventId", async (request) => {
    const { eventId } = parseWith(eventParams, request.params);
    const { event, role } = await requireEventAccess(ctx, request, eventId, "event.view");
    return { event, role, counts: await ctx.store.countParticipants(eventId) };
  });

  app.patch("/events/:eventId", async (request) => {
    const { eventId } = parseWith(eventParams, request.params);
    const access = await requireEventAccess(ctx, request, eventId, "event.update");
    const patch = parseWith(eventPatchBody, request.body);
    const event = await audited(ctx.store, adminIn(access), "event.update", async (tx) => {
      const before = await tx.getEvent(eventId);
      const after = await tx.updateEvent(eventId, patch);
      return { result: after, audit: { before, after } };
    });
    return { event };
  });

  const transitions: readonly [string, EventStatus][] = [
    ["open", "open"],
    ["close", "closed"],
  ];
  for (const [verb, status] of transitions) {
    app.post(`/events/:eventId/${verb}`, async (request) => {
      const { eventId } = parseWith(eventParams, request.params);
      const access = await requireEventAccess(ctx, request, eventId, "event.status");
      const event = await audited(ctx.store, adminIn(access), `event.${verb}`, async (tx) => {
        const before = await tx.getEvent(eventId);
        const after = await tx.setEventStatus(eventId, status);
        return { result: after, audit: { before: { status: before.status }, after: { status } } };
      });
      return { event };
    });
  }
}
