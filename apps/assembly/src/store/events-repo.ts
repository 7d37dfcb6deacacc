import { randomUUID } from "node:crypto";
import type { AssemblyEvent, EventStatus } from "../domain/event.ts";
import { defaultEventSettings, transitionEvent, validateEventName, validateEventSettings, validateTimezone } from "../domain/event.ts";
import { DomainError } from "../domain/errors.ts";
import { transact, type Executor, type StoreContext } from "./context.ts";
import { bool, toEvent } from "./rows.ts";
import type { EventPatch, EventsRepository, NewEvent } from "./store.ts";

export async function requireEvent(db: Executor, eventId: string): Promise<AssemblyEvent> {
  const row = await db.selectFrom("events").selectAll().where("id", "=", eventId).executeTakeFirst();
  if (row === undefined) throw new DomainError("not_found", "event not found", { eventId });
  return toEvent(row);
}

export async function createEvent(ctx: StoreContext, input: NewEvent): Promise<AssemblyEvent> {
  const settings = validateEventSettings(defaultEventSettings, input.settings);
  const row = {
    id: randomUUID(),
    name: validateEventName(input.name),
    timezone: validateTimezone(input.timezone ?? "UTC"),
    status: "draft",
    allow_proxy_chains: bool(settings.allowProxyChains),
    proxy_cap_per_delegate: settings.proxyCapPerDelegate,
    present_only_voting: bool(settings.presentOnlyVoting),
    created_at: ctx.now(),
  };
  await ctx.db.insertInto("events").values(row).execute();
  return toEvent(row);
}

export async function listEvents(ctx: StoreContext): Promise<AssemblyEvent[]> {
  const rows = await ctx.db.selectFrom("events").selectAll().orderBy("created_at").orderBy("id").execute();
  return rows.map(toEvent);
}

export async function updateEvent(ctx: StoreContext, eventId: string, patch: EventPatch): Promise<AssemblyEvent> {
  return transact(ctx, async (trx) => {
    const current = await requireEvent(trx, eventId);
    const settings = validateEventSettings(current.settings, patch.settings);
    const name = patch.name === undefined ? current.name : validateEventName(patch.name);
    const timezone = patch.timezone === undefined ? current.timezone : validateTimezone(patch.timezone);
    await trx
      .updateTable("events")
      .set({
        name,
        timezone,
        allow_proxy_chains: bool(settings.allowProxyChains),
        proxy_cap_per_delegate: settings.proxyCapPerDelegate,
        present_only_voting: bool(settings.presentOnlyVoting),
      })
      .where("id", "=", eventId)
      .execute();
    return { ...current, name, timezone, settings };
  });
}

/** Closing an event with a poll still open would strand ballots mid-vote, so it is refused. */
export async function setEventStatus(ctx: StoreContext, eventId: string, status: EventStatus): Promise<AssemblyEvent> {
  return transact(ctx, async (trx) => {
    const current = await requireEvent(trx, eventId);
    transitionEvent(current.status, status);
    if (status === "closed") {
      const open = await trx
        .selectFrom("polls")
        .select("id")
        .where("event_id", "=", eventId)
        .where("status", "=", "open")
        .executeTakeFirst();
      if (open !== undefined)
        throw new DomainError("polls_still_open", "close the open polls before closing the event", { pollId: open.id });
    }
    await trx.updateTable("events").set({ status }).where("id", "=", eventId).execute();
    return { ...current, status };
  });
}

/** `EventsRepository` over the store's context (the connection, or a transaction's). */
export class SqlEvents implements EventsRepository {
  readonly #ctx: () => StoreContext;

  constructor(context: () => StoreContext) {
    this.#ctx = context;
  }

  async create(input: NewEvent): Promise<AssemblyEvent> {
    return createEvent(this.#ctx(), input);
  }
  async get(eventId: string): Promise<AssemblyEvent> {
    return requireEvent(this.#ctx().db, eventId);
  }
  async list(): Promise<AssemblyEvent[]> {
    return listEvents(this.#ctx());
  }
  async update(eventId: string, patch: EventPatch): Promise<AssemblyEvent> {
    return updateEvent(this.#ctx(), eventId, patch);
  }
  async setStatus(eventId: string, status: EventStatus): Promise<AssemblyEvent> {
    return setEventStatus(this.#ctx(), eventId, status);
  }
}
