import { sql } from "kysely";
import { DomainError } from "../domain/errors.ts";
import type { StoreContext } from "./context.ts";
import { exportEvent } from "./event-export.ts";
import { requireEvent } from "./events-repo.ts";
import { requirePoll } from "./polls-repo.ts";
import { iso } from "./rows.ts";
import type { AttendancePoint, BallotsPerMinute, EventExport, OpenPollTurnout, PresentByKey, ReportQueries, TopActivity } from "./store.ts";

/** Beyond this a chart is unreadable and the query too costly for a 5 s poller. */
const maxBuckets = 10_000;

function bucketOf(column: string, bucketMs: number) {
  return sql<number>`${sql.ref(column)} / cast(${bucketMs} as bigint)`;
}

export async function attendanceOverTime(
  ctx: StoreContext,
  eventId: string,
  bucketSeconds: number,
  since?: Date,
): Promise<AttendancePoint[]> {
  if (!Number.isSafeInteger(bucketSeconds) || bucketSeconds < 1)
    throw new DomainError("invalid", "bucketSeconds must be a positive integer", { field: "bucketSeconds" });
  await requireEvent(ctx.db, eventId);
  const bucketMs = bucketSeconds * 1000;
  const sinceMs = since?.getTime() ?? 0;
  const before = await ctx.db
    .selectFrom("checkin_log")
    .select(sql<number | null>`sum(case when kind = 'in' then 1 else -1 end)`.as("present"))
    .where("event_id", "=", eventId)
    .where("at", "<", sinceMs)
    .executeTakeFirstOrThrow();
  const rows = await ctx.db
    .selectFrom("checkin_log")
    .select([
      bucketOf("at", bucketMs).as("bucket"),
      sql<number>`sum(case when kind = 'in' then 1 else 0 end)`.as("ins"),
      sql<number>`sum(case when kind = 'out' then 1 else 0 end)`.as("outs"),
    ])
    .where("event_id", "=", eventId)
    .where("at", ">=", sinceMs)
    .groupBy(sql`1`)
    .orderBy(sql`1`)
    .execute();
  const first = since === undefined ? rows[0]?.bucket : Math.floor(sinceMs / bucketMs);
  if (first === undefined) return [];
  const last = Math.floor(ctx.now() / bucketMs);
  if (last - Number(first) >= maxBuckets)
    throw new DomainError("invalid", `more than ${maxBuckets} buckets; use a larger bucket or a later since`, { field: "bucketSeconds" });
  const byBucket = new Map(rows.map((row) => [Number(row.bucket), row]));
  const points: AttendancePoint[] = [];
  let present = Number(before.present ?? 0);
  for (let bucket = Number(first); bucket <= last; bucket += 1) {
    const row = byBucket.get(bucket);
    const checkIns = Number(row?.ins ?? 0);
    const checkOuts = Number(row?.outs ?? 0);
    present += checkIns - checkOuts;
    points.push({ at: iso(bucket * bucketMs), present, checkIns, checkOuts });
  }
  return points;
}

export async function presentBy(ctx: StoreContext, eventId: string, key: "group" | "region"): Promise<PresentByKey[]> {
  if (key !== "group" && key !== "region") throw new DomainError("invalid", "key must be group or region", { field: "key" });
  await requireEvent(ctx.db, eventId);
  const column = key === "group" ? "group_name" : "region";
  const rows = await ctx.db
    .selectFrom("participants")
    .select([sql<string | null>`${sql.ref(column)}`.as("key"), sql<number>`sum(present)`.as("present"), sql<number>`count(*)`.as("total")])
    .where("event_id", "=", eventId)
    .groupBy(column)
    .execute();
  return rows
    .map((row) => ({ key: row.key, present: Number(row.present), total: Number(row.total) }))
    .sort((a, b) => b.present - a.present || (a.key ?? "").localeCompare(b.key ?? ""));
}

export async function ballotsPerMinute(ctx: StoreContext, pollId: string, since?: Date): Promise<BallotsPerMinute[]> {
  await requirePoll(ctx, ctx.db, pollId);
  const rows = await ctx.db
    .selectFrom("poll_voters")
    .select([bucketOf("voted_at", 60_000).as("minute"), sql<number>`count(*)`.as("count")])
    .where("poll_id", "=", pollId)
    .where("voted_at", ">=", since?.getTime() ?? 0)
    .groupBy(sql`1`)
    .orderBy(sql`1`)
    .execute();
  return rows.map((row) => ({ minute: iso(Number(row.minute) * 60_000), count: Number(row.count) }));
}

export async function openPollTurnout(ctx: StoreContext, eventId: string): Promise<OpenPollTurnout[]> {
  await requireEvent(ctx.db, eventId);
  const rows = await ctx.db
    .selectFrom("polls")
    .leftJoin("poll_voters", "poll_voters.poll_id", "polls.id")
    .select([
      "polls.id",
      "polls.title",
      "polls.eligible_count",
      "polls.eligible_weight",
      "polls.opened_at",
      sql<number>`count(poll_voters.principal_id)`.as("count"),
      sql<number | null>`sum(poll_voters.weight)`.as("weight"),
    ])
    .where("polls.event_id", "=", eventId)
    .where("polls.status", "=", "open")
    .groupBy(["polls.id", "polls.title", "polls.eligible_count", "polls.eligible_weight", "polls.opened_at"])
    .orderBy("polls.opened_at")
    .execute();
  return rows.map((row) => ({
    pollId: row.id,
    title: row.title,
    count: Number(row.count),
    weight: Number(row.weight ?? 0),
    eligibleCount: row.eligible_count ?? 0,
    eligibleWeight: row.eligible_weight ?? 0,
  }));
}

export async function topActivity(ctx: StoreContext, eventId: string, limit = 5): Promise<TopActivity> {
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > 100)
    throw new DomainError("invalid", "limit must be 1 to 100", { field: "limit" });
  await requireEvent(ctx.db, eventId);
  const ballots = sql<number>`count(poll_voters.principal_id)`;
  const polls = await ctx.db
    .selectFrom("polls")
    .leftJoin("poll_voters", "poll_voters.poll_id", "polls.id")
    .select(["polls.id", "polls.title", ballots.as("ballots")])
    .where("polls.event_id", "=", eventId)
    .groupBy(["polls.id", "polls.title"])
    .orderBy(sql`3`, "desc")
    .orderBy("polls.id")
    .limit(limit)
    .execute();
  const agendaItems = await ctx.db
    .selectFrom("agenda_items")
    .leftJoin("polls", "polls.agenda_item_id", "agenda_items.id")
    .leftJoin("poll_voters", "poll_voters.poll_id", "polls.id")
    .select(["agenda_items.id", "agenda_items.title", ballots.as("ballots")])
    .where("agenda_items.event_id", "=", eventId)
    .groupBy(["agenda_items.id", "agenda_items.title"])
    .orderBy(sql`3`, "desc")
    .orderBy("agenda_items.id")
    .limit(limit)
    .execute();
  const rows = (list: { id: string; title: string; ballots: number }[]) =>
    list.map((row) => ({ id: row.id, title: row.title, ballots: Number(row.ballots) }));
  return { polls: rows(polls), agendaItems: rows(agendaItems) };
}

/** `ReportQueries` over the store's context (the connection, or a transaction's). */
export class SqlReports implements ReportQueries {
  readonly #ctx: () => StoreContext;

  constructor(context: () => StoreContext) {
    this.#ctx = context;
  }

  async exportEvent(eventId: string): Promise<EventExport> {
    return exportEvent(this.#ctx(), eventId);
  }
  async attendanceOverTime(eventId: string, bucketSeconds: number, since?: Date): Promise<AttendancePoint[]> {
    return attendanceOverTime(this.#ctx(), eventId, bucketSeconds, since);
  }
  async presentBy(eventId: string, key: "group" | "region"): Promise<PresentByKey[]> {
    return presentBy(this.#ctx(), eventId, key);
  }
  async ballotsPerMinute(pollId: string, since?: Date): Promise<BallotsPerMinute[]> {
    return ballotsPerMinute(this.#ctx(), pollId, since);
  }
  async openPollTurnout(eventId: string): Promise<OpenPollTurnout[]> {
    return openPollTurnout(this.#ctx(), eventId);
  }
  async topActivity(eventId: string, limit?: number): Promise<TopActivity> {
    return topActivity(this.#ctx(), eventId, limit);
  }
}
