import { DomainError } from "../domain/errors.ts";
import { isSha256Hex } from "../domain/record-fingerprint.ts";
import type { StoreContext } from "./context.ts";
import { requireEvent } from "./events-repo.ts";
import { iso } from "./rows.ts";
import type { RecordSummary, RecordsRepository } from "./store.ts";

const summaryOf = (row: { sha256: string; created_at: number | string; size_bytes: number | string }): RecordSummary => ({
  sha256: row.sha256,
  createdAt: iso(Number(row.created_at)),
  sizeBytes: Number(row.size_bytes),
});

export class SqlRecords implements RecordsRepository {
  readonly #ctx: () => StoreContext;

  constructor(context: () => StoreContext) {
    this.#ctx = context;
  }

  async save(eventId: string, sha256: string, body: string): Promise<RecordSummary> {
    if (!isSha256Hex(sha256)) throw new DomainError("invalid", "sha256 must be 64 lower-case hex digits", { field: "sha256" });
    const ctx = this.#ctx();
    await requireEvent(ctx.db, eventId);
    await ctx.db
      .insertInto("records")
      .values({ event_id: eventId, sha256, body, size_bytes: Buffer.byteLength(body, "utf8"), created_at: ctx.now() })
      .onConflict((conflict) => conflict.columns(["event_id", "sha256"]).doNothing())
      .execute();
    const { body: _, ...summary } = await this.get(eventId, sha256);
    return summary;
  }

  async get(eventId: string, sha256: string): Promise<RecordSummary & { readonly body: string }> {
    const row = await this.#ctx()
      .db.selectFrom("records")
      .selectAll()
      .where("event_id", "=", eventId)
      .where("sha256", "=", sha256)
      .executeTakeFirst();
    if (row === undefined) throw new DomainError("not_found", "no record with this hash in this event", { sha256 });
    return { ...summaryOf(row), body: row.body };
  }

  async list(eventId: string): Promise<RecordSummary[]> {
    const ctx = this.#ctx();
    await requireEvent(ctx.db, eventId);
    const rows = await ctx.db
      .selectFrom("records")
      .select(["sha256", "created_at", "size_bytes"])
      .where("event_id", "=", eventId)
      .orderBy("created_at", "desc")
      .orderBy("sha256")
      .execute();
    return rows.map(summaryOf);
  }
}
