import { DomainError } from "./errors.ts";
import type { Poll } from "./poll.ts";

const receiptPattern = /^[A-Z2-7]{24}$/;

/** A receipt is 24 base32 characters (see store/receipt-seal.ts `newReceipt`). */
export function isReceiptFormat(receipt: string): boolean {
  return typeof receipt === "string" && receiptPattern.test(receipt);
}

/** A receipt code as a person types it: any case, with spaces or dashes between groups. */
export const normaliseReceipt = (typed: string): string => typed.toUpperCase().replace(/[\s-]/g, "");

/**
 * What a secret poll's receipt is hashed from (SHA-256, hex). The server
 * stores only this hash, and publishes the poll's hashes once it closed; a
 * voter's phone hashes its receipt the same way to find it in the list, and
 * anyone can by hand: `printf 'plenum:receipt\0%s' CODE | sha256sum`.
 */
export const receiptDigestInput = (receipt: string): string => `plenum:receipt\0${receipt}`;

/**
 * A secret poll's receipt codes are published (as hashes) once voting has
 * closed, so every voter can see theirs among the counted. A named poll
 * publishes who voted what instead.
 */
export function requireReceiptsPublished(poll: Pick<Poll, "secret" | "status">): void {
  if (!poll.secret || poll.status === "draft" || poll.status === "open") {
    throw new DomainError("receipts_not_published", "receipt codes are published for secret polls once they have closed", {
      status: poll.status,
    });
  }
}
