import type { Channel } from "phoenix";
import { ballotRoutes } from "../../../src/api/routes/ballots.ts";
import { participantElectionRoutes } from "../../../src/api/routes/elections.ts";
import { participantSessionRoutes } from "../../../src/api/routes/participant-session.ts";
import type { VoteInput } from "../../../src/api/schemas/ballots.ts";
import { ApiError, call } from "../api.ts";
import { pushOrNull } from "../live/push-or-null.ts";
import type { BallotChoice, BallotReceipt, ElectionChoice } from "../model.ts";
import { ballotIdFor, rememberReceipt } from "./receipts.ts";

export interface Vote {
  pollId: string;
  principalId: string;
  choice: BallotChoice;
}

/**
 * Over HTTP. The live channel is what keeps a phone checked in; with it down,
 * a present-only event may no longer count this phone present. Someone casting
 * a vote in the app is here: check in over HTTP and try once more.
 */
async function overHttp(post: () => Promise<{ receipt: BallotReceipt }>): Promise<BallotReceipt> {
  try {
    return (await post()).receipt;
  } catch (error) {
    if (!(error instanceof ApiError && error.code === "not_present")) throw error;
    await call(participantSessionRoutes.selfCheckIn, {});
    return (await post()).receipt;
  }
}

/**
 * Casts a ballot and resolves to its receipt once the server stored it:
 * over the participant channel, falling back to HTTP when the channel is
 * down or silent. Both carry the same ballot id, so a vote that did arrive
 * over the channel is not counted twice by the fallback.
 */
export async function castVote(channel: Channel | null, vote: Vote): Promise<BallotReceipt> {
  const ballotId = ballotIdFor(vote.pollId, vote.principalId);
  const { pollId, ...body }: VoteInput = { pollId: vote.pollId, ballotId, principalId: vote.principalId, choice: vote.choice };
  const receipt =
    (await pushOrNull<{ receipt: BallotReceipt }>(channel, "vote", { pollId, ...body }))?.receipt ??
    (await overHttp(() => call(ballotRoutes.castBallot, { params: { pollId }, body })));
  rememberReceipt(receipt);
  return receipt;
}

export interface ElectionVote {
  electionId: string;
  principalId: string;
  choice: ElectionChoice;
}

/** As `castVote`, for an election: the `election_vote` event, else the election's ballot route. */
export async function castElectionVote(channel: Channel | null, vote: ElectionVote): Promise<BallotReceipt> {
  const { electionId, principalId, choice } = vote;
  const body = { ballotId: ballotIdFor(electionId, principalId), principalId, choice };
  const receipt =
    (await pushOrNull<{ receipt: BallotReceipt }>(channel, "election_vote", { electionId, ...body }))?.receipt ??
    (await overHttp(() => call(participantElectionRoutes.castElectionBallot, { params: { electionId }, body })));
  rememberReceipt(receipt);
  return receipt;
}
