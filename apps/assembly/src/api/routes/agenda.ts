import type { AgendaItem } from "../../domain/agenda.ts";
import { type None, route } from "../route.ts";
import type { AgendaItemPatchInput, MoveAgendaItemInput, NewAgendaItemInput } from "../schemas/agenda.ts";

type EventParams = { eventId: string };
type ItemParams = EventParams & { itemId: string };
type Items = { items: AgendaItem[] };

/** The event's agenda, for its admins: list, add, edit, reorder, delete (only items without polls). */
export const agendaRoutes = {
  listAgenda: route<EventParams, None, None, Items>("GET", "/api/events/:eventId/agenda"),
  addAgendaItem: route<EventParams, None, NewAgendaItemInput, { item: AgendaItem }>("POST", "/api/events/:eventId/agenda"),
  updateAgendaItem: route<ItemParams, None, Omit<AgendaItemPatchInput, "itemId">, { item: AgendaItem }>(
    "PATCH",
    "/api/events/:eventId/agenda/:itemId",
  ),
  /** Answers the whole agenda in its new order. */
  moveAgendaItem: route<ItemParams, None, Omit<MoveAgendaItemInput, "itemId">, Items>("POST", "/api/events/:eventId/agenda/:itemId/move"),
  deleteAgendaItem: route<ItemParams, None, None, undefined>("DELETE", "/api/events/:eventId/agenda/:itemId"),
};
