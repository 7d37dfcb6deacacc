import { randomUUID } from "node:crypto";
import { DomainError } from "../domain/errors.ts";
import { AUTO, contentAt, validateProjectorName, type Projector, type ProjectorContentInput } from "../domain/projector.ts";
import { transact, type Executor, type StoreContext } from "./context.ts";
import { requireEvent } from "./events-repo.ts";
import { toProjector } from "./rows.ts";
import type { ProjectorsRepository } from "./store.ts";

async function requireProjector(db: Executor, projectorId: string): Promise<Projector> {
  const row = await db.selectFrom("projectors").selectAll().where("id", "=", projectorId).executeTakeFirst();
  if (row === undefined) throw new DomainError("not_found", "projector not found", { projectorId });
  return toProjector(row);
}

/** Two screens called "Hall" and "hall" would be one screen to the chairs choosing between them. */
async function refuseTakenName(db: Executor, eventId: string, name: string, except: string | null): Promise<void> {
  const rows = await db.selectFrom("projectors").select(["id", "name"]).where("event_id", "=", eventId).execute();
  const taken = rows.find((row) => row.id !== except && row.name.toLocaleLowerCase() === name.toLocaleLowerCase());
  if (taken !== undefined) throw new DomainError("conflict", "another screen of the event has this name", { field: "name" });
}

export async function createProjector(ctx: StoreContext, eventId: string, name: string): Promise<Projector> {
  const valid = validateProjectorName(name);
  return transact(ctx, async (trx) => {
    await requireEvent(trx, eventId);
    await refuseTakenName(trx, eventId, valid, null);
    const now = ctx.now();
    const row = { id: randomUUID(), event_id: eventId, name: valid, content: JSON.stringify(AUTO), changed_at: now, created_at: now };
    await trx.insertInto("projectors").values(row).execute();
    return toProjector(row);
  });
}

export async function listProjectors(ctx: StoreContext, eventId: string): Promise<Projector[]> {
  await requireEvent(ctx.db, eventId);
  const rows = await ctx.db
    .selectFrom("projectors")
    .selectAll()
    .where("event_id", "=", eventId)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
  return rows.map(toProjector);
}

export async function renameProjector(ctx: StoreContext, projectorId: string, name: string): Promise<Projector> {
  const valid = validateProjectorName(name);
  return transact(ctx, async (trx) => {
    const current = await requireProjector(trx, projectorId);
    await refuseTakenName(trx, current.eventId, valid, projectorId);
    await trx.updateTable("projectors").set({ name: valid }).where("id", "=", projectorId).execute();
    return { ...current, name: valid };
  });
}

export async function showOnProjector(ctx: StoreContext, projectorId: string, input: ProjectorContentInput): Promise<Projector> {
  const now = ctx.now();
  return transact(ctx, async (trx) => {
    const current = await requireProjector(trx, projectorId);
    const content = contentAt(input, now, (await requireEvent(trx, current.eventId)).timezone);
    await trx
      .updateTable("projectors")
      .set({ content: JSON.stringify(content), changed_at: now })
      .where("id", "=", projectorId)
      .execute();
    return { ...current, content, changedAt: new Date(now).toISOString() };
  });
}

export async function deleteProjector(ctx: StoreContext, projectorId: string): Promise<void> {
  await transact(ctx, async (trx) => {
    await requireProjector(trx, projectorId);
    await trx.deleteFrom("projectors").where("id", "=", projectorId).execute();
  });
}

/** `ProjectorsRepository` over the store's context (the connection, or a transaction's). */
export class SqlProjectors implements ProjectorsRepository {
  readonly #ctx: () => StoreContext;

  constructor(context: () => StoreContext) {
    this.#ctx = context;
  }

  async create(eventId: string, name: string): Promise<Projector> {
    return createProjector(this.#ctx(), eventId, name);
  }
  async list(eventId: string): Promise<Projector[]> {
    return listProjectors(this.#ctx(), eventId);
  }
  async get(projectorId: string): Promise<Projector> {
    return requireProjector(this.#ctx().db, projectorId);
  }
  async rename(projectorId: string, name: string): Promise<Projector> {
    return renameProjector(this.#ctx(), projectorId, name);
  }
  async show(projectorId: string, content: ProjectorContentInput): Promise<Projector> {
    return showOnProjector(this.#ctx(), projectorId, content);
  }
  async delete(projectorId: string): Promise<void> {
    return deleteProjector(this.#ctx(), projectorId);
  }
}
