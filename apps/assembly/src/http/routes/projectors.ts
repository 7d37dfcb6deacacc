import type { FastifyInstance } from "fastify";
import { projectorRoutes } from "../../api/routes/projectors.ts";
import * as projectors from "../../commands/projectors.ts";
import type { HttpContext } from "../context.ts";
import { eventCommand, eventQuery } from "../handlers.ts";
import { mountRoutes } from "../mount.ts";

/** The event's screens, for its admins (see `commands/projectors.ts`). */
export function serveProjectors(app: FastifyInstance, ctx: HttpContext): void {
  mountRoutes(app, projectorRoutes, {
    listProjectors: eventQuery(ctx, projectors.listProjectors),
    createProjector: eventCommand(ctx, projectors.createProjector, 201),
    renameProjector: eventCommand(ctx, projectors.renameProjector),
    showOnProjector: eventCommand(ctx, projectors.showOnProjector),
    deleteProjector: eventCommand(ctx, projectors.deleteProjector, 204),
  });
}
