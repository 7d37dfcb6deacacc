import type { Channel } from "phoenix";
import { ballotRoutes } from "../../../src/api/routes/ballots.ts";
import { participantElectionRoutes } from "../../../src/api/routes/elections.ts";
import { participantSessionRoutes } from "../../../src/api/routes/participant-session.ts";
import type { VoteInput } from "../../../src/api/schemas/ballots.ts";
import { ApiError, call } from "../api.ts";
import { pushOrNull } from "../live/push-or-null.ts";
import type { BallotPart } from "../../../src/domain/ballot.ts";
import type { ElectionBallotPart } from "../../../src/domain/election/ballot.ts";
import type { BallotChoice, BallotReceipt, ElectionChoice } from "../model.ts";
import { ballotIdFor, rememberReceipt } from "./receipts.ts";

/** A floor poll's ballot: one choice, or the weight split into parts (where the poll allows it). */
export type Ballot = { readonly choice: BallotChoice } | { readonly parts: readonly BallotPart[] };

export type Vote = { readonly pollId: string; readonly principalId: string } & Ballot;

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
  const { pollId, principalId, ...ballot } = vote;
  const body: Omit<VoteInput, "pollId"> = { ballotId: ballotIdFor(pollId, principalId), principalId, ...ballot };
  const receipt =
    (await pushOrNull<{ receipt: BallotReceipt }>(channel, "vote", { pollId, ...body }))?.receipt ??
    (await overHttp(() => call(ballotRoutes.castBallot, { params: { pollId }, body })));
  rememberReceipt(receipt);
  return receipt;
}

/** An election's ballot: one choice, or the weight split into parts (where the election allows it). */
export type ElectionBallotInput = { readonly choice: ElectionChoice } | { readonly parts: readonly ElectionBallotPart[] };

export type ElectionVote = { readonly electionId: string; readonly principalId: string } & ElectionBallotInput;

/** As `castVote`, for an election: the `election_vote` event, else the election's ballot route. */
export async function castElectionVote(channel: Channel | null, vote: ElectionVote): Promise<BallotReceipt> {
  const { electionId, principalId, ...ballot } = vote;
  const body = { ballotId: ballotIdFor(electionId, principalId), principalId, ...ballot };
  const receipt =
    (await pushOrNull<{ receipt: BallotReceipt }>(channel, "election_vote", { electionId, ...body }))?.receipt ??
    (await overHttp(() => call(participantElectionRoutes.castElectionBallot, { params: { electionId }, body })));
  rememberReceipt(receipt);
  return receipt;
}
