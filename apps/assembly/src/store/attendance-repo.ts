import { sql } from "kysely";
import { lapsesWhenOffline, type PresenceBy, type PresenceByKind, type PresenceChange } from "../domain/attendance.ts";
import { transact, type Executor, type StoreContext } from "./context.ts";
import { requireEvent } from "./events-repo.ts";
import { requireParticipant } from "./participants-repo.ts";
import { isoOrNull } from "./rows.ts";
import type { AttendanceRepository, AttendanceRow } from "./store.ts";

/**
 * Flips the present flag with a conditional UPDATE, so of two racing
 * check-ins exactly one changes the row and writes the log line, which
 * names who made the change.
 */
async function setPresence(ctx: StoreContext, participantId: string, present: boolean, by: PresenceBy): Promise<boolean> {
  return transact(ctx, async (trx) => {
    const participant = await requireParticipant(trx, participantId);
    return flip(ctx, trx, participant.eventId, participantId, present, by);
  });
}

async function flip(
  ctx: StoreContext,
  trx: Executor,
  eventId: string,
  participantId: string,
  present: boolean,
  by: PresenceBy,
): Promise<boolean> {
  const result = await trx
    .updateTable("participants")
    .set({ present: present ? 1 : 0 })
    .where("id", "=", participantId)
    .where("present", "=", present ? 0 : 1)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) return false;
  await trx
    .insertInto("checkin_log")
    .values({
      event_id: eventId,
      participant_id: participantId,
      kind: present ? "in" : "out",
      at: ctx.now(),
      by_kind: by.kind,
      by_admin_id: by.kind === "chair" ? by.adminId : null,
    })
    .execute();
  return true;
}

export function checkIn(ctx: StoreContext, participantId: string, by: PresenceBy): Promise<boolean> {
  return setPresence(ctx, participantId, true, by);
}

export function checkOut(ctx: StoreContext, participantId: string, by: PresenceBy): Promise<boolean> {
  return setPresence(ctx, participantId, false, by);
}

async function latestChange(trx: Executor, participantId: string): Promise<PresenceChange | null> {
  const row = await trx
    .selectFrom("checkin_log")
    .select(["kind", "by_kind"])
    .where("participant_id", "=", participantId)
    .orderBy("id", "desc")
    .limit(1)
    .executeTakeFirst();
  return row === undefined ? null : toPresenceChange(row);
}

function toPresenceChange(row: { kind: "in" | "out"; by_kind: string | null }): PresenceChange {
  // Entries from before `by_kind` was kept were all made by the member or their socket.
  return { kind: row.kind, by: (row.by_kind ?? "member") as PresenceByKind };
}

/** `latestChange` of many participants in one query (at most `insertBatchRows`), by participant; those without one are absent. */
export async function latestChanges(ctx: StoreContext, participantIds: readonly string[]): Promise<Map<string, PresenceChange>> {
  const latest = ctx.db
    .selectFrom("checkin_log")
    .select((eb) => eb.fn.max("id").as("id"))
    .where("participant_id", "in", participantIds)
    .groupBy("participant_id");
  const rows = await ctx.db.selectFrom("checkin_log").select(["participant_id", "kind", "by_kind"]).where("id", "in", latest).execute();
  return new Map(rows.map((row) => [row.participant_id, toPresenceChange(row)]));
}

export async function lastChange(ctx: StoreContext, participantId: string): Promise<PresenceChange | null> {
  await requireParticipant(ctx.db, participantId);
  return latestChange(ctx.db, participantId);
}

/** Checks out a member whose presence lapses (see `lapsesWhenOffline`), in one transaction with the check of who checked them in. */
export async function lapse(ctx: StoreContext, participantId: string): Promise<boolean> {
  return transact(ctx, async (trx) => {
    const participant = await requireParticipant(trx, participantId);
    if (!lapsesWhenOffline(await latestChange(trx, participantId))) return false;
    return flip(ctx, trx, participant.eventId, participantId, false, { kind: "lapse" });
  });
}

/** Present participants of the event whose presence lapses when they are offline (see `lapsesWhenOffline`). */
export async function lapsable(ctx: StoreContext, eventId: string): Promise<string[]> {
  const latest = ctx.db
    .selectFrom("checkin_log")
    .select((eb) => eb.fn.max("id").as("id"))
    .where("event_id", "=", eventId)
    .groupBy("participant_id");
  const rows = await ctx.db
    .selectFrom("checkin_log")
    .innerJoin("participants", "participants.id", "checkin_log.participant_id")
    .select(["checkin_log.participant_id", "checkin_log.kind", "checkin_log.by_kind"])
    .where("checkin_log.id", "in", latest)
    .where("participants.present", "=", 1)
    .execute();
  return rows
    .filter((row) => lapsesWhenOffline({ kind: row.kind, by: (row.by_kind ?? "member") as PresenceByKind }))
    .map((row) => row.participant_id);
}

/** "member", "lapse", or "chair <e-mail>" for the minutes. */
function byText(kind: string | null, email: string | null): string | null {
  if (kind === null) return null;
  return kind === "chair" ? `chair ${email ?? ""}`.trim() : kind;
}

/** Who made each participant's latest check-in and latest check-out. */
async function latestBy(ctx: StoreContext, eventId: string): Promise<Map<string, { in: string | null; out: string | null }>> {
  const latest = ctx.db
    .selectFrom("checkin_log")
    .select((eb) => eb.fn.max("id").as("id"))
    .where("event_id", "=", eventId)
    .groupBy(["participant_id", "kind"]);
  const rows = await ctx.db
    .selectFrom("checkin_log")
    .leftJoin("admin_users", "admin_users.id", "checkin_log.by_admin_id")
    .select(["checkin_log.participant_id", "checkin_log.kind", "checkin_log.by_kind", "admin_users.email"])
    .where("checkin_log.id", "in", latest)
    .execute();
  const by = new Map<string, { in: string | null; out: string | null }>();
  for (const row of rows) {
    const entry = by.get(row.participant_id) ?? { in: null, out: null };
    entry[row.kind] = byText(row.by_kind, row.email);
    by.set(row.participant_id, entry);
  }
  return by;
}

export async function isPresent(ctx: StoreContext, participantId: string): Promise<boolean> {
  const row = await ctx.db.selectFrom("participants").select("present").where("id", "=", participantId).executeTakeFirst();
  if (row === undefined) await requireParticipant(ctx.db, participantId);
  return row?.present === 1;
}

export async function listAttendance(ctx: StoreContext, eventId: string): Promise<AttendanceRow[]> {
  await requireEvent(ctx.db, eventId);
  const log = ctx.db
    .selectFrom("checkin_log")
    .select([
      "participant_id",
      sql<number | null>`min(case when kind = 'in' then at end)`.as("first_in"),
      sql<number | null>`max(case when kind = 'in' then at end)`.as("last_in"),
      sql<number | null>`max(case when kind = 'out' then at end)`.as("last_out"),
    ])
    .where("event_id", "=", eventId)
    .groupBy("participant_id")
    .as("log");
  const [rows, by] = await Promise.all([
    ctx.db
      .selectFrom("participants")
      .leftJoin(log, "log.participant_id", "participants.id")
      .select(["participants.id", "name", "email", "group_name", "region", "present", "log.first_in", "log.last_in", "log.last_out"])
      .where("participants.event_id", "=", eventId)
      .orderBy("name")
      .orderBy("participants.id")
      .execute(),
    latestBy(ctx, eventId),
  ]);
  return rows.map((row) => ({
    participantId: row.id,
    name: row.name,
    email: row.email,
    group: row.group_name,
    region: row.region,
    present: row.present === 1,
    firstCheckInAt: isoOrNull(row.first_in === null ? null : Number(row.first_in)),
    lastCheckInAt: isoOrNull(row.last_in === null ? null : Number(row.last_in)),
    lastCheckOutAt: isoOrNull(row.last_out === null ? null : Number(row.last_out)),
    lastCheckInBy: by.get(row.id)?.in ?? null,
    lastCheckOutBy: by.get(row.id)?.out ?? null,
  }));
}

/** `AttendanceRepository` over the store's context (the connection, or a transaction's). */
export class SqlAttendance implements AttendanceRepository {
  readonly #ctx: () => StoreContext;

  constructor(context: () => StoreContext) {
    this.#ctx = context;
  }

  async checkIn(participantId: string, by: PresenceBy): Promise<boolean> {
    return checkIn(this.#ctx(), participantId, by);
  }
  async checkOut(participantId: string, by: PresenceBy): Promise<boolean> {
    return checkOut(this.#ctx(), participantId, by);
  }
  async lapse(participantId: string): Promise<boolean> {
    return lapse(this.#ctx(), participantId);
  }
  async lapsable(eventId: string): Promise<string[]> {
    return lapsable(this.#ctx(), eventId);
  }
  async lastChange(participantId: string): Promise<PresenceChange | null> {
    return lastChange(this.#ctx(), participantId);
  }
  async isPresent(participantId: string): Promise<boolean> {
    return isPresent(this.#ctx(), participantId);
  }
  async list(eventId: string): Promise<AttendanceRow[]> {
    return listAttendance(this.#ctx(), eventId);
  }
}
