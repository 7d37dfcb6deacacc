import type { AuditEntry } from "../../domain/audit.ts";
import { type None, route } from "../route.ts";
import type { AuditPageInput } from "../schemas/audit-log.ts";

/** An entry with what its ids name, for people to read: null where an id names nothing (any more). */
export interface AuditLine extends AuditEntry {
  /** The admin ("name (e-mail)") or participant who acted. */
  readonly actorName: string | null;
  /** The poll, election, motion, participant, agenda item... acted upon. */
  readonly subjectName: string | null;
}

export interface AuditPage {
  /** Oldest first. */
  readonly entries: AuditLine[];
  /** The cursor of the next page (`afterId`), or null when this page is the last. */
  readonly nextAfterId: number | null;
}

/** The event's append-only audit log, for admins allowed to read it, paged by cursor. */
export const auditLogRoutes = {
  auditLog: route<{ eventId: string }, AuditPageInput, None, AuditPage>("GET", "/api/events/:eventId/audit"),
};
