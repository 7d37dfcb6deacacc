import type { LiveState } from "../live/hooks.ts";
import type { AdminRole, AdminView, AssemblyEvent, EventView, ParticipantCounts } from "../model.ts";

/** What every tab of the event console gets: the event as the API returned it and the two live views. */
export interface ConsoleContext {
  eventId: string;
  event: AssemblyEvent;
  role: AdminRole;
  counts: ParticipantCounts;
  /** Refetches `event`, `role` and `counts` (after the tab changed the event). */
  reload: () => void;
  admin: LiveState<AdminView>;
  live: LiveState<EventView>;
}

export const eventPath = (eventId: string, rest = ""): string => `/api/events/${encodeURIComponent(eventId)}${rest}`;
