import { randomUUID } from "node:crypto";
import type { AgendaItem, Announcement } from "../domain/agenda.ts";
import { moveInOrder, validateText, validateTitle } from "../domain/agenda.ts";
import { DomainError } from "../domain/errors.ts";
import { transact, type Executor, type StoreContext } from "./context.ts";
import { requireEvent } from "./events-repo.ts";
import { toAgendaItem, toAnnouncement } from "./rows.ts";
import type {
  AgendaItemPatch,
  AgendaRepository,
  AnnouncementEdit,
  AnnouncementsRepository,
  NewAgendaItem,
  NewAnnouncement,
} from "./store.ts";

export async function requireAgendaItem(db: Executor, agendaItemId: string): Promise<AgendaItem> {
  const row = await db.selectFrom("agenda_items").selectAll().where("id", "=", agendaItemId).executeTakeFirst();
  if (row === undefined) throw new DomainError("not_found", "agenda item not found", { agendaItemId });
  return toAgendaItem(row);
}

async function orderedIds(db: Executor, eventId: string): Promise<string[]> {
  const rows = await db
    .selectFrom("agenda_items")
    .select("id")
    .where("event_id", "=", eventId)
    .orderBy("position")
    .orderBy("created_at")
    .execute();
  return rows.map((row) => row.id);
}

async function renumber(db: Executor, ids: readonly string[]): Promise<void> {
  for (const [position, id] of ids.entries()) {
    await db.updateTable("agenda_items").set({ position }).where("id", "=", id).execute();
  }
}

export async function listAgendaItems(ctx: StoreContext, eventId: string): Promise<AgendaItem[]> {
  await requireEvent(ctx.db, eventId);
  const rows = await ctx.db.selectFrom("agenda_items").selectAll().where("event_id", "=", eventId).orderBy("position").execute();
  return rows.map(toAgendaItem);
}

export async function addAgendaItem(ctx: StoreContext, eventId: string, input: NewAgendaItem): Promise<AgendaItem> {
  const title = validateTitle(input.title);
  const description = validateText(input.description ?? "", "description");
  return transact(ctx, async (trx) => {
    await requireEvent(trx, eventId);
    const ids = await orderedIds(trx, eventId);
    const id = randomUUID();
    await trx
      .insertInto("agenda_items")
      .values({ id, event_id: eventId, position: ids.length, title, description, created_at: ctx.now() })
      .execute();
    const order = input.position === undefined ? [...ids, id] : moveInOrder([...ids, id], id, input.position);
    await renumber(trx, order);
    return { id, eventId, position: order.indexOf(id), title, description };
  });
}

export async function updateAgendaItem(ctx: StoreContext, agendaItemId: string, patch: AgendaItemPatch): Promise<AgendaItem> {
  return transact(ctx, async (trx) => {
    const current = await requireAgendaItem(trx, agendaItemId);
    const title = patch.title === undefined ? current.title : validateTitle(patch.title);
    const description = patch.description === undefined ? current.description : validateText(patch.description, "description");
    await trx.updateTable("agenda_items").set({ title, description }).where("id", "=", agendaItemId).execute();
    return { ...current, title, description };
  });
}

export async function moveAgendaItem(ctx: StoreContext, agendaItemId: string, position: number): Promise<AgendaItem[]> {
  return transact(ctx, async (trx) => {
    const current = await requireAgendaItem(trx, agendaItemId);
    await renumber(trx, moveInOrder(await orderedIds(trx, current.eventId), agendaItemId, position));
    const rows = await trx.selectFrom("agenda_items").selectAll().where("event_id", "=", current.eventId).orderBy("position").execute();
    return rows.map(toAgendaItem);
  });
}

export async function deleteAgendaItem(ctx: StoreContext, agendaItemId: string): Promise<void> {
  await transact(ctx, async (trx) => {
    const current = await requireAgendaItem(trx, agendaItemId);
    const poll = await trx.selectFrom("polls").select("id").where("agenda_item_id", "=", agendaItemId).executeTakeFirst();
    if (poll !== undefined) throw new DomainError("conflict", "the agenda item has polls", { pollId: poll.id });
    // Who spoke on an item is part of the record; an item nobody asked to speak on takes its empty lists along.
    const lists = trx.selectFrom("speaker_lists").select("id").where("agenda_item_id", "=", agendaItemId);
    const spoken = await trx.selectFrom("speaker_entries").select("id").where("list_id", "in", lists).executeTakeFirst();
    if (spoken !== undefined) throw new DomainError("conflict", "the agenda item has a list of speakers with entries");
    await trx.deleteFrom("speaker_lists").where("agenda_item_id", "=", agendaItemId).execute();
    await trx.updateTable("announcements").set({ agenda_item_id: null }).where("agenda_item_id", "=", agendaItemId).execute();
    await trx.updateTable("motions").set({ agenda_item_id: null }).where("agenda_item_id", "=", agendaItemId).execute();
    await trx.deleteFrom("agenda_items").where("id", "=", agendaItemId).execute();
    await renumber(trx, await orderedIds(trx, current.eventId));
  });
}

export async function publishAnnouncement(ctx: StoreContext, eventId: string, input: NewAnnouncement): Promise<Announcement> {
  const title = validateTitle(input.title);
  const body = validateText(input.body, "body");
  return transact(ctx, async (trx) => {
    await requireEvent(trx, eventId);
    const agendaItemId = input.agendaItemId ?? null;
    if (agendaItemId !== null && (await requireAgendaItem(trx, agendaItemId)).eventId !== eventId) {
      throw new DomainError("not_found", "agenda item not in this event", { agendaItemId });
    }
    const row = {
      id: randomUUID(),
      event_id: eventId,
      agenda_item_id: agendaItemId,
      title,
      body,
      published_at: ctx.now(),
      edited_at: null,
      withdrawn_at: null,
    };
    await trx.insertInto("announcements").values(row).execute();
    return toAnnouncement(row);
  });
}

async function requireAnnouncement(db: Executor, announcementId: string): Promise<Announcement> {
  const row = await db.selectFrom("announcements").selectAll().where("id", "=", announcementId).executeTakeFirst();
  if (row === undefined) throw new DomainError("not_found", "announcement not found", { announcementId });
  return toAnnouncement(row);
}

/** A withdrawn announcement stays as it was withdrawn: the record shows what participants had read. */
function refuseWithdrawn(announcement: Announcement): void {
  if (announcement.withdrawnAt !== null)
    throw new DomainError("invalid_transition", "this announcement was withdrawn", { announcementId: announcement.id });
}

export async function editAnnouncement(ctx: StoreContext, announcementId: string, input: AnnouncementEdit): Promise<Announcement> {
  const title = validateTitle(input.title);
  const body = validateText(input.body, "body");
  return transact(ctx, async (trx) => {
    refuseWithdrawn(await requireAnnouncement(trx, announcementId));
    await trx.updateTable("announcements").set({ title, body, edited_at: ctx.now() }).where("id", "=", announcementId).execute();
    return requireAnnouncement(trx, announcementId);
  });
}

export async function withdrawAnnouncement(ctx: StoreContext, announcementId: string): Promise<Announcement> {
  return transact(ctx, async (trx) => {
    refuseWithdrawn(await requireAnnouncement(trx, announcementId));
    await trx.updateTable("announcements").set({ withdrawn_at: ctx.now() }).where("id", "=", announcementId).execute();
    return requireAnnouncement(trx, announcementId);
  });
}

export async function listAnnouncements(ctx: StoreContext, eventId: string): Promise<Announcement[]> {
  await requireEvent(ctx.db, eventId);
  const rows = await ctx.db
    .selectFrom("announcements")
    .selectAll()
    .where("event_id", "=", eventId)
    .orderBy("published_at", "desc")
    .orderBy("id", "desc")
    .execute();
  return rows.map(toAnnouncement);
}

/** `AgendaRepository` over the store's context (the connection, or a transaction's). */
export class SqlAgenda implements AgendaRepository {
  readonly #ctx: () => StoreContext;

  constructor(context: () => StoreContext) {
    this.#ctx = context;
  }

  async add(eventId: string, input: NewAgendaItem): Promise<AgendaItem> {
    return addAgendaItem(this.#ctx(), eventId, input);
  }
  async list(eventId: string): Promise<AgendaItem[]> {
    return listAgendaItems(this.#ctx(), eventId);
  }
  async get(agendaItemId: string): Promise<AgendaItem> {
    return requireAgendaItem(this.#ctx().db, agendaItemId);
  }
  async update(agendaItemId: string, patch: AgendaItemPatch): Promise<AgendaItem> {
    return updateAgendaItem(this.#ctx(), agendaItemId, patch);
  }
  async move(agendaItemId: string, position: number): Promise<AgendaItem[]> {
    return moveAgendaItem(this.#ctx(), agendaItemId, position);
  }
  async delete(agendaItemId: string): Promise<void> {
    return deleteAgendaItem(this.#ctx(), agendaItemId);
  }
}

/** `AnnouncementsRepository` over the store's context (the connection, or a transaction's). */
export class SqlAnnouncements implements AnnouncementsRepository {
  readonly #ctx: () => StoreContext;

  constructor(context: () => StoreContext) {
    this.#ctx = context;
  }

  async publish(eventId: string, input: NewAnnouncement): Promise<Announcement> {
    return publishAnnouncement(this.#ctx(), eventId, input);
  }
  async list(eventId: string): Promise<Announcement[]> {
    return listAnnouncements(this.#ctx(), eventId);
  }
  async get(announcementId: string): Promise<Announcement> {
    return requireAnnouncement(this.#ctx().db, announcementId);
  }
  async edit(announcementId: string, input: AnnouncementEdit): Promise<Announcement> {
    return editAnnouncement(this.#ctx(), announcementId, input);
  }
  async withdraw(announcementId: string): Promise<Announcement> {
    return withdrawAnnouncement(this.#ctx(), announcementId);
  }
}
