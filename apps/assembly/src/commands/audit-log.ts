import type { AuditPage } from "../api/routes/audit-log.ts";
import { auditPageInput } from "../api/schemas/audit-log.ts";
import type { z } from "zod";
import type { EventQuery } from "./command.ts";

/** A page of the event's audit log, oldest first; a full page names the cursor of the next. */
export const auditLog: EventQuery<z.output<typeof auditPageInput>, AuditPage> = {
  name: "auditLog",
  permission: "audit.view",
  input: auditPageInput,
  async run({ store }, { event }, page) {
    const entries = await store.audit.list(event.id, page);
    return { entries, nextAfterId: entries.length === page.limit ? (entries.at(-1)?.id ?? null) : null };
  },
};
