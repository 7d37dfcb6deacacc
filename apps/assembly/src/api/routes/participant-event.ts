import type { AgendaItem, Announcement } from "../../domain/agenda.ts";
import type { AssemblyEvent } from "../../domain/event.ts";
import type { Poll } from "../../domain/poll.ts";
import type { Tally } from "../../domain/tally.ts";
import type { NamedBallot } from "../../store/store.ts";
import { type None, route } from "../route.ts";
import type { Entitlement } from "./ballots.ts";

/**
 * A poll as a participant may see it: open polls carry whom the participant
 * may vote for; results (and, for named polls, who voted what) only once
 * published.
 */
export interface ParticipantPoll {
  readonly poll: Poll;
  readonly entitlements: Entitlement[] | null;
  readonly result: Tally | null;
  readonly namedBallots: NamedBallot[] | null;
}

/** The participant's view of their event: no drafts, nothing only admins see. */
export interface ParticipantEvent {
  readonly event: Pick<AssemblyEvent, "id" | "name" | "timezone" | "status" | "settings">;
  readonly agenda: AgendaItem[];
  readonly announcements: Announcement[];
  readonly polls: ParticipantPoll[];
}

/** The participant's event in one answer (the live views carry the same, kept current). */
export const participantEventRoutes = {
  participantEvent: route<None, None, None, ParticipantEvent>("GET", "/api/participant/event"),
};
