import type { Channel } from "phoenix";
import { api, ApiError } from "../api.ts";
import type { BallotChoice, BallotReceipt } from "../model.ts";
import { ballotIdFor, rememberReceipt } from "./receipts.ts";

export interface Vote {
  pollId: string;
  principalId: string;
  choice: BallotChoice;
}

const CHANNEL_TIMEOUT_MS = 5000;

/** Over the channel when it is joined; `null` when it could not answer (not joined, timed out). */
function overChannel(channel: Channel | null, payload: object): Promise<BallotReceipt | null> {
  if (!channel || channel.state !== "joined") return Promise.resolve(null);
  return new Promise((resolve, reject) => {
    channel
      .push("vote", payload, CHANNEL_TIMEOUT_MS)
      .receive("ok", (reply: { receipt: BallotReceipt }) => resolve(reply.receipt))
      .receive("error", (reply: { code?: string; message?: string }) =>
        reject(new ApiError(409, reply?.code ?? "vote_refused", reply?.message ?? "the vote was refused")),
      )
      .receive("timeout", () => resolve(null));
  });
}

/**
 * Casts a ballot and resolves to its receipt once the server stored it:
 * over the participant channel, falling back to HTTP when the channel is
 * down or silent. Both carry the same ballot id, so a vote that did arrive
 * over the channel is not counted twice by the fallback.
 */
export async function castVote(channel: Channel | null, vote: Vote): Promise<BallotReceipt> {
  const ballotId = ballotIdFor(vote.pollId, vote.principalId);
  const payload = { pollId: vote.pollId, ballotId, principalId: vote.principalId, choice: vote.choice };
  const receipt =
    (await overChannel(channel, payload)) ??
    (
      await api<{ receipt: BallotReceipt }>("POST", `/api/participant/polls/${encodeURIComponent(vote.pollId)}/ballots`, {
        ballotId,
        principalId: vote.principalId,
        choice: vote.choice,
      })
    ).receipt;
  rememberReceipt(receipt);
  return receipt;
}
