import type { z } from "zod";
import type { ParticipantSelf } from "../api/routes/participant-session.ts";
import { noInput } from "../api/schemas/common.ts";
import { tokenExchangeInput } from "../api/schemas/participant-session.ts";
import { authenticateParticipant } from "../auth/participant-auth.ts";
import { hashToken } from "../auth/token.ts";
import { DomainError } from "../domain/errors.ts";
import type { Participant } from "../domain/participant.ts";
import type { Store } from "../store/store.ts";
import type { ParticipantActor } from "./actor.ts";
import type { Command, Query } from "./command.ts";
import { unwatched } from "./effect.ts";

/** What a participant sees about themselves: their record, presence and proxies both ways. */
async function participantSelf(store: Store, participant: Participant): Promise<ParticipantSelf> {
  const [present, proxies] = await Promise.all([store.attendance.isPresent(participant.id), store.proxies.list(participant.eventId)]);
  const delegatedTo = proxies.find((proxy) => proxy.principalId === participant.id)?.delegateId ?? null;
  const principalIds = proxies.filter((proxy) => proxy.delegateId === participant.id).map((proxy) => proxy.principalId);
  const nameOf = async (id: string) => ({ id, name: (await store.participants.get(id)).name });
  const { id, eventId, name, email, group, region, weight, eligible } = participant;
  return {
    participant: { id, eventId, name, email, group, region, weight, eligible },
    present,
    delegatedTo: delegatedTo === null ? null : await nameOf(delegatedTo),
    principals: await Promise.all(principalIds.map(nameOf)),
  };
}

/**
 * The token of an invitation link, checked and handed back: the edge keeps it as the
 * participant's credential (a cookie), so revoking the link signs them out.
 * An unknown or revoked token is `invalid_token`.
 */
export const participantSignIn: Command<undefined, z.output<typeof tokenExchangeInput>, { token: string; self: ParticipantSelf }> = {
  name: "participantSignIn",
  input: tokenExchangeInput,
  async run({ store }, _caller, { token }) {
    const participant = await authenticateParticipant(store, token);
    if (!participant) throw new DomainError("invalid_token", "this invitation link is not valid (any more)");
    // "Opened their link": reminders go to those who never did.
    await store.invitations.recordUse(hashToken(token));
    return {
      result: { token, self: await participantSelf(store, participant) },
      effects: unwatched("signing in; the socket connects afterwards"),
    };
  },
};

export const participantMe: Query<ParticipantActor, object, ParticipantSelf> = {
  name: "participantMe",
  input: noInput,
  run: async ({ store }, { participantId }) => participantSelf(store, await store.participants.get(participantId)),
};
