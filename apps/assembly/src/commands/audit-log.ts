import type { AuditLine, AuditPage } from "../api/routes/audit-log.ts";
import { auditPageInput } from "../api/schemas/audit-log.ts";
import type { z } from "zod";
import type { AuditEntry } from "../domain/audit.ts";
import type { EventQuery } from "./command.ts";

/** The id in an actor (`admin:<id>`, `participant:<id>`); undefined for actors without one (`system`). */
const actorId = (actor: string): string | undefined => /^(?:admin|participant):(.+)$/.exec(actor)?.[1];

/**
 * A page of the event's audit log, oldest first; a full page names the
 * cursor of the next. Each entry comes with who its actor and subject are
 * by name (the ids stay), looked up for the whole page at once.
 */
export const auditLog: EventQuery<z.output<typeof auditPageInput>, AuditPage> = {
  name: "auditLog",
  permission: "audit.view",
  input: auditPageInput,
  async run({ store }, { event }, page) {
    const entries = await store.audit.list(event.id, page);
    const ids = entries.flatMap((entry) => [actorId(entry.actor), entry.subject ?? undefined]).filter((id) => id !== undefined);
    const names = await store.audit.names(event.id, ids);
    const named = (id: string | null | undefined) => (id == null ? null : (names.get(id) ?? null));
    const line = (entry: AuditEntry): AuditLine => ({
      ...entry,
      actorName: named(actorId(entry.actor)),
      subjectName: named(entry.subject),
    });
    return { entries: entries.map(line), nextAfterId: entries.length === page.limit ? (entries.at(-1)?.id ?? null) : null };
  },
};
