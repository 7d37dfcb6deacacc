import type { Announcement } from "../../domain/agenda.ts";
import { type None, route } from "../route.ts";
import type { AnnouncementEditInput, NewAnnouncementInput } from "../schemas/announcements.ts";

type EventParams = { eventId: string };
type AnnouncementParams = EventParams & { announcementId: string };
type AnnouncementAnswer = { announcement: Announcement };

/**
 * Announcements to every participant, for the event's admins: list, publish,
 * correct and withdraw (while the event is not closed; withdrawn ones stay
 * in the list and the record, marked).
 */
export const announcementRoutes = {
  listAnnouncements: route<EventParams, None, None, { announcements: Announcement[] }>("GET", "/api/events/:eventId/announcements"),
  publishAnnouncement: route<EventParams, None, NewAnnouncementInput, { announcement: Announcement }>(
    "POST",
    "/api/events/:eventId/announcements",
  ),
  editAnnouncement: route<AnnouncementParams, None, AnnouncementEditInput, AnnouncementAnswer>(
    "PATCH",
    "/api/events/:eventId/announcements/:announcementId",
  ),
  withdrawAnnouncement: route<AnnouncementParams, None, None, AnnouncementAnswer>(
    "DELETE",
    "/api/events/:eventId/announcements/:announcementId",
  ),
};
