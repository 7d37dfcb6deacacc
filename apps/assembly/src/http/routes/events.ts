import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { EventStatus } from "../../domain/event.ts";
import { recordAudit } from "../audit-trail.ts";
import type { HttpContext } from "../context.ts";
import { actorOf, requireAdmin, requireEventAccess } from "../guards.ts";
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
    const event = await ctx.store.createEvent(input);
    await ctx.store.grantRole(event.id, admin.id, "owner");
    await ctx.store.appendAudit({ eventId: event.id, actor: actorOf(admin), action: "event.create", after: event });
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
    const event = await ctx.store.updateEvent(eventId, patch);
    await recordAudit(ctx, access, "event.update", { before: access.event, after: event });
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
      const event = await ctx.store.setEventStatus(eventId, status);
      await recordAudit(ctx, access, `event.${verb}`, { before: { status: access.event.status }, after: { status } });
      return { event };
    });
  }
}
