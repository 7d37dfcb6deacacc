import type { FastifyInstance, FastifyReply } from "fastify";
import { attendanceCsv } from "../../csv/attendance-csv.ts";
import { resultsCsv } from "../../csv/results-csv.ts";
import { recordRead } from "../../commands/audit.ts";
import type { HttpContext } from "../context.ts";
import { requireEventAccess } from "../guards.ts";
import { eventParams, parseWith } from "../validate.ts";

function download(reply: FastifyReply, type: string, filename: string, body: string): FastifyReply {
  return reply
    .type(type)
    .header("content-disposition", `attachment; filename="${filename}"`)
    .header("cache-control", "no-store")
    .send(body);
}

/** Minutes material: attendance and results as CSV, the whole event as JSON. Each download is audited. */
export function exportRoutes(app: FastifyInstance, ctx: HttpContext): void {
  app.get("/events/:eventId/exports/attendance.csv", async (request, reply) => {
    const { eventId } = parseWith(eventParams, request.params);
    const access = await requireEventAccess(ctx, request, eventId, "export");
    const csv = attendanceCsv(await ctx.store.listAttendance(eventId));
    await recordRead(ctx.store, access, "export.attendance");
    return download(reply, "text/csv; charset=utf-8", `attendance-${eventId}.csv`, csv);
  });

  app.get("/events/:eventId/exports/results.csv", async (request, reply) => {
    const { eventId } = parseWith(eventParams, request.params);
    const access = await requireEventAccess(ctx, request, eventId, "export");
    const csv = resultsCsv(await ctx.store.listResults(eventId));
    await recordRead(ctx.store, access, "export.results");
    return download(reply, "text/csv; charset=utf-8", `results-${eventId}.csv`, csv);
  });

  app.get("/events/:eventId/exports/event.json", async (request, reply) => {
    const { eventId } = parseWith(eventParams, request.params);
    const access = await requireEventAccess(ctx, request, eventId, "export");
    const data = await ctx.store.exportEvent(eventId);
    await recordRead(ctx.store, access, "export.event");
    return download(reply, "application/json; charset=utf-8", `event-${eventId}.json`, JSON.stringify(data, null, 2));
  });
}
