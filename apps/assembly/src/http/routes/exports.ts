import type { FastifyInstance } from "fastify";
import { exportRoutes } from "../../api/routes/exports.ts";
import { exportAttendance, exportEvent, exportResults } from "../../commands/exports.ts";
import type { HttpContext } from "../context.ts";
import { eventDownload } from "../handlers.ts";
import { mountRoutes } from "../mount.ts";

/** Minutes material as downloads, each audited (see `commands/exports.ts`). */
export function serveExports(app: FastifyInstance, ctx: HttpContext): void {
  mountRoutes(app, exportRoutes, {
    exportAttendance: eventDownload(ctx, exportAttendance),
    exportResults: eventDownload(ctx, exportResults),
    exportEvent: eventDownload(ctx, exportEvent),
  });
}
