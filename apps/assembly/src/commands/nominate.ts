import { nominationInput } from "../api/schemas/elections.ts";
import type { z } from "zod";
import type { Election } from "../domain/election/election.ts";
import type { ParticipantActor } from "./actor.ts";
import type { Command } from "./command.ts";
import { eventChanged } from "./effect.ts";
import { electionOf } from "./scoped.ts";

/**
 * A participant nominates themselves or another participant of the roll for
 * an election whose nomination phase is open; name and attributes come from
 * the roll. The list shows who nominated whom.
 */
export const nominateCandidate: Command<ParticipantActor, z.output<typeof nominationInput>, { election: Election }> = {
  name: "nominateCandidate",
  input: nominationInput,
  async run({ store }, voter, { electionId, participantId = voter.participantId, statement }) {
    await electionOf(store, voter.eventId, electionId);
    const election = await store.elections.nominate(electionId, { participantId, statement }, voter.participantId);
    return { result: { election }, effects: eventChanged(voter.eventId) };
  },
};
