import type { Connection } from "../live/connection.ts";
import type { LiveState } from "../live/hooks.ts";
import type { EventCounts } from "../../../src/api/routes/events.ts";
import type { AdminRole, AdminView, AssemblyEvent, EventView, ProjectorsView, SpeakersView } from "../model.ts";

/** What every tab of the event console gets: the event as the API returned it and the live views. */
export interface ConsoleContext {
  eventId: string;
  event: AssemblyEvent;
  role: AdminRole;
  counts: EventCounts;
  /** Refetches `event`, `role` and `counts` (after the tab changed the event). */
  reload: () => void;
  admin: LiveState<AdminView>;
  live: LiveState<EventView>;
  /** The console's socket, for tabs with live views of their own (the motion book). */
  connection: Connection | null;
  speakers: LiveState<SpeakersView>;
  /** The event's screens and what each shows: the previews and every "show on" button read it. */
  projectors: LiveState<ProjectorsView>;
}

/**
 * Whether the admin changes the day's content (agenda, announcements, people,
 * polls, links): owners and chairs do; observers only read. The server
 * refuses observers anyway; hiding the controls spares them the error.
 */
export const mayChange = (ctx: Pick<ConsoleContext, "role">): boolean => ctx.role !== "observer";
