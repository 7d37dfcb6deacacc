import type { Channel } from "phoenix";
import { ballotRoutes } from "../../../src/api/routes/ballots.ts";
import { participantElectionRoutes } from "../../../src/api/routes/elections.ts";
import type { VoteInput } from "../../../src/api/schemas/ballots.ts";
import { participantSessionRoutes } from "../../../src/api/routes/participant-session.ts";
import { ApiError, call } from "../api.ts";
import type { BallotChoice, BallotReceipt, ElectionChoice } from "../model.ts";
import { ballotIdFor, rememberReceipt } from "./receipts.ts";

export interface Vote {
  pollId: string;
  principalId: string;
  choice: BallotChoice;
}

const CHANNEL_TIMEOUT_MS = 5000;

/**
 * Over the channel when it is joined; `null` when it could not answer (not
 * joined, timed out, or the engine itself refused the push, e.g. its rate
 * limit: such a refusal carries a `reason`, never the app's `code`, and
 * says nothing about the vote, so HTTP gets to try).
 */
function overChannel(channel: Channel | null, event: "vote" | "election_vote", payload: object): Promise<BallotReceipt | null> {
  if (channel?.state !== "joined") return Promise.resolve(null);
  return new Promise((resolve, reject) => {
    channel
      .push(event, payload, CHANNEL_TIMEOUT_MS)
      .receive("ok", (reply: { receipt: BallotReceipt }) => resolve(reply.receipt))
      .receive("error", (reply: { code?: string; message?: string; reason?: string }) => {
        if (reply?.code === undefined && typeof reply?.reason === "string") resolve(null);
        else reject(new ApiError(409, reply?.code ?? "vote_refused", reply?.message ?? "the vote was refused"));
      })
      .receive("timeout", () => resolve(null));
  });
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
    (await overChannel(channel, "vote", { pollId, ...body })) ??
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
    (await overChannel(channel, "election_vote", { electionId, ...body })) ??
    (await overHttp(() => call(participantElectionRoutes.castElectionBallot, { params: { electionId }, body })));
  rememberReceipt(receipt);
  return receipt;
}
