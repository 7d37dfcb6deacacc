import { voteInput, type VoteInput } from "../api/schemas/ballots.ts";
import type { BallotReceipt } from "../domain/ballot.ts";
import { DomainError } from "../domain/errors.ts";
import type { CastBallotInput } from "../store/store.ts";
import type { ParticipantActor } from "./actor.ts";
import type { Command, CommandContext } from "./command.ts";
import type { Outcome } from "./effect.ts";

/**
 * Casts into a poll's ballot box (a floor poll's or an election's) for the
 * voter or a principal whose proxy they hold; answered after the commit.
 * Turnout changes for the chairs, and the voted flags of voter and principal.
 */
export async function castInto(
  { store }: CommandContext,
  voter: ParticipantActor,
  {
    principalId = voter.participantId,
    ...ballot
  }: Omit<CastBallotInput, "voterId" | "principalId"> & { readonly principalId?: string | undefined },
): Promise<Outcome<{ receipt: BallotReceipt }>> {
  await store.polls.checkVisible(voter.eventId, ballot.pollId);
  const receipt = await store.ballots.cast({ ...ballot, principalId, voterId: voter.participantId });
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
}

/**
 * A participant casts a ballot in a floor poll, for themselves or a principal
 * whose proxy they hold. Answered only after the ballot is committed;
 * retrying with the same `ballotId` returns the same receipt, another ballot
 * id for the same principal is `already_voted`. An election's ballot box is
 * refused here: a floor poll's "abstain" would pass as a valid election
 * ballot without ever being checked against the election's method.
 */
export const castBallot: Command<ParticipantActor, VoteInput, { receipt: BallotReceipt }> = {
  name: "castBallot",
  input: voteInput,
  async run(ctx, voter, input) {
    if ((await ctx.store.polls.checkVisible(voter.eventId, input.pollId)) === "election") {
      throw new DomainError(
        "election_ballot_route",
        "this is an election: cast its ballot at /api/participant/elections/:electionId/ballots",
        {
          electionId: input.pollId,
        },
      );
    }
    return castInto(ctx, voter, input);
  },
};
