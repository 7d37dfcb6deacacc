import { voteInput, type VoteInput } from "../api/schemas/ballots.ts";
import type { BallotReceipt } from "../domain/ballot.ts";
import type { ParticipantActor } from "./actor.ts";
import type { Command } from "./command.ts";

/**
 * A participant casts a ballot, for themselves or a principal whose proxy
 * they hold. Answered only after the ballot is committed; retrying with the
 * same `ballotId` returns the same receipt, another ballot id for the same
 * principal is `already_voted`.
 */
export const castBallot: Command<ParticipantActor, VoteInput, { receipt: BallotReceipt }> = {
  name: "castBallot",
  input: voteInput,
  async run({ store }, voter, { pollId, principalId = voter.participantId, ...ballot }) {
    await store.polls.checkVisible(voter.eventId, pollId);
    const receipt = await store.ballots.cast({ ...ballot, pollId, principalId, voterId: voter.participantId });
    const { eventId } = voter;
    return {
      result: { receipt },
      effects: [
        { kind: "participants", eventId },
        { kind: "participant", eventId, participantId: voter.participantId },
        // A proxy vote also changes what the principal sees.
        ...(principalId === voter.participantId ? [] : [{ kind: "participant" as const, eventId, participantId: principalId }]),
      ],
    };
  },
};
