import { type Attachment, type None, route } from "../route.ts";
import type { ExportLinksInput } from "../schemas/invitations.ts";

type EventParams = { eventId: string };
type ParticipantParams = EventParams & { participantId: string };

/** A new personal link; shown this once (links are stored hashed). */
export interface IssuedLink {
  readonly token: string;
  readonly link: string;
}

/**
 * Personal invitation links, for the event's admins. Issuing one replaces
 * the participant's earlier links; the CSV export (for a mail merge) issues
 * links only to those without one, unless `reissue: "all"`.
 */
export const invitationRoutes = {
  issueInvitation: route<ParticipantParams, None, None, IssuedLink>("POST", "/api/events/:eventId/participants/:participantId/invitation"),
  revokeInvitation: route<ParticipantParams, None, None, undefined>(
    "DELETE",
    "/api/events/:eventId/participants/:participantId/invitation",
  ),
  exportInvitations: route<EventParams, ExportLinksInput, None, Attachment>("POST", "/api/events/:eventId/invitations/export"),
};
