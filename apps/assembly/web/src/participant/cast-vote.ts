import type { Channel } from "phoenix";
import { pushOrNull } from "../live/push-or-null.ts";
import { ballotRoutes } from "../../../src/api/routes/ballots.ts";
import type { VoteInput } from "../../../src/api/schemas/ballots.ts";
import { participantSessionRoutes } from "../../../src/api/routes/participant-session.ts";
import { ApiError, call } from "../api.ts";
import type { BallotChoice, BallotReceipt } from "../model.ts";
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
async function overHttp({ pollId, ...body }: VoteInput): Promise<BallotReceipt> {
  const post = () => call(ballotRoutes.castBallot, { params: { pollId }, body });
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
  const input: VoteInput = { pollId: vote.pollId, ballotId, principalId: vote.principalId, choice: vote.choice };
  const receipt = (await pushOrNull<{ receipt: BallotReceipt }>(channel, "vote", input))?.receipt ?? (await overHttp(input));
  rememberReceipt(receipt);
  return receipt;
}
