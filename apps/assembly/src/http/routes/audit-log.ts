import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { HttpContext } from "../context.ts";
import { requireEventAccess } from "../guards.ts";
import { eventParams, parseWith } from "../validate.ts";

const auditQuery = z.strictObject({
  afterId: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

/** The event's append-only audit log, oldest first, paged by `afterId` cursor. */
export function auditLogRoutes(app: FastifyInstance, ctx: HttpContext): void {
  app.get("/events/:eventId/audit", async (request) => {
    const { eventId } = parseWith(eventParams, request.params);
    await requireEventAccess(ctx, request, eventId, "audit.view");
    const query = parseWith(auditQuery, request.query, "query");
    const entries = await ctx.store.listAudit(eventId, query);
    return { entries, nextAfterId: entries.length === query.limit ? (entries.at(-1)?.id ?? null) : null };
  });
}
