import { electionVoteInput, type ElectionVoteInput } from "../api/schemas/elections.ts";
import type { BallotReceipt } from "../domain/ballot.ts";
import type { ParticipantActor } from "./actor.ts";
import { castInto } from "./cast-ballot.ts";
import type { Command } from "./command.ts";
import { electionOf } from "./scoped.ts";

/**
 * A participant casts an election ballot, for themselves or a principal
 * whose proxy they hold: the same ballot box and guarantees as `castBallot`
 * (one ballot per principal, retries by `ballotId`, sealed when secret),
 * the ballot checked against the election's method: one choice, or parts
 * where the election allows splitting.
 */
export const castElectionBallot: Command<ParticipantActor, ElectionVoteInput, { receipt: BallotReceipt }> = {
  name: "castElectionBallot",
  input: electionVoteInput,
  async run(ctx, voter, { electionId, ...ballot }) {
    await electionOf(ctx.store, voter.eventId, electionId);
    return castInto(ctx, voter, { ...ballot, pollId: electionId });
  },
};
