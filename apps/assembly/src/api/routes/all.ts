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
import { motionRoutes } from "./motions.ts";
import { operationsRoutes } from "./operations.ts";
import { participantEventRoutes } from "./participant-event.ts";
import { participantMotionRoutes } from "./participant-motions.ts";
import { participantSessionRoutes } from "./participant-session.ts";
import { participantImportRoutes, participantRoutes } from "./participants.ts";
import { paperVoteRoutes } from "./paper-votes.ts";
import { pollRoutes } from "./polls.ts";
import { projectorRoutes } from "./projectors.ts";
import { proxyRoutes } from "./proxies.ts";
import { recordRoutes } from "./record.ts";
import { roleRoutes } from "./roles.ts";
import { ssoRoutes } from "./sso.ts";
import { speakerRequestRoutes, speakerRoutes } from "./speakers.ts";

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
  ...paperVoteRoutes,
  ...motionRoutes,
  ...speakerRoutes,
  ...electionRoutes,
  ...projectorRoutes,
  ...auditLogRoutes,
  ...exportRoutes,
  ...recordRoutes,
  ...participantEventRoutes,
  ...participantMotionRoutes,
  ...ballotRoutes,
  ...speakerRequestRoutes,
  ...participantElectionRoutes,
  ...participantSessionRoutes,
  ...ssoRoutes,
  ...operationsRoutes,
};
