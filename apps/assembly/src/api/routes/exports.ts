import { type Attachment, type None, route } from "../route.ts";
import type { CsvExportQuery } from "../schemas/csv-export.ts";

type EventParams = { eventId: string };

/**
 * Minutes material, for the event's admins: attendance and results as CSV
 * (`?separator=`, see `csvExportInput`), the whole event as JSON. Each download is audited.
 */
export const exportRoutes = {
  exportAttendance: route<EventParams, CsvExportQuery, None, Attachment>("GET", "/api/events/:eventId/exports/attendance.csv"),
  exportResults: route<EventParams, CsvExportQuery, None, Attachment>("GET", "/api/events/:eventId/exports/results.csv"),
  exportEvent: route<EventParams, None, None, Attachment>("GET", "/api/events/:eventId/exports/event.json"),
};
