import type { Participant } from "../../domain/participant.ts";
import { type None, route } from "../route.ts";
import type { TokenExchangeInput } from "../schemas/participant-session.ts";
import type { PresenceAnswer } from "./participants.ts";

type Named = { readonly id: string; readonly name: string };

/** What a participant sees about themselves: their record, presence, and proxies both ways. */
export interface ParticipantSelf {
  readonly participant: Pick<Participant, "id" | "eventId" | "name" | "email" | "group" | "region" | "weight" | "eligible">;
  readonly present: boolean;
  /** Whom they gave their vote to. */
  readonly delegatedTo: Named | null;
  /** Whose votes they carry. */
  readonly principals: Named[];
}

/**
 * The participant side of the API: the invitation token from the link is
 * exchanged for an HttpOnly cookie (so it leaves the address bar and
 * history) and stays the credential, so revoking the link signs them out;
 * self check-in/out while the event is open; taking a delegated vote back.
 */
export const participantSessionRoutes = {
  participantSignIn: route<None, None, TokenExchangeInput, ParticipantSelf>("POST", "/api/participant/session"),
  participantSignOut: route<None, None, None, undefined>("DELETE", "/api/participant/session"),
  participantMe: route<None, None, None, ParticipantSelf>("GET", "/api/participant/me"),
  selfCheckIn: route<None, None, None, PresenceAnswer>("POST", "/api/participant/presence"),
  selfCheckOut: route<None, None, None, PresenceAnswer>("DELETE", "/api/participant/presence"),
  takeBackProxy: route<None, None, None, undefined>("DELETE", "/api/participant/proxy"),
};
