import type { FastifyInstance } from "fastify";
import { auditLogRoutes } from "../../api/routes/audit-log.ts";
import { auditLog } from "../../commands/audit-log.ts";
import type { HttpContext } from "../context.ts";
import { eventQuery } from "../handlers.ts";
import { mountRoutes } from "../mount.ts";

/** The event's audit log, paged (see `commands/audit-log.ts`). */
export function serveAuditLog(app: FastifyInstance, ctx: HttpContext): void {
  mountRoutes(app, auditLogRoutes, { auditLog: eventQuery(ctx, auditLog) });
}
