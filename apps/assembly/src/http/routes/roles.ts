import type { FastifyInstance } from "fastify";
import { roleRoutes } from "../../api/routes/roles.ts";
import { grantRole, listRoles, revokeRole } from "../../commands/roles.ts";
import type { HttpContext } from "../context.ts";
import { eventCommand, eventQuery } from "../handlers.ts";
import { mountRoutes } from "../mount.ts";

/** Who administers an event (see `commands/roles.ts`). */
export function serveRoles(app: FastifyInstance, ctx: HttpContext): void {
  mountRoutes(app, roleRoutes, {
    listRoles: eventQuery(ctx, listRoles),
    grantRole: eventCommand(ctx, grantRole),
    revokeRole: eventCommand(ctx, revokeRole, 204),
  });
}
