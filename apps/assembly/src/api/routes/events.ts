import type { AssemblyEvent } from "../../domain/event.ts";
import type { AdminRole } from "../../domain/roles.ts";
import type { ParticipantCounts } from "../../store/store.ts";
import { type None, route } from "../route.ts";
import type { EventPatchInput, NewEventInput } from "../schemas/events.ts";

type EventParams = { eventId: string };
type EventAnswer = { event: AssemblyEvent };

/** The event's participants as counted for the console, with how many hold an active personal link. */
export interface EventCounts extends ParticipantCounts {
  readonly invited: number;
}

/** An event with the signed-in admin's role in it. */
export interface EventWithRole {
  readonly event: AssemblyEvent;
  readonly role: AdminRole;
}

/** Events: the signed-in admin's list, creation (the creator becomes owner), one event, its settings, open and close. */
export const eventRoutes = {
  listEvents: route<None, None, None, { events: EventWithRole[] }>("GET", "/api/events"),
  createEvent: route<None, None, NewEventInput, EventWithRole>("POST", "/api/events"),
  getEvent: route<EventParams, None, None, EventWithRole & { counts: EventCounts }>("GET", "/api/events/:eventId"),
  updateEvent: route<EventParams, None, EventPatchInput, EventAnswer>("PATCH", "/api/events/:eventId"),
  openEvent: route<EventParams, None, None, EventAnswer>("POST", "/api/events/:eventId/open"),
  closeEvent: route<EventParams, None, None, EventAnswer>("POST", "/api/events/:eventId/close"),
};
