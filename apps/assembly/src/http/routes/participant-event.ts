import type { FastifyInstance } from "fastify";
import { participantEventRoutes } from "../../api/routes/participant-event.ts";
import { participantEvent } from "../../commands/participant-event.ts";
import type { HttpContext } from "../context.ts";
import { participantQuery } from "../handlers.ts";
import { mountRoutes } from "../mount.ts";

/** The participant's event in one answer (see `commands/participant-event.ts`). */
export function serveParticipantEvent(app: FastifyInstance, ctx: HttpContext): void {
  mountRoutes(app, participantEventRoutes, { participantEvent: participantQuery(ctx, participantEvent) });
}
