import type { FastifyInstance } from "fastify";
import { eventRoutes } from "../../api/routes/events.ts";
import * as events from "../../commands/events.ts";
import type { HttpContext } from "../context.ts";
import { adminCommand, adminQuery, eventCommand, eventQuery } from "../handlers.ts";
import { mountRoutes } from "../mount.ts";

/** Events: the admin's list and creation, then one event's settings, opening and closing (see `commands/events.ts`). */
export function serveEvents(app: FastifyInstance, ctx: HttpContext): void {
  mountRoutes(app, eventRoutes, {
    listEvents: adminQuery(ctx, events.listEvents),
    createEvent: adminCommand(ctx, events.createEvent, 201),
    getEvent: eventQuery(ctx, events.getEvent),
    updateEvent: eventCommand(ctx, events.updateEvent),
    openEvent: eventCommand(ctx, events.openEvent),
    closeEvent: eventCommand(ctx, events.closeEvent),
  });
}
