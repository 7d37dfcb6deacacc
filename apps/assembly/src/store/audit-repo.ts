import type { AuditEntry, NewAuditEntry } from "../domain/audit.ts";
import { DomainError } from "../domain/errors.ts";
import type { StoreContext } from "./context.ts";
import { requireEvent } from "./events-repo.ts";
import { iso } from "./rows.ts";
import type { AuditQuery, AuditRepository } from "./store.ts";

function label(value: string, field: string): string {
  if (typeof value !== "string" || value.trim().length === 0 || value.length > 200) {
    throw new DomainError("invalid", `${field} must have 1 to 200 characters`, { field });
  }
  return value;
}

function snapshot(value: unknown): string | null {
  return value === undefined ? null : JSON.stringify(value);
}

export async function appendAudit(ctx: StoreContext, entry: NewAuditEntry): Promise<AuditEntry> {
  const row = {
    event_id: entry.eventId,
    actor: label(entry.actor, "actor"),
    action: label(entry.action, "action"),
    subject: entry.subject ?? null,
    before_json: snapshot(entry.before),
    after_json: snapshot(entry.after),
    at: ctx.now(),
  };
  if (row.event_id !== null) await requireEvent(ctx.db, row.event_id);
  const { id } = await ctx.db.insertInto("audit_log").values(row).returning("id").executeTakeFirstOrThrow();
  return {
    id: Number(id),
    eventId: row.event_id,
    actor: row.actor,
    action: row.action,
    subject: row.subject,
    before: entry.before ?? null,
    after: entry.after ?? null,
    at: iso(row.at),
  };
}

export async function listAudit(ctx: StoreContext, eventId: string, query: AuditQuery = {}): Promise<AuditEntry[]> {
  const limit = query.limit ?? 100;
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > 1000)
    throw new DomainError("invalid", "limit must be 1 to 1000", { field: "limit" });
  await requireEvent(ctx.db, eventId);
  const rows = await ctx.db
    .selectFrom("audit_log")
    .selectAll()
    .where("event_id", "=", eventId)
    .where("id", ">", query.afterId ?? 0)
    .orderBy("id")
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    id: Number(row.id),
    eventId: row.event_id,
    actor: row.actor,
    action: row.action,
    subject: row.subject,
    before: row.before_json === null ? null : (JSON.parse(row.before_json) as unknown),
    after: row.after_json === null ? null : (JSON.parse(row.after_json) as unknown),
    at: iso(row.at),
  }));
}

/** `AuditRepository` over the store's context (the connection, or a transaction's). */
export class SqlAudit implements AuditRepository {
  readonly #ctx: () => StoreContext;

  constructor(context: () => StoreContext) {
    this.#ctx = context;
  }

  async append(entry: NewAuditEntry): Promise<AuditEntry> {
    return appendAudit(this.#ctx(), entry);
  }
  async list(eventId: string, query?: AuditQuery): Promise<AuditEntry[]> {
    return listAudit(this.#ctx(), eventId, query);
  }
}
