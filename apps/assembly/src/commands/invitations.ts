import type { IssuedLink } from "../api/routes/invitations.ts";
import { exportLinksInput, type ExportLinksInput, participantRef } from "../api/schemas/invitations.ts";
import { issueInvitation as newInvitationToken } from "../auth/participant-auth.ts";
import { generateToken, hashToken } from "../auth/token.ts";
import { invitationLinksCsv } from "../csv/invitation-links.ts";
import type { Participant } from "../domain/participant.ts";
import type { Store, StoreOperations } from "../store/store.ts";
import type { EventAccess } from "./actor.ts";
import { adminIn, audited } from "./audit.ts";
import type { EventCommand } from "./command.ts";
import { csvExportFormat } from "./csv-export-format.ts";
import { csvDownload, type Download } from "./download.ts";
import { type Outcome, unwatched } from "./effect.ts";
import { participantOf } from "./scoped.ts";

/*
 * Personal invitation links. Tokens are stored hashed, so a link can be shown
 * only when it is made. Issuing one participant's link replaces their earlier
 * ones; the CSV export issues links only to participants without an active
 * one (links already mailed keep working), unless `reissue: "all"` asks to
 * replace everyone's.
 */

/** Where a participant opens the app with a token (the app's public address). */
export type InvitationUrl = (token: string) => string;

/** Where participants open the app when no public address is configured. */
export const defaultPublicBaseUrl = "http://localhost:3000";

/** Links at `publicBaseUrl` (read per link: it may be known only once the server listens): `<publicBaseUrl>/join#<token>`. */
export function invitationUrlAt(publicBaseUrl: string | (() => string)): InvitationUrl {
  const base = () => (typeof publicBaseUrl === "string" ? publicBaseUrl : publicBaseUrl()).replace(/\/+$/, "");
  // In the fragment, the token never reaches a server log or a Referer header.
  return (token) => `${base()}/join#${token}`;
}

type ParticipantRef = { participantId: string };

/**
 * Changes one participant's links, audited. Their old link stops working, so
 * the sessions made from it end now, everywhere (the next join is checked
 * again); the chairs' participant lists refresh as for any change to a participant.
 */
async function relink<T>(
  store: Store,
  access: EventAccess,
  { participantId }: ParticipantRef,
  action: string,
  change: (tx: StoreOperations) => Promise<T>,
): Promise<Outcome<T>> {
  const { id: eventId } = access.event;
  const result = await audited(store, adminIn(access), action, async (tx) => {
    await participantOf(tx, eventId, participantId);
    return { result: await change(tx), audit: { subject: participantId } };
  });
  return {
    result,
    effects: [
      { kind: "signedOut", actor: { kind: "participant", participantId, eventId } },
      { kind: "participants", eventId },
    ],
  };
}

export const issueInvitation = (invitationUrl: InvitationUrl): EventCommand<ParticipantRef, IssuedLink> => ({
  name: "issueInvitation",
  permission: "invitations.manage",
  input: participantRef,
  run: ({ store }, access, ref) =>
    relink(store, access, ref, "invitation.issue", async (tx) => {
      const token = await newInvitationToken(tx, ref.participantId);
      return { token, link: invitationUrl(token) };
    }),
});

export const revokeInvitation: EventCommand<ParticipantRef, undefined> = {
  name: "revokeInvitation",
  permission: "invitations.manage",
  input: participantRef,
  run: ({ store }, access, ref) =>
    relink(store, access, ref, "invitation.revoke", async (tx) => {
      await tx.invitations.revoke(ref.participantId);
      return undefined;
    }),
};

const PAGE = 1000;

async function everyParticipant(store: StoreOperations, eventId: string): Promise<Participant[]> {
  const participants: Participant[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = await store.participants.list(eventId, { offset, limit: PAGE });
    participants.push(...page.items);
    if (page.items.length < PAGE) return participants;
  }
}

/** Every participant with their new link, or none where theirs was kept: the rows of the mail-merge CSV. */
export const exportInvitations = (invitationUrl: InvitationUrl): EventCommand<ExportLinksInput, Download> => ({
  name: "exportInvitations",
  permission: "invitations.manage",
  input: exportLinksInput,
  async run({ store }, access, { reissue, separator }) {
    const eventId = access.event.id;
    const reissueAll = reissue === "all";
    const rows = await audited(store, adminIn(access), reissueAll ? "invitations.reissue_all" : "invitations.export", async (tx) => {
      const participants = await everyParticipant(tx, eventId);
      const tokens = participants.map(() => generateToken());
      const entries = participants.map((participant, index) => ({ participantId: participant.id, tokenHash: hashToken(tokens[index]!) }));
      const issued = new Set(await tx.invitations.issueMany(entries, { skipInvited: !reissueAll }));
      return {
        result: participants.map((participant, index) => ({
          participant,
          link: issued.has(participant.id) ? invitationUrl(tokens[index]!) : null,
        })),
        audit: { after: { issued: issued.size, keptEarlier: participants.length - issued.size } },
      };
    });
    return {
      result: csvDownload(`invitations-${eventId}.csv`, invitationLinksCsv(rows, await csvExportFormat(store, access.event, separator))),
      effects: reissueAll ? [{ kind: "linksReplaced", eventId }] : unwatched("only participants without a link get one: no session ends"),
    };
  },
});
