import { randomUUID } from "node:crypto";
import { sql, type ExpressionBuilder, type Insertable } from "kysely";
import { DomainError, isDomainError } from "../domain/errors.ts";
import type { NewParticipant, Participant, ParticipantPatch } from "../domain/participant.ts";
import { applyParticipantPatch, normalizeEmail, normalizeMemberNumber, validateNewParticipant } from "../domain/participant.ts";
import { chunks, insertBatchRows, transact, type Executor, type StoreContext } from "./context.ts";
import { refuseWhileFrozen } from "./electorate-lock.ts";
import { requireEvent } from "./events-repo.ts";
import { bool, toParticipant, toParticipantRow } from "./rows.ts";
import type { Database, ParticipantsTable } from "./schema.ts";
import { isForeignKeyViolation, isUniqueViolation } from "./sql-errors.ts";
import type { ParticipantCounts, ParticipantPage, ParticipantQuery, ParticipantRow, ParticipantsRepository } from "./store.ts";

export async function requireParticipant(db: Executor, participantId: string): Promise<Participant> {
  const row = await db.selectFrom("participants").selectAll().where("id", "=", participantId).executeTakeFirst();
  if (row === undefined) throw new DomainError("not_found", "participant not found", { participantId });
  return toParticipant(row);
}

/** Participants by id, present flag included, in one query (at most `insertBatchRows` ids); unknown ids are absent. */
export async function participantRowsById(ctx: StoreContext, participantIds: readonly string[]): Promise<Map<string, ParticipantRow>> {
  const rows = await ctx.db.selectFrom("participants").selectAll().where("id", "in", participantIds).execute();
  return new Map(rows.map((row) => [row.id, toParticipantRow(row)]));
}

function duplicateEmail(emails: readonly string[]): DomainError {
  return new DomainError("conflict", "email already used in this event", { emails });
}

function toRow(eventId: string, input: Required<NewParticipant>, createdAt: number): Insertable<ParticipantsTable> {
  return {
    id: randomUUID(),
    event_id: eventId,
    name: input.name,
    email: input.email,
    group_name: input.group,
    region: input.region,
    weight: input.weight,
    eligible: bool(input.eligible),
    present: 0,
    created_at: createdAt,
    language: input.language,
    member_number: input.memberNumber,
  };
}

export async function addParticipant(ctx: StoreContext, eventId: string, input: NewParticipant): Promise<Participant> {
  const valid = validateNewParticipant(input);
  const row = toRow(eventId, valid, ctx.now());
  try {
    return await transact(ctx, async (trx) => {
      await requireEvent(trx, eventId);
      await refuseWhileFrozen(ctx, trx, eventId, [{ after: valid }]);
      await trx.insertInto("participants").values(row).execute();
      return requireParticipant(trx, row.id);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicateEmail([valid.email]);
    throw error;
  }
}

function validateAll(inputs: readonly NewParticipant[]): Required<NewParticipant>[] {
  const rows: { index: number; message: string }[] = [];
  const valid = inputs.map((input, index) => {
    try {
      return validateNewParticipant(input);
    } catch (error) {
      if (!isDomainError(error)) throw error;
      rows.push({ index, message: error.message });
      return undefined;
    }
  });
  if (rows.length > 0) throw new DomainError("invalid", `${rows.length} invalid participant row(s)`, { rows });
  return valid as Required<NewParticipant>[];
}

export async function addParticipants(ctx: StoreContext, eventId: string, inputs: readonly NewParticipant[]): Promise<string[]> {
  const valid = validateAll(inputs);
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const { email } of valid) (seen.has(email) ? repeated : seen).add(email);
  if (repeated.size > 0) throw duplicateEmail([...repeated]);
  const createdAt = ctx.now();
  const rows = valid.map((input) => toRow(eventId, input, createdAt));
  await transact(ctx, async (trx) => {
    await requireEvent(trx, eventId);
    await refuseWhileFrozen(
      ctx,
      trx,
      eventId,
      valid.map((after) => ({ after })),
    );
    const taken: string[] = [];
    for (const batch of chunks([...seen], insertBatchRows)) {
      const found = await trx
        .selectFrom("participants")
        .select("email")
        .where("event_id", "=", eventId)
        .where("email", "in", batch)
        .execute();
      taken.push(...found.map((row) => row.email));
    }
    if (taken.length > 0) throw duplicateEmail(taken);
    for (const batch of chunks(rows, insertBatchRows)) await trx.insertInto("participants").values(batch).execute();
  });
  return rows.map((row) => row.id);
}

export async function findParticipantsByMemberNumber(ctx: StoreContext, eventId: string, memberNumber: string): Promise<Participant[]> {
  const normalized = normalizeMemberNumber(memberNumber);
  if (normalized === null) return [];
  const rows = await ctx.db
    .selectFrom("participants")
    .selectAll()
    .where("event_id", "=", eventId)
    .where("member_number", "=", normalized)
    .orderBy("id")
    .execute();
  return rows.map(toParticipant);
}

export async function findParticipantByEmail(ctx: StoreContext, eventId: string, email: string): Promise<Participant | undefined> {
  let normalized: string;
  try {
    normalized = normalizeEmail(email);
  } catch {
    return undefined;
  }
  const row = await ctx.db
    .selectFrom("participants")
    .selectAll()
    .where("event_id", "=", eventId)
    .where("email", "=", normalized)
    .executeTakeFirst();
  return row === undefined ? undefined : toParticipant(row);
}

export async function updateParticipant(ctx: StoreContext, participantId: string, patch: ParticipantPatch): Promise<Participant> {
  return transact(ctx, async (trx) => {
    const current = await requireParticipant(trx, participantId);
    const next = applyParticipantPatch(current, patch);
    await refuseWhileFrozen(ctx, trx, current.eventId, [{ before: current, after: next }]);
    const clash = await trx
      .selectFrom("participants")
      .select("id")
      .where("event_id", "=", current.eventId)
      .where("email", "=", next.email)
      .where("id", "!=", participantId)
      .executeTakeFirst();
    if (clash !== undefined) throw duplicateEmail([next.email]);
    await trx
      .updateTable("participants")
      .set({
        name: next.name,
        email: next.email,
        group_name: next.group,
        region: next.region,
        weight: next.weight,
        eligible: bool(next.eligible),
        language: next.language,
        member_number: next.memberNumber,
      })
      .where("id", "=", participantId)
      .execute();
    return { ...current, ...next };
  });
}

/**
 * The participants of `ids` that left a trace in the event's record: a
 * ballot cast for or by them, a proxy given or held, a check-in. Such a
 * participant is kept when a roll update drops them, so the minutes still
 * name who voted and who was there.
 */
export async function participantsOnRecord(ctx: StoreContext, ids: readonly string[]): Promise<Set<string>> {
  const onRecord = new Set<string>();
  for (const batch of chunks([...ids], insertBatchRows)) {
    const rows = await ctx.db
      .selectFrom("poll_voters")
      .select("principal_id as id")
      .where("principal_id", "in", batch)
      .union((db) => db.selectFrom("poll_voters").select("voter_id as id").where("voter_id", "in", batch))
      .union((db) => db.selectFrom("proxies").select("principal_id as id").where("principal_id", "in", batch))
      .union((db) => db.selectFrom("proxies").select("delegate_id as id").where("delegate_id", "in", batch))
      .union((db) => db.selectFrom("checkin_log").select("participant_id as id").where("participant_id", "in", batch))
      .execute();
    for (const row of rows) onRecord.add(row.id);
  }
  return onRecord;
}

function onRecord(participant: Participant): DomainError {
  return new DomainError(
    "participant_on_record",
    `${participant.name} voted, held or gave a proxy, or was checked in: the record keeps them, so they cannot be removed`,
    { participantId: participant.id },
  );
}

/**
 * Removes a participant who left no trace (see `participantsOnRecord`)
 * together with their invitation and queued mail; anyone on record is
 * refused as `participant_on_record`, and nothing is removed.
 */
export async function removeParticipant(ctx: StoreContext, participantId: string): Promise<Participant> {
  const current = await requireParticipant(ctx.db, participantId);
  if ((await participantsOnRecord(ctx, [participantId])).size > 0) throw onRecord(current);
  try {
    return await transact(ctx, async (trx) => {
      await refuseWhileFrozen(ctx, trx, current.eventId, [{ before: current, after: { ...current, eligible: false } }]);
      await trx.deleteFrom("mail_outbox").where("participant_id", "=", participantId).execute();
      await trx.deleteFrom("invitations").where("participant_id", "=", participantId).execute();
      await trx.deleteFrom("participants").where("id", "=", participantId).execute();
      return current;
    });
  } catch (error) {
    // A reference the list above does not know of (or one made meanwhile): the database refused, nothing was removed.
    if (isForeignKeyViolation(error)) throw onRecord(current);
    throw error;
  }
}

/** Every participant of the event, by email; for comparing a whole roll. */
export async function allParticipants(ctx: StoreContext, eventId: string): Promise<Participant[]> {
  await requireEvent(ctx.db, eventId);
  const rows = await ctx.db.selectFrom("participants").selectAll().where("event_id", "=", eventId).orderBy("email").execute();
  return rows.map(toParticipant);
}

function likePattern(search: string): string {
  return `%${search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function pageBounds(query: ParticipantQuery): { offset: number; limit: number } {
  const offset = query.offset ?? 0;
  const limit = query.limit ?? 50;
  if (!Number.isSafeInteger(offset) || offset < 0)
    throw new DomainError("invalid", "offset must be a non-negative integer", { field: "offset" });
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > 1000)
    throw new DomainError("invalid", "limit must be 1 to 1000", { field: "limit" });
  return { offset, limit };
}

export async function listParticipants(ctx: StoreContext, eventId: string, query: ParticipantQuery = {}): Promise<ParticipantPage> {
  const { offset, limit } = pageBounds(query);
  await requireEvent(ctx.db, eventId);
  const filter = query.filter ?? { kind: "all" };
  let base = ctx.db.selectFrom("participants").where("event_id", "=", eventId);
  const search = query.search?.trim() ?? "";
  if (search !== "") {
    const pattern = likePattern(search);
    base = base.where((eb) =>
      eb.or([eb(sql`lower(name)`, "like", sql`${pattern} escape '\\'`), eb(sql`email`, "like", sql`${pattern} escape '\\'`)]),
    );
  }
  if (filter.kind === "present") base = base.where("present", "=", 1);
  if (filter.kind === "absent") base = base.where("present", "=", 0);
  if (filter.kind === "voted" || filter.kind === "not_voted" || filter.kind === "present_not_voted") {
    const poll = await ctx.db.selectFrom("polls").select("event_id").where("id", "=", filter.pollId).executeTakeFirst();
    if (poll?.event_id !== eventId) throw new DomainError("not_found", "poll not found in this event", { pollId: filter.pollId });
    const voted = (eb: ExpressionBuilder<Database, "participants">) =>
      eb.exists(
        eb
          .selectFrom("poll_voters")
          .select(sql`1`.as("one"))
          .where("poll_voters.poll_id", "=", filter.pollId)
          .whereRef("poll_voters.principal_id", "=", "participants.id"),
      );
    if (filter.kind === "voted") base = base.where(voted);
    else base = base.where("eligible", "=", 1).where((eb) => eb.not(voted(eb)));
    if (filter.kind === "present_not_voted") base = base.where("present", "=", 1);
  }
  const [rows, count] = await Promise.all([
    base.selectAll().orderBy("name").orderBy("id").limit(limit).offset(offset).execute(),
    base.select((eb) => eb.fn.countAll<number>().as("total")).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map(toParticipantRow), total: Number(count.total) };
}

export async function countParticipants(ctx: StoreContext, eventId: string): Promise<ParticipantCounts> {
  await requireEvent(ctx.db, eventId);
  const row = await ctx.db
    .selectFrom("participants")
    .where("event_id", "=", eventId)
    .select((eb) => [
      eb.fn.countAll<number>().as("total"),
      eb.fn.sum<number>(sql`eligible`).as("eligible"),
      eb.fn.sum<number>(sql`case when eligible = 1 then weight else 0 end`).as("eligible_weight"),
      eb.fn.sum<number>(sql`present`).as("present"),
      eb.fn.sum<number>(sql`case when eligible = 1 then present else 0 end`).as("present_eligible"),
    ])
    .executeTakeFirstOrThrow();
  return {
    total: Number(row.total),
    eligible: Number(row.eligible ?? 0),
    eligibleWeight: Number(row.eligible_weight ?? 0),
    present: Number(row.present ?? 0),
    presentEligible: Number(row.present_eligible ?? 0),
  };
}

/** `ParticipantsRepository` over the store's context (the connection, or a transaction's). */
export class SqlParticipants implements ParticipantsRepository {
  readonly #ctx: () => StoreContext;

  constructor(context: () => StoreContext) {
    this.#ctx = context;
  }

  async add(eventId: string, input: NewParticipant): Promise<Participant> {
    return addParticipant(this.#ctx(), eventId, input);
  }
  async addMany(eventId: string, inputs: readonly NewParticipant[]): Promise<string[]> {
    return addParticipants(this.#ctx(), eventId, inputs);
  }
  async get(participantId: string): Promise<Participant> {
    return requireParticipant(this.#ctx().db, participantId);
  }
  async findByEmail(eventId: string, email: string): Promise<Participant | undefined> {
    return findParticipantByEmail(this.#ctx(), eventId, email);
  }
  async findByMemberNumber(eventId: string, memberNumber: string): Promise<Participant[]> {
    return findParticipantsByMemberNumber(this.#ctx(), eventId, memberNumber);
  }
  async update(participantId: string, patch: ParticipantPatch): Promise<Participant> {
    return updateParticipant(this.#ctx(), participantId, patch);
  }
  async list(eventId: string, query?: ParticipantQuery): Promise<ParticipantPage> {
    return listParticipants(this.#ctx(), eventId, query);
  }
  async count(eventId: string): Promise<ParticipantCounts> {
    return countParticipants(this.#ctx(), eventId);
  }
  async all(eventId: string): Promise<Participant[]> {
    return allParticipants(this.#ctx(), eventId);
  }
  async onRecord(participantIds: readonly string[]): Promise<Set<string>> {
    return participantsOnRecord(this.#ctx(), participantIds);
  }
  async remove(participantId: string): Promise<Participant> {
    return removeParticipant(this.#ctx(), participantId);
  }
}
