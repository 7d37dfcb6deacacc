import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { adminIn, audited } from "../../commands/audit.ts";
import type { HttpContext } from "../context.ts";
import { requireEventAccess } from "../guards.ts";
import { eventParams, idSchema, parseWith } from "../validate.ts";

const announcementBody = z.strictObject({
  title: z.string().max(300),
  body: z.string().max(20_000),
  agendaItemId: idSchema.nullable().optional(),
});

/** Announcements to every participant: list (newest first) and publish. */
export function announcementRoutes(app: FastifyInstance, ctx: HttpContext): void {
  app.get("/events/:eventId/announcements", async (request) => {
    const { eventId } = parseWith(eventParams, request.params);
    await requireEventAccess(ctx, request, eventId, "event.view");
    return { announcements: await ctx.store.listAnnouncements(eventId) };
  });

  app.post("/events/:eventId/announcements", async (request, reply) => {
    const { eventId } = parseWith(eventParams, request.params);
    const access = await requireEventAccess(ctx, request, eventId, "announcement.publish");
    const input = parseWith(announcementBody, request.body);
    const announcement = await audited(ctx.store, adminIn(access), "announcement.publish", async (tx) => {
      const published = await tx.publishAnnouncement(eventId, input);
      return { result: published, audit: { subject: published.id, after: published } };
    });
    return reply.status(201).send({ announcement });
  });
}
