import type { FastifyInstance } from "fastify";
import { agendaRoutes } from "../../api/routes/agenda.ts";
import * as agenda from "../../commands/agenda.ts";
import type { HttpContext } from "../context.ts";
import { eventCommand, eventQuery } from "../handlers.ts";
import { mountRoutes } from "../mount.ts";

/** The event's agenda, for its admins (see `commands/agenda.ts`). */
export function serveAgenda(app: FastifyInstance, ctx: HttpContext): void {
  mountRoutes(app, agendaRoutes, {
    listAgenda: eventQuery(ctx, agenda.listAgenda),
    addAgendaItem: eventCommand(ctx, agenda.addAgendaItem, 201),
    updateAgendaItem: eventCommand(ctx, agenda.updateAgendaItem),
    moveAgendaItem: eventCommand(ctx, agenda.moveAgendaItem),
    deleteAgendaItem: eventCommand(ctx, agenda.deleteAgendaItem, 204),
  });
}
