import { changesElectorate, electorateFrozen, type ElectorateShare } from "../domain/electorate.ts";
import type { Executor, StoreContext } from "./context.ts";

/** A participant row before (undefined: being added) and after a write. */
export interface ElectorateChange {
  readonly before?: ElectorateShare;
  readonly after: ElectorateShare;
}

/**
 * Refuses, inside the writing transaction, participant writes that would
 * change the electorate while a poll of the event is open (see
 * domain/electorate.ts). On PostgreSQL such writes hold the event row FOR
 * SHARE, and opening a poll takes it FOR UPDATE (`lockElectorateForOpening`)
 * before counting: either the write commits first and is counted, or it
 * waits and then sees the open poll. SQLite's single connection runs one
 * transaction at a time.
 */
export async function refuseWhileFrozen(
  ctx: StoreContext,
  trx: Executor,
  eventId: string,
  changes: readonly ElectorateChange[],
): Promise<void> {
  if (!changes.some((change) => changesElectorate(change.before, change.after))) return;
  if (ctx.dialect === "postgres") await trx.selectFrom("events").select("id").where("id", "=", eventId).forShare().execute();
  const open = await trx
    .selectFrom("polls")
    .select(["id", "title"])
    .where("event_id", "=", eventId)
    .where("status", "=", "open")
    .orderBy("opened_at")
    .orderBy("id")
    .execute();
  if (open.length > 0) throw electorateFrozen(open);
}

/** Taken by a poll opening before it counts the eligible participants (see `refuseWhileFrozen`). */
export async function lockElectorateForOpening(ctx: StoreContext, trx: Executor, eventId: string): Promise<void> {
  if (ctx.dialect === "postgres") await trx.selectFrom("events").select("id").where("id", "=", eventId).forUpdate().execute();
}
