import { sql } from "kysely";
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

/**
 * What each of `ids` names in the event: an admin ("name (e-mail)"), a
 * participant, a poll or election, a motion ("number title"), an amendment
 * (its number and motion), an agenda item, an announcement, a list of
 * speakers (its agenda item) or a candidate. One query for the lot, however
 * many entries a page holds; ids are UUIDs, unique across the tables, so
 * none needs its kind. Admins are looked up in every event (ids come from
 * this event's log: whoever acted here is named here, even after their
 * role ended); everything else only in this event.
 */
export async function auditNames(ctx: StoreContext, eventId: string, ids: readonly string[]): Promise<ReadonlyMap<string, string>> {
  const wanted = [...new Set(ids)];
  if (wanted.length === 0) return new Map();
  const { db } = ctx;
  const rows = await db
    .selectFrom("admin_users")
    .select(["id", sql<string>`name || ' (' || email || ')'`.as("label")])
    .where("id", "in", wanted)
    .unionAll(db.selectFrom("participants").select(["id", "name as label"]).where("event_id", "=", eventId).where("id", "in", wanted))
    .unionAll(db.selectFrom("polls").select(["id", "title as label"]).where("event_id", "=", eventId).where("id", "in", wanted))
    .unionAll(
      db
        .selectFrom("motions")
        .select(["id", sql<string>`coalesce(number || ' ', '') || title`.as("label")])
        .where("event_id", "=", eventId)
        .where("id", "in", wanted),
    )
    .unionAll(
      db
        .selectFrom("amendments")
        .innerJoin("motions", "motions.id", "amendments.motion_id")
        .select([
          "amendments.id",
          sql<string>`coalesce(amendments.number || ' · ', '') || coalesce(motions.number || ' ', '') || motions.title`.as("label"),
        ])
        .where("amendments.event_id", "=", eventId)
        .where("amendments.id", "in", wanted),
    )
    .unionAll(db.selectFrom("agenda_items").select(["id", "title as label"]).where("event_id", "=", eventId).where("id", "in", wanted))
    .unionAll(db.selectFrom("announcements").select(["id", "title as label"]).where("event_id", "=", eventId).where("id", "in", wanted))
    .unionAll(
      db
        .selectFrom("speaker_lists")
        .innerJoin("agenda_items", "agenda_items.id", "speaker_lists.agenda_item_id")
        .select(["speaker_lists.id", "agenda_items.title as label"])
        .where("speaker_lists.event_id", "=", eventId)
        .where("speaker_lists.id", "in", wanted),
    )
    .unionAll(
      db
        .selectFrom("election_candidates")
        .innerJoin("polls", "polls.id", "election_candidates.election_id")
        .select(["election_candidates.id", "election_candidates.name as label"])
        .where("polls.event_id", "=", eventId)
        .where("election_candidates.id", "in", wanted),
    )
    .execute();
  return new Map(rows.map((row) => [row.id, row.label]));
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
  async names(eventId: string, ids: readonly string[]): Promise<ReadonlyMap<string, string>> {
    return auditNames(this.#ctx(), eventId, ids);
  }
}
