import type { FastifyInstance } from "fastify";
import { announcementRoutes } from "../../api/routes/announcements.ts";
import { editAnnouncement, listAnnouncements, publishAnnouncement, withdrawAnnouncement } from "../../commands/announcements.ts";
import type { HttpContext } from "../context.ts";
import { eventCommand, eventQuery } from "../handlers.ts";
import { mountRoutes } from "../mount.ts";

/** Announcements to every participant (see `commands/announcements.ts`). */
export function serveAnnouncements(app: FastifyInstance, ctx: HttpContext): void {
  mountRoutes(app, announcementRoutes, {
    listAnnouncements: eventQuery(ctx, listAnnouncements),
    publishAnnouncement: eventCommand(ctx, publishAnnouncement, 201),
    editAnnouncement: eventCommand(ctx, editAnnouncement),
    withdrawAnnouncement: eventCommand(ctx, withdrawAnnouncement),
  });
}
