import type { BallotReceipt } from "../../domain/ballot.ts";
import { type None, route } from "../route.ts";
import type { VoteInput } from "../schemas/ballots.ts";

export interface ReceiptCheck {
  readonly counted: boolean;
  /** The poll the receipt belongs to, when counted. */
  readonly pollId: string | null;
}

/** A closed secret poll's receipts, as the SHA-256 hashes the server keeps of them (see domain/receipt.ts), sorted. */
export interface PublishedReceipts {
  readonly pollId: string;
  readonly receiptHashes: readonly string[];
}

/** One principal a voter may cast for in a poll (themselves and/or their principals). */
export interface Entitlement {
  readonly principalId: string;
  readonly name: string;
  readonly weight: number;
  readonly eligible: boolean;
  readonly hasVoted: boolean;
}

type PollParams = { pollId: string };

/** Voting, for participants (cookie or bearer invitation token). */
export const ballotRoutes = {
  castBallot: route<PollParams, None, Omit<VoteInput, "pollId">, { receipt: BallotReceipt }>(
    "POST",
    "/api/participant/polls/:pollId/ballots",
  ),
  entitlements: route<PollParams, None, None, { entitlements: Entitlement[] }>("GET", "/api/participant/polls/:pollId/entitlements"),
  checkReceipt: route<{ receipt: string }, None, None, ReceiptCheck>("GET", "/api/participant/receipts/:receipt"),
  publishedReceipts: route<PollParams, None, None, PublishedReceipts>("GET", "/api/participant/polls/:pollId/receipts"),
};
