import { getMailTemplate, saveMailTemplate } from "./mail-templates-repo.ts";
import type { MailTemplate } from "../domain/mail-template.ts";
import { randomUUID } from "node:crypto";
import { sql, type ExpressionBuilder } from "kysely";
import type { MailPage, MailRow } from "../api/routes/mail.ts";
import { generateToken, hashToken } from "../auth/token.ts";
import { DomainError } from "../domain/errors.ts";
import type { Language } from "../domain/language.ts";
import { type MailAudience, type MailCounts, type MailKind, type MailState, noMail } from "../domain/mail.ts";
import { chunks, insertBatchRows, transact, writeTransaction, type Executor, type StoreContext } from "./context.ts";
import { requireEvent } from "./events-repo.ts";
import { issueInvitations } from "./invitations-repo.ts";
import { iso, isoOrNull } from "./rows.ts";
import type { Database } from "./schema.ts";
import type { ClaimedMail, MailQuery, MailRepository, MailSettlement } from "./store.ts";

const IN_FLIGHT: MailState[] = ["queued", "sending"];
/** Invitations that count as sent for "send to those not yet sent": delivered, under way, or maybe delivered. */
const REACHED: MailState[] = ["sent", "uncertain", ...IN_FLIGHT];

type Participants = ExpressionBuilder<Database, "participants">;

const messageOf = (eb: Participants, kinds: readonly MailKind[] | null, states: readonly MailState[]) => {
  let query = eb
    .selectFrom("mail_outbox")
    .select(sql`1`.as("one"))
    .whereRef("mail_outbox.participant_id", "=", "participants.id")
    .where("mail_outbox.state", "in", states);
  if (kinds !== null) query = query.where("mail_outbox.kind", "in", kinds);
  return eb.exists(query);
};

const openedALink = (eb: Participants) =>
  eb.exists(
    eb
      .selectFrom("invitations")
      .select(sql`1`.as("one"))
      .whereRef("invitations.participant_id", "=", "participants.id")
      .where("invitations.first_used_at", "is not", null),
  );

/** Who `audience` names in the event, in name order, leaving out those with a message under way. */
async function audienceOf(trx: Executor, eventId: string, audience: MailAudience): Promise<string[]> {
  const base = () =>
    trx
      .selectFrom("participants")
      .select("id")
      .where("event_id", "=", eventId)
      .where((eb) => eb.not(messageOf(eb, null, IN_FLIGHT)))
      .orderBy("name")
      .orderBy("id");
  switch (audience.kind) {
    case "all":
      return (await base().execute()).map((row) => row.id);
    case "unsent":
      return (
        await base()
          .where((eb) => eb.not(messageOf(eb, ["invitation"], REACHED)))
          .execute()
      ).map((row) => row.id);
    case "reminder":
      return (
        await base()
          .where((eb) => eb.and([messageOf(eb, ["invitation"], ["sent"]), eb.not(openedALink(eb))]))
          .execute()
      ).map((row) => row.id);
    case "selected": {
      const wanted = [...new Set(audience.participantIds)];
      const inEvent = new Set<string>();
      for (const batch of chunks(wanted, insertBatchRows)) {
        const rows = await trx.selectFrom("participants").select("id").where("event_id", "=", eventId).where("id", "in", batch).execute();
        for (const row of rows) inEvent.add(row.id);
      }
      const unknown = wanted.find((id) => !inEvent.has(id));
      if (unknown !== undefined) throw new DomainError("not_found", "participant not found", { participantId: unknown });
      const chosen: string[] = [];
      for (const batch of chunks(wanted, insertBatchRows))
        chosen.push(...(await base().where("id", "in", batch).execute()).map((r) => r.id));
      return chosen;
    }
  }
}

/**
 * Serialises the event's mail writes: on PostgreSQL by locking the event's
 * row until commit; SQLite has one writer at a time anyway.
 */
async function lockEvent(ctx: StoreContext, trx: Executor, eventId: string): Promise<void> {
  if (ctx.dialect === "postgres") {
    const row = await trx.selectFrom("events").select("id").where("id", "=", eventId).forUpdate().executeTakeFirst();
    if (row === undefined) throw new DomainError("not_found", "event not found", { eventId });
  } else {
    await requireEvent(trx, eventId);
  }
}

/** A new link per message, issued in the transaction and sealed for the message (by its id) it goes into. */
async function sealedLinks(
  ctx: StoreContext,
  trx: Executor,
  messages: readonly { readonly id: string; readonly participantId: string }[],
  keepEarlier: boolean,
): Promise<string[]> {
  const tokens = messages.map(() => generateToken());
  const entries = messages.map(({ participantId }, index) => ({ participantId, tokenHash: hashToken(tokens[index]!) }));
  await issueInvitations({ ...ctx, db: trx }, entries, { keepEarlier });
  return messages.map((message, index) => ctx.mailSeal.seal(tokens[index]!, message.id));
}

/** The columns of a message queued anew: no attempt yet, nothing left of an earlier one. */
const queuedAfresh = (now: number) =>
  ({
    state: "queued",
    attempts: 0,
    next_attempt_at: now,
    queued_at: now,
    claimed_at: null,
    claim_id: null,
    sent_at: null,
    recipient: null,
    last_error: null,
    provider_message_id: null,
  }) as const;

export async function queueMail(ctx: StoreContext, eventId: string, audience: MailAudience, kind: MailKind): Promise<string[]> {
  return transact(ctx, async (trx) => {
    await lockEvent(ctx, trx, eventId);
    const participantIds = await audienceOf(trx, eventId, audience);
    const now = ctx.now();
    const messages = participantIds.map((participantId) => ({ id: randomUUID(), participantId }));
    const sealed = await sealedLinks(ctx, trx, messages, kind !== "invitation");
    const fresh = queuedAfresh(now);
    const rows = messages.map((message, index) => ({
      ...fresh,
      id: message.id,
      event_id: eventId,
      participant_id: message.participantId,
      kind,
      sealed_token: sealed[index]!,
    }));
    for (const batch of chunks(rows, insertBatchRows)) {
      await trx
        .insertInto("mail_outbox")
        .values(batch)
        // The earlier message takes the new id too: its new sealed token is bound to that id.
        .onConflict((conflict) =>
          conflict
            .columns(["participant_id", "kind"])
            .doUpdateSet((eb) => ({ ...fresh, id: eb.ref("excluded.id"), sealed_token: eb.ref("excluded.sealed_token") })),
        )
        .execute();
    }
    return participantIds;
  });
}

export async function requeueMail(ctx: StoreContext, eventId: string, mailIds: readonly string[]): Promise<string[]> {
  return transact(ctx, async (trx) => {
    await lockEvent(ctx, trx, eventId);
    const rows: { id: string; participant_id: string }[] = [];
    for (const batch of chunks([...new Set(mailIds)], insertBatchRows)) {
      rows.push(
        ...(await trx
          .selectFrom("mail_outbox")
          .select(["id", "participant_id"])
          .where("event_id", "=", eventId)
          .where("id", "in", batch)
          .where("state", "in", ["uncertain", "failed"])
          .execute()),
      );
    }
    const messages = rows.map((row) => ({ id: row.id, participantId: row.participant_id }));
    const sealed = await sealedLinks(ctx, trx, messages, true);
    const now = ctx.now();
    for (const [index, row] of rows.entries()) {
      await trx
        .updateTable("mail_outbox")
        .set({ ...queuedAfresh(now), sealed_token: sealed[index]! })
        .where("id", "=", row.id)
        .execute();
    }
    return rows.map((row) => row.participant_id);
  });
}

export async function mailCounts(ctx: StoreContext, eventId: string): Promise<MailCounts> {
  const rows = await ctx.db
    .selectFrom("mail_outbox")
    .select((eb) => ["state", eb.fn.countAll<number>().as("count")])
    .where("event_id", "=", eventId)
    .groupBy("state")
    .execute();
  const counts: Record<MailState, number> = { ...noMail };
  for (const row of rows) if (Object.hasOwn(counts, row.state)) counts[row.state as MailState] = Number(row.count);
  return counts;
}

interface MessageColumns {
  readonly id: string;
  readonly participant_id: string;
  readonly name: string;
  readonly email: string;
  readonly language: string | null;
  readonly kind: string;
  readonly attempts: number;
}

/** A message and its participant, as the chairs' list and the sender both read them. */
const messageOfRow = (row: MessageColumns) => ({
  id: row.id,
  participantId: row.participant_id,
  name: row.name,
  email: row.email,
  language: row.language as Language | null,
  kind: row.kind as MailKind,
  attempts: row.attempts,
});

export async function listMail(ctx: StoreContext, eventId: string, query: MailQuery = {}): Promise<MailPage> {
  const offset = query.offset ?? 0;
  const limit = query.limit ?? 100;
  if (!Number.isSafeInteger(offset) || offset < 0 || !Number.isSafeInteger(limit) || limit < 1 || limit > 500) {
    throw new DomainError("invalid", "offset must be >= 0 and limit 1 to 500");
  }
  await requireEvent(ctx.db, eventId);
  let base = ctx.db
    .selectFrom("mail_outbox")
    .innerJoin("participants", "participants.id", "mail_outbox.participant_id")
    .where("mail_outbox.event_id", "=", eventId);
  if (query.states !== undefined) base = base.where("mail_outbox.state", "in", query.states);
  const [rows, count] = await Promise.all([
    base
      .select([
        "mail_outbox.id",
        "mail_outbox.participant_id",
        "participants.name",
        "participants.email",
        "participants.language",
        "mail_outbox.kind",
        "mail_outbox.state",
        "mail_outbox.attempts",
        "mail_outbox.last_error",
        "mail_outbox.queued_at",
        "mail_outbox.sent_at",
        "mail_outbox.next_attempt_at",
      ])
      .orderBy("mail_outbox.queued_at", "desc")
      .orderBy("mail_outbox.id")
      .limit(limit)
      .offset(offset)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as("total")).executeTakeFirstOrThrow(),
  ]);
  const items = rows.map(
    (row): MailRow => ({
      ...messageOfRow(row),
      state: row.state as MailState,
      lastError: row.last_error,
      queuedAt: iso(row.queued_at),
      sentAt: isoOrNull(row.sent_at),
      nextAttemptAt: row.state === "queued" && row.attempts > 0 ? iso(row.next_attempt_at) : null,
    }),
  );
  return { items, total: Number(count.total) };
}

export async function claimMail(ctx: StoreContext, limit: number): Promise<ClaimedMail[]> {
  if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError("limit must be a positive integer");
  const now = ctx.now();
  const claimed = await writeTransaction(ctx, async (trx) => {
    let due = trx
      .selectFrom("mail_outbox")
      .select("id")
      .where("state", "=", "queued")
      .where("next_attempt_at", "<=", now)
      .orderBy("next_attempt_at")
      .orderBy("queued_at")
      .limit(limit);
    if (ctx.dialect === "postgres") due = due.forUpdate().skipLocked();
    const ids = (await due.execute()).map((row) => row.id);
    if (ids.length === 0) return [];
    const claimId = randomUUID();
    await trx
      .updateTable("mail_outbox")
      .set((eb) => ({
        state: "sending",
        claimed_at: now,
        claim_id: claimId,
        attempts: eb("attempts", "+", 1),
        recipient: eb
          .selectFrom("participants")
          .select("participants.email")
          .whereRef("participants.id", "=", "mail_outbox.participant_id"),
      }))
      .where("id", "in", ids)
      .where("state", "=", "queued")
      .execute();
    return trx
      .selectFrom("mail_outbox")
      .innerJoin("participants", "participants.id", "mail_outbox.participant_id")
      .innerJoin("events", "events.id", "mail_outbox.event_id")
      .select([
        "mail_outbox.id",
        "mail_outbox.event_id",
        "events.name as event_name",
        "mail_outbox.participant_id",
        "participants.name",
        "participants.email",
        "participants.language",
        "mail_outbox.kind",
        "mail_outbox.attempts",
        "mail_outbox.claim_id",
        "mail_outbox.sealed_token",
      ])
      .where("mail_outbox.claim_id", "=", claimId)
      .execute();
  });
  return claimed.map((row) => ({
    ...messageOfRow(row),
    eventId: row.event_id,
    eventName: row.event_name,
    claimId: row.claim_id!,
    token: row.sealed_token === null ? null : ctx.mailSeal.unseal(row.sealed_token, row.id),
  }));
}

const maxErrorLength = 500;

export async function settleMail(ctx: StoreContext, mailId: string, claimId: string, settlement: MailSettlement): Promise<boolean> {
  const now = ctx.now();
  const error = settlement.state === "sent" ? null : settlement.error.slice(0, maxErrorLength);
  const columns =
    settlement.state === "sent"
      ? {
          state: "sent",
          sent_at: now,
          provider_message_id: settlement.messageId?.slice(0, 300) ?? null,
          last_error: null,
          sealed_token: null,
        }
      : settlement.state === "queued"
        ? { state: "queued", next_attempt_at: settlement.retryAt, last_error: error }
        : { state: settlement.state, last_error: error, sealed_token: null };
  const result = await ctx.db
    .updateTable("mail_outbox")
    .set(columns)
    .where("id", "=", mailId)
    .where("claim_id", "=", claimId)
    .where("state", "in", ["sending", "uncertain"])
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function expireMailClaims(ctx: StoreContext, claimedBefore: number): Promise<string[]> {
  return writeTransaction(ctx, async (trx) => {
    const stale = await trx
      .selectFrom("mail_outbox")
      .select("event_id")
      .distinct()
      .where("state", "=", "sending")
      .where("claimed_at", "<", claimedBefore)
      .execute();
    if (stale.length === 0) return [];
    await trx
      .updateTable("mail_outbox")
      .set({
        state: "uncertain",
        last_error: "the sender stopped while handing this message to the SMTP server: it may or may not have been delivered",
        sealed_token: null,
      })
      .where("state", "=", "sending")
      .where("claimed_at", "<", claimedBefore)
      .execute();
    return stale.map((row) => row.event_id);
  });
}

/** `MailRepository` over the store's context (the connection, or a transaction's). */
export class SqlMail implements MailRepository {
  readonly #ctx: () => StoreContext;

  constructor(context: () => StoreContext) {
    this.#ctx = context;
  }

  template(eventId: string): Promise<MailTemplate> {
    return getMailTemplate(this.#ctx(), eventId);
  }
  saveTemplate(eventId: string, template: MailTemplate): Promise<MailTemplate> {
    return saveMailTemplate(this.#ctx(), eventId, template);
  }
  queue(eventId: string, audience: MailAudience, kind: MailKind): Promise<string[]> {
    return queueMail(this.#ctx(), eventId, audience, kind);
  }
  requeue(eventId: string, mailIds: readonly string[]): Promise<string[]> {
    return requeueMail(this.#ctx(), eventId, mailIds);
  }
  counts(eventId: string): Promise<MailCounts> {
    return mailCounts(this.#ctx(), eventId);
  }
  list(eventId: string, query?: MailQuery): Promise<MailPage> {
    return listMail(this.#ctx(), eventId, query);
  }
  claim(limit: number): Promise<ClaimedMail[]> {
    return claimMail(this.#ctx(), limit);
  }
  settle(mailId: string, claimId: string, settlement: MailSettlement): Promise<boolean> {
    return settleMail(this.#ctx(), mailId, claimId, settlement);
  }
  expireClaims(claimedBefore: number): Promise<string[]> {
    return expireMailClaims(this.#ctx(), claimedBefore);
  }
}
