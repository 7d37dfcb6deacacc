import type { z } from "zod";
import { agendaItemPatchInput, agendaItemRef, moveAgendaItemInput, newAgendaItemInput } from "../api/schemas/agenda.ts";
import { noInput } from "../api/schemas/common.ts";
import type { AgendaItem } from "../domain/agenda.ts";
import { adminIn, audited, auditedCreation, auditedUpdate } from "./audit.ts";
import type { EventCommand, EventQuery } from "./command.ts";
import { eventChanged } from "./effect.ts";
import { agendaItemOf } from "./scoped.ts";

type Items = { items: AgendaItem[] };

export const listAgenda: EventQuery<object, Items> = {
  name: "listAgenda",
  permission: "event.view",
  input: noInput,
  run: async ({ store }, { event }) => ({ items: await store.agenda.list(event.id) }),
};

export const addAgendaItem: EventCommand<z.output<typeof newAgendaItemInput>, { item: AgendaItem }> = {
  name: "addAgendaItem",
  permission: "agenda.edit",
  input: newAgendaItemInput,
  async run({ store }, access, input) {
    const item = await auditedCreation(store, adminIn(access), "agenda.add", (tx) => tx.agenda.add(access.event.id, input));
    return { result: { item }, effects: eventChanged(access.event.id) };
  },
};

export const updateAgendaItem: EventCommand<z.output<typeof agendaItemPatchInput>, { item: AgendaItem }> = {
  name: "updateAgendaItem",
  permission: "agenda.edit",
  input: agendaItemPatchInput,
  async run({ store }, access, { itemId, ...patch }) {
    const item = await auditedUpdate(
      store,
      adminIn(access),
      "agenda.update",
      itemId,
      (tx) => agendaItemOf(tx, access.event.id, itemId),
      (tx) => tx.agenda.update(itemId, patch),
    );
    return { result: { item }, effects: eventChanged(access.event.id) };
  },
};

/** Moves one item; answers the whole agenda in its new order. */
export const moveAgendaItem: EventCommand<z.output<typeof moveAgendaItemInput>, Items> = {
  name: "moveAgendaItem",
  permission: "agenda.edit",
  input: moveAgendaItemInput,
  async run({ store }, access, { itemId, position }) {
    const items = await audited(store, adminIn(access), "agenda.move", async (tx) => {
      const before = await agendaItemOf(tx, access.event.id, itemId);
      const order = await tx.agenda.move(itemId, position);
      return { result: order, audit: { subject: itemId, before: { position: before.position }, after: { position } } };
    });
    return { result: { items }, effects: eventChanged(access.event.id) };
  },
};

/** Deletes an item; the store refuses one that has polls (`conflict`). */
export const deleteAgendaItem: EventCommand<{ itemId: string }, undefined> = {
  name: "deleteAgendaItem",
  permission: "agenda.edit",
  input: agendaItemRef,
  async run({ store }, access, { itemId }) {
    await audited(store, adminIn(access), "agenda.delete", async (tx) => {
      const before = await agendaItemOf(tx, access.event.id, itemId);
      await tx.agenda.delete(itemId);
      return { result: undefined, audit: { subject: itemId, before } };
    });
    return { result: undefined, effects: eventChanged(access.event.id) };
  },
};
