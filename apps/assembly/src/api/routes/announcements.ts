import type { Announcement } from "../../domain/agenda.ts";
import { type None, route } from "../route.ts";
import type { NewAnnouncementInput } from "../schemas/announcements.ts";

type EventParams = { eventId: string };

/** Announcements to every participant, for the event's admins: list and publish. */
export const announcementRoutes = {
  listAnnouncements: route<EventParams, None, None, { announcements: Announcement[] }>("GET", "/api/events/:eventId/announcements"),
  publishAnnouncement: route<EventParams, None, NewAnnouncementInput, { announcement: Announcement }>(
    "POST",
    "/api/events/:eventId/announcements",
  ),
};
