import { sql } from "kysely";
import { transact, type StoreContext } from "./context.ts";
import { requireEvent } from "./events-repo.ts";
import { requireParticipant } from "./participants-repo.ts";
import { isoOrNull } from "./rows.ts";
import type { AttendanceRepository, AttendanceRow } from "./store.ts";

/**
 * Flips the present flag with a conditional UPDATE, so of two racing
 * check-ins exactly one changes the row and writes the log line.
 */
async function setPresence(ctx: StoreContext, participantId: string, present: boolean): Promise<boolean> {
  return transact(ctx, async (trx) => {
    const participant = await requireParticipant(trx, participantId);
    const result = await trx
      .updateTable("participants")
      .set({ present: present ? 1 : 0 })
      .where("id", "=", participantId)
      .where("present", "=", present ? 0 : 1)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) return false;
    await trx
      .insertInto("checkin_log")
      .values({ event_id: participant.eventId, participant_id: participantId, kind: present ? "in" : "out", at: ctx.now() })
      .execute();
    return true;
  });
}

export function checkIn(ctx: StoreContext, participantId: string): Promise<boolean> {
  return setPresence(ctx, participantId, true);
}

export function checkOut(ctx: StoreContext, participantId: string): Promise<boolean> {
  return setPresence(ctx, participantId, false);
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
  const rows = await ctx.db
    .selectFrom("participants")
    .leftJoin(log, "log.participant_id", "participants.id")
    .select(["participants.id", "name", "email", "group_name", "region", "present", "log.first_in", "log.last_in", "log.last_out"])
    .where("participants.event_id", "=", eventId)
    .orderBy("name")
    .orderBy("participants.id")
    .execute();
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
  }));
}

/** `AttendanceRepository` over the store's context (the connection, or a transaction's). */
export class SqlAttendance implements AttendanceRepository {
  readonly #ctx: () => StoreContext;

  constructor(context: () => StoreContext) {
    this.#ctx = context;
  }

  async checkIn(participantId: string): Promise<boolean> {
    return checkIn(this.#ctx(), participantId);
  }
  async checkOut(participantId: string): Promise<boolean> {
    return checkOut(this.#ctx(), participantId);
  }
  async isPresent(participantId: string): Promise<boolean> {
    return isPresent(this.#ctx(), participantId);
  }
  async list(eventId: string): Promise<AttendanceRow[]> {
    return listAttendance(this.#ctx(), eventId);
  }
}
