import type { FastifyInstance } from "fastify";
import { participantRoutes } from "../../api/routes/participants.ts";
import { checkIn, checkOut } from "../../commands/attendance.ts";
import { addParticipant, getParticipant, listParticipants, removeParticipant, updateParticipant } from "../../commands/participants.ts";
import type { HttpContext } from "../context.ts";
import { eventCommand, eventQuery } from "../handlers.ts";
import { mountRoutes } from "../mount.ts";

/** Participants as admins manage them (see `commands/participants.ts` and `commands/attendance.ts`). */
export function serveParticipants(app: FastifyInstance, ctx: HttpContext): void {
  mountRoutes(app, participantRoutes, {
    listParticipants: eventQuery(ctx, listParticipants),
    addParticipant: eventCommand(ctx, addParticipant, 201),
    getParticipant: eventQuery(ctx, getParticipant),
    updateParticipant: eventCommand(ctx, updateParticipant),
    checkIn: eventCommand(ctx, checkIn),
    checkOut: eventCommand(ctx, checkOut),
    removeParticipant: eventCommand(ctx, removeParticipant),
  });
}
