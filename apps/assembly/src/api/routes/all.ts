import { adminAuthRoutes } from "./admin-auth.ts";
import { agendaRoutes } from "./agenda.ts";
import { announcementRoutes } from "./announcements.ts";
import { auditLogRoutes } from "./audit-log.ts";
import { ballotRoutes } from "./ballots.ts";
import { electionRoutes, participantElectionRoutes } from "./elections.ts";
import { eventRoutes } from "./events.ts";
import { exportRoutes } from "./exports.ts";
import { invitationRoutes } from "./invitations.ts";
import { mailRoutes } from "./mail.ts";
import { operationsRoutes } from "./operations.ts";
import { participantEventRoutes } from "./participant-event.ts";
import { participantSessionRoutes } from "./participant-session.ts";
import { participantImportRoutes, participantRoutes } from "./participants.ts";
import { pollRoutes } from "./polls.ts";
import { proxyRoutes } from "./proxies.ts";
import { roleRoutes } from "./roles.ts";

/** The whole API table, one group per aggregate. */
export const allRoutes = {
  ...adminAuthRoutes,
  ...eventRoutes,
  ...roleRoutes,
  ...agendaRoutes,
  ...announcementRoutes,
  ...participantRoutes,
  ...participantImportRoutes,
  ...invitationRoutes,
  ...mailRoutes,
  ...proxyRoutes,
  ...pollRoutes,
  ...electionRoutes,
  ...auditLogRoutes,
  ...exportRoutes,
  ...participantEventRoutes,
  ...ballotRoutes,
  ...participantElectionRoutes,
  ...participantSessionRoutes,
  ...operationsRoutes,
};
