import type { AuditEntry } from "../../domain/audit.ts";
import { type None, route } from "../route.ts";
import type { AuditPageInput } from "../schemas/audit-log.ts";

export interface AuditPage {
  /** Oldest first. */
  readonly entries: AuditEntry[];
  /** The cursor of the next page (`afterId`), or null when this page is the last. */
  readonly nextAfterId: number | null;
}

/** The event's append-only audit log, for admins allowed to read it, paged by cursor. */
export const auditLogRoutes = {
  auditLog: route<{ eventId: string }, AuditPageInput, None, AuditPage>("GET", "/api/events/:eventId/audit"),
};
