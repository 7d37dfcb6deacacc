import { agendaRoutes } from "./agenda.ts";
import { announcementRoutes } from "./announcements.ts";
import { auditLogRoutes } from "./audit-log.ts";
import { ballotRoutes } from "./ballots.ts";
import { eventRoutes } from "./events.ts";
import { exportRoutes } from "./exports.ts";
import { invitationRoutes } from "./invitations.ts";
import { mailRoutes } from "./mail.ts";
import { participantEventRoutes } from "./participant-event.ts";
import { pollRoutes } from "./polls.ts";

/** The whole API table, one group per aggregate. */
export const allRoutes = {
  ...eventRoutes,
  ...agendaRoutes,
  ...announcementRoutes,
  ...invitationRoutes,
  ...mailRoutes,
  ...pollRoutes,
  ...auditLogRoutes,
  ...exportRoutes,
  ...participantEventRoutes,
  ...ballotRoutes,
};
