import { z } from "zod";
import { idSchema } from "./common.ts";

const itemFields = { title: z.string().max(300), description: z.string().max(20_000) };

export const agendaItemRef = z.strictObject({ itemId: idSchema });

export const newAgendaItemInput = z.strictObject({
  title: itemFields.title,
  description: itemFields.description.optional(),
  position: z.number().int().min(0).optional(),
});
export type NewAgendaItemInput = z.input<typeof newAgendaItemInput>;

export const agendaItemPatchInput = z.strictObject(itemFields).partial().extend(agendaItemRef.shape);
export type AgendaItemPatchInput = z.input<typeof agendaItemPatchInput>;

export const moveAgendaItemInput = agendaItemRef.extend({ position: z.number().int().min(0) });
export type MoveAgendaItemInput = z.input<typeof moveAgendaItemInput>;
