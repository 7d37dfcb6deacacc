import { randomUUID } from "node:crypto";
import type { Updateable } from "kysely";
import { DomainError } from "../domain/errors.ts";
import type { NewPoll, Poll, PollDefinition, PollKind, PollPatch, PollStatus } from "../domain/poll.ts";
import { applyPollPatch, transitionPoll, validateNewPoll } from "../domain/poll.ts";
import { checkPaperComplete } from "../domain/paper-votes.ts";
import { transact, type Executor, type StoreContext } from "./context.ts";
import { requireAgendaItem } from "./agenda-repo.ts";
import { lockElectorateForOpening } from "./electorate-lock.ts";
import { loadPaperVotes } from "./paper-votes.ts";
import { requireEvent } from "./events-repo.ts";
import { bool, toPoll } from "./rows.ts";
import type { PollsTable } from "./schema.ts";
import { closeSecretPoll, openSecretPoll } from "./secret-ballots.ts";
import { closeSecretElection } from "./secret-elections.ts";
import type { PollsRepository } from "./store.ts";

/**
 * Reads a poll; `forUpdate` locks the row on PostgreSQL so status changes
 * wait for ballot batches holding it FOR SHARE (and vice versa). SQLite needs
 * no lock: its single connection runs one transaction at a time.
 */
export async function requirePoll(ctx: StoreContext, db: Executor, pollId: string, forUpdate = false): Promise<Poll> {
  return (await requirePollRevision(ctx, db, pollId, forUpdate)).poll;
}

/** `requirePoll` with the poll's paper revision (see FinalTallies). */
export async function requirePollRevision(
  ctx: StoreContext,
  db: Executor,
  pollId: string,
  forUpdate = false,
): Promise<{ poll: Poll; paperRevision: number }> {
  let query = db.selectFrom("polls").selectAll().where("id", "=", pollId);
  if (ctx.dialect === "postgres" && forUpdate) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  if (row === undefined) throw new DomainError("not_found", "poll not found", { pollId });
  return { poll: toPoll(row), paperRevision: Number(row.paper_revision) };
}

type DefinitionColumns = Pick<
  PollsTable,
  | "agenda_item_id"
  | "title"
  | "description"
  | "kind"
  | "options"
  | "min_choices"
  | "max_choices"
  | "allow_abstain"
  | "secret"
  | "majority"
  | "abstentions_count"
  | "quorum"
  | "allow_split"
>;

export function definitionColumns(definition: PollDefinition): DefinitionColumns {
  return {
    agenda_item_id: definition.agendaItemId,
    title: definition.title,
    description: definition.description,
    kind: definition.kind,
    options: JSON.stringify(definition.options),
    min_choices: definition.minChoices,
    max_choices: definition.maxChoices,
    allow_abstain: bool(definition.allowAbstain),
    secret: bool(definition.secret),
    majority: JSON.stringify(definition.majority),
    abstentions_count: bool(definition.abstentionsCount),
    quorum: definition.quorum === null ? null : JSON.stringify(definition.quorum),
    allow_split: bool(definition.allowSplit),
  };
}

export async function checkAgendaItem(db: Executor, eventId: string, agendaItemId: string): Promise<void> {
  if ((await requireAgendaItem(db, agendaItemId)).eventId !== eventId) {
    throw new DomainError("not_found", "agenda item not in this event", { agendaItemId });
  }
}

export async function createPoll(ctx: StoreContext, eventId: string, input: NewPoll): Promise<Poll> {
  const definition = validateNewPoll(input);
  return transact(ctx, async (trx) => {
    await requireEvent(trx, eventId);
    await checkAgendaItem(trx, eventId, definition.agendaItemId);
    const id = randomUUID();
    await trx
      .insertInto("polls")
      .values({
        id,
        event_id: eventId,
        ...definitionColumns(definition),
        status: "draft",
        eligible_count: null,
        eligible_weight: null,
        created_at: ctx.now(),
        opened_at: null,
        closed_at: null,
        published_at: null,
      })
      .execute();
    return requirePoll(ctx, trx, id);
  });
}

export async function listPolls(ctx: StoreContext, eventId: string, agendaItemId?: string): Promise<Poll[]> {
  await requireEvent(ctx.db, eventId);
  let query = ctx.db
    .selectFrom("polls")
    .innerJoin("agenda_items", "agenda_items.id", "polls.agenda_item_id")
    .selectAll("polls")
    .where("polls.event_id", "=", eventId)
    // An election's ballot box is listed as an election (see elections-repo.ts).
    .where("polls.kind", "!=", "election");
  if (agendaItemId !== undefined) query = query.where("polls.agenda_item_id", "=", agendaItemId);
  const rows = await query.orderBy("agenda_items.position").orderBy("polls.created_at").orderBy("polls.id").execute();
  return rows.map(toPoll);
}

export async function updatePoll(ctx: StoreContext, pollId: string, patch: PollPatch): Promise<Poll> {
  return transact(ctx, async (trx) => {
    const current = await requirePoll(ctx, trx, pollId, true);
    const definition = applyPollPatch(current, patch);
    await checkAgendaItem(trx, current.eventId, definition.agendaItemId);
    await trx.updateTable("polls").set(definitionColumns(definition)).where("id", "=", pollId).execute();
    return requirePoll(ctx, trx, pollId);
  });
}

export async function deletePoll(ctx: StoreContext, pollId: string): Promise<void> {
  await transact(ctx, async (trx) => {
    const current = await requirePoll(ctx, trx, pollId, true);
    if (current.status !== "draft")
      throw new DomainError("invalid_transition", "only draft polls can be deleted", { status: current.status });
    await trx.deleteFrom("polls").where("id", "=", pollId).execute();
  });
}

export async function setPollStatus(ctx: StoreContext, pollId: string, status: PollStatus): Promise<Poll> {
  return transact(ctx, async (trx) => {
    await changePollStatus(ctx, trx, await requirePoll(ctx, trx, pollId, true), status);
    return requirePoll(ctx, trx, pollId);
  });
}

/**
 * Moves a poll (or an election's ballot box) on, inside `trx`: opening
 * freezes the eligible participants and locks a secret box, closing counts a
 * secret box into totals. `current` must have been read FOR UPDATE.
 */
export async function changePollStatus(ctx: StoreContext, trx: Executor, current: Poll, status: PollStatus): Promise<void> {
  transitionPoll(current.status, status);
  const now = ctx.now();
  const changes: Updateable<PollsTable> = { status };
  if (status === "open") {
    const event = await requireEvent(trx, current.eventId);
    if (event.status !== "open")
      throw new DomainError("invalid_transition", "the event must be open to open a poll", { eventStatus: event.status });
    await lockElectorateForOpening(ctx, trx, current.eventId);
    const eligible = await trx
      .selectFrom("participants")
      .select((eb) => [eb.fn.countAll<number>().as("count"), eb.fn.sum<number>("weight").as("weight")])
      .where("event_id", "=", current.eventId)
      .where("eligible", "=", 1)
      .executeTakeFirstOrThrow();
    changes.eligible_count = Number(eligible.count);
    changes.eligible_weight = Number(eligible.weight ?? 0);
    changes.opened_at = now;
    if (current.secret) Object.assign(changes, await openSecretPoll(ctx, trx, current));
  }
  if (status === "closed") {
    changes.closed_at = now;
    // No ballot can join after this (casts share-lock the poll and check its status).
    if (current.secret) {
      Object.assign(
        changes,
        current.kind === "election" ? await closeSecretElection(ctx, trx, current) : await closeSecretPoll(ctx, trx, current),
      );
    }
  }
  if (status === "published") {
    checkPaperComplete(current, await loadPaperVotes(trx, current));
    changes.published_at = now;
  }
  await trx.updateTable("polls").set(changes).where("id", "=", current.id).execute();
}

/** `PollsRepository` over the store's context; the visibility cache is the store's, shared by its transactions. */
export class SqlPolls implements PollsRepository {
  readonly #ctx: () => StoreContext;

  constructor(context: () => StoreContext) {
    this.#ctx = context;
  }

  async create(eventId: string, input: NewPoll): Promise<Poll> {
    return createPoll(this.#ctx(), eventId, input);
  }
  async get(pollId: string): Promise<Poll> {
    const ctx = this.#ctx();
    return requirePoll(ctx, ctx.db, pollId);
  }
  async list(eventId: string, agendaItemId?: string): Promise<Poll[]> {
    return listPolls(this.#ctx(), eventId, agendaItemId);
  }
  async update(pollId: string, patch: PollPatch): Promise<Poll> {
    return updatePoll(this.#ctx(), pollId, patch);
  }
  async delete(pollId: string): Promise<void> {
    return deletePoll(this.#ctx(), pollId);
  }
  async setStatus(pollId: string, status: PollStatus): Promise<Poll> {
    return setPollStatus(this.#ctx(), pollId, status);
  }
  async checkVisible(eventId: string, pollId: string): Promise<PollKind> {
    return this.#ctx().visiblePolls.check(eventId, pollId, (id) => this.get(id));
  }
}
