import { randomUUID } from "node:crypto";
import { sql, type Selectable } from "kysely";
import { DomainError } from "../domain/errors.ts";
import { newSpeakerList, type SpeakerEntry, type SpeakerList } from "../domain/speakers/speaker-list.ts";
import { requireAgendaItem } from "./agenda-repo.ts";
import { transact, type Executor, type StoreContext } from "./context.ts";
import { fromSpeakerEntry, fromSpeakerList, iso, toSpeakerEntry, toSpeakerListSettings } from "./rows.ts";
import type { SpeakerListsTable } from "./schema.ts";
import { isUniqueViolation } from "./sql-errors.ts";
import type { SpeakerListChange, SpeakersRepository, StoredSpeakerList } from "./store.ts";

type ListRow = Selectable<SpeakerListsTable>;

/** Each list's entries in the order they were made, and its queue: the waiting ones by their place. */
async function entriesOf(db: Executor, listIds: readonly string[]): Promise<Map<string, Pick<SpeakerList, "entries" | "queue">>> {
  const byList = new Map(listIds.map((id) => [id, { entries: [] as SpeakerEntry[], waiting: [] as { id: string; position: number }[] }]));
  if (listIds.length > 0) {
    const rows = await db.selectFrom("speaker_entries").selectAll().where("list_id", "in", listIds).orderBy("seq").execute();
    for (const row of rows) {
      const list = byList.get(row.list_id)!;
      list.entries.push(toSpeakerEntry(row));
      if (row.queue_position !== null) list.waiting.push({ id: row.id, position: row.queue_position });
    }
  }
  const result = new Map<string, Pick<SpeakerList, "entries" | "queue">>();
  for (const [listId, { entries, waiting }] of byList) {
    result.set(listId, { entries, queue: waiting.sort((a, b) => a.position - b.position).map((item) => item.id) });
  }
  return result;
}

async function loadLists(db: Executor, rows: readonly ListRow[]): Promise<StoredSpeakerList[]> {
  const entries = await entriesOf(
    db,
    rows.map((row) => row.id),
  );
  return rows.map((row) => ({
    id: row.id,
    eventId: row.event_id,
    agendaItemId: row.agenda_item_id,
    motionId: row.motion_id,
    list: { closed: row.closed === 1, settings: toSpeakerListSettings(row), ...entries.get(row.id)! },
  }));
}

async function requireList(db: Executor, listId: string): Promise<StoredSpeakerList> {
  const row = await db.selectFrom("speaker_lists").selectAll().where("id", "=", listId).executeTakeFirst();
  if (row === undefined) throw new DomainError("not_found", "list of speakers not found", { listId });
  const [stored] = await loadLists(db, [row]);
  return stored!;
}

async function findList(db: Executor, agendaItemId: string, motionId: string | null): Promise<ListRow | undefined> {
  return db
    .selectFrom("speaker_lists")
    .selectAll()
    .where("agenda_item_id", "=", agendaItemId)
    .where((eb) => (motionId === null ? eb("motion_id", "is", null) : eb("motion_id", "=", motionId)))
    .executeTakeFirst();
}

async function openList(ctx: StoreContext, eventId: string, agendaItemId: string, motionId: string | null): Promise<StoredSpeakerList> {
  const item = await requireAgendaItem(ctx.db, agendaItemId);
  if (item.eventId !== eventId) throw new DomainError("not_found", "agenda item not in this event", { agendaItemId });
  const existing = await findList(ctx.db, agendaItemId, motionId);
  if (existing) return (await loadLists(ctx.db, [existing]))[0]!;
  const list = newSpeakerList();
  const id = randomUUID();
  try {
    await ctx.db
      .insertInto("speaker_lists")
      .values({ id, event_id: eventId, agenda_item_id: agendaItemId, motion_id: motionId, ...fromSpeakerList(list), created_at: ctx.now() })
      .execute();
  } catch (error) {
    // Someone opened it at the same moment: theirs is the list.
    if (!isUniqueViolation(error) || ctx.db.isTransaction) throw error;
    return (await loadLists(ctx.db, [(await findList(ctx.db, agendaItemId, motionId))!]))[0]!;
  }
  return { id, eventId, agendaItemId, motionId, list };
}

async function listsOf(ctx: StoreContext, eventId: string): Promise<StoredSpeakerList[]> {
  const rows = await ctx.db
    .selectFrom("speaker_lists")
    .innerJoin("agenda_items", "agenda_items.id", "speaker_lists.agenda_item_id")
    .selectAll("speaker_lists")
    .where("speaker_lists.event_id", "=", eventId)
    .orderBy("agenda_items.position")
    .orderBy(sql`case when speaker_lists.motion_id is null then 0 else 1 end`)
    .orderBy("speaker_lists.created_at")
    .orderBy("speaker_lists.id")
    .execute();
  return loadLists(ctx.db, rows);
}

/** Writes what differs between `before` and `after`: new entries, changed entries, moved queue places, the list's own columns. */
async function store(db: Executor, listId: string, before: SpeakerList, after: SpeakerList): Promise<void> {
  const positionsBefore = new Map(before.queue.map((id, index) => [id, index]));
  const positionsAfter = new Map(after.queue.map((id, index) => [id, index]));
  const old = new Map(before.entries.map((entry) => [entry.id, entry]));
  for (const [seq, entry] of after.entries.entries()) {
    const columns = fromSpeakerEntry(entry, positionsAfter.get(entry.id) ?? null);
    const previous = old.get(entry.id);
    if (previous === undefined) {
      await db
        .insertInto("speaker_entries")
        .values({ id: entry.id, list_id: listId, participant_id: entry.participantId, seq, ...columns })
        .execute();
    } else if (previous !== entry || positionsBefore.get(entry.id) !== positionsAfter.get(entry.id)) {
      await db.updateTable("speaker_entries").set(columns).where("id", "=", entry.id).execute();
    }
  }
  if (before.closed !== after.closed || before.settings !== after.settings) {
    await db.updateTable("speaker_lists").set(fromSpeakerList(after)).where("id", "=", listId).execute();
  }
}

async function changeList<T>(
  ctx: StoreContext,
  listId: string,
  change: (list: SpeakerList, at: string) => Promise<SpeakerListChange<T>>,
): Promise<{ before: StoredSpeakerList; after: StoredSpeakerList; result: T }> {
  return transact(ctx, async (trx) => {
    // A write first: PostgreSQL locks the row, SQLite takes the write lock, so changes to one list never interleave.
    const locked = await trx
      .updateTable("speaker_lists")
      .set((eb) => ({ closed: eb.ref("closed") }))
      .where("id", "=", listId)
      .executeTakeFirst();
    if (locked.numUpdatedRows === 0n) throw new DomainError("not_found", "list of speakers not found", { listId });
    const before = await requireList(trx, listId);
    const { list, result } = await change(before.list, iso(ctx.now()));
    await store(trx, listId, before.list, list);
    return { before, after: { ...before, list }, result };
  });
}

/** `SpeakersRepository` over the store's context (the connection, or a transaction's). */
export class SqlSpeakers implements SpeakersRepository {
  readonly #ctx: () => StoreContext;

  constructor(context: () => StoreContext) {
    this.#ctx = context;
  }

  async open(eventId: string, agendaItemId: string, motionId: string | null): Promise<StoredSpeakerList> {
    return openList(this.#ctx(), eventId, agendaItemId, motionId);
  }
  async get(listId: string): Promise<StoredSpeakerList> {
    return requireList(this.#ctx().db, listId);
  }
  async list(eventId: string): Promise<StoredSpeakerList[]> {
    return listsOf(this.#ctx(), eventId);
  }
  async change<T>(
    listId: string,
    change: (list: SpeakerList, at: string) => Promise<SpeakerListChange<T>>,
  ): Promise<{ before: StoredSpeakerList; after: StoredSpeakerList; result: T }> {
    return changeList(this.#ctx(), listId, change);
  }
}
