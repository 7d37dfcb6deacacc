import { createHash, randomBytes } from "node:crypto";
import { DomainError } from "../domain/errors.ts";
import { receiptDigestInput } from "../domain/receipt.ts";

/**
 * Receipts and the "has voted" row of a secret poll must not be linkable in
 * the database. The voter row keeps only a hash of the client's ballot id (to
 * recognise a retry) and the receipt XORed with a different hash of it (to
 * hand the same receipt back on retry). Without the ballot id, which only the
 * client holds, neither reveals the receipt. A secret poll keeps its receipts
 * hashed in a table of their own, never next to a choice: a receipt shows
 * that a ballot was counted, and cannot show anyone how it was cast.
 */

const base32Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const ballotIdPattern = /^[A-Za-z0-9_-]{16,128}$/;

export function validateBallotId(ballotId: string): string {
  if (typeof ballotId !== "string" || !ballotIdPattern.test(ballotId)) {
    throw new DomainError("invalid", "ballotId must be 16 to 128 characters of A-Z a-z 0-9 _ -", { field: "ballotId" });
  }
  return ballotId;
}

export const receiptRandomBytes = 15;

/** 120 random bits (`bytes`, by default fresh ones) as 24 base32 characters (easy to read out or type). */
export function newReceipt(bytes: Uint8Array = randomBytes(receiptRandomBytes)): string {
  let bits = 0;
  let value = 0;
  let out = "";
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += base32Alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}

function digest(purpose: string, pollId: string, principalId: string, ballotId: string): Buffer {
  return createHash("sha256").update(`plenum:${purpose}\0${pollId}\0${principalId}\0${ballotId}`).digest();
}

export function ballotKeyHash(pollId: string, principalId: string, ballotId: string): string {
  return digest("ballot-key", pollId, principalId, ballotId).toString("hex");
}

/** What a secret poll stores of a receipt: enough to recognise it, nothing to show for it. */
export function receiptHash(receipt: string): string {
  return createHash("sha256").update(receiptDigestInput(receipt)).digest("hex");
}

function xorWithPad(data: Buffer, pad: Buffer): Buffer {
  return Buffer.from(data.map((byte, index) => byte ^ (pad[index] ?? 0)));
}

export function sealReceipt(receipt: string, pollId: string, principalId: string, ballotId: string): string {
  return xorWithPad(Buffer.from(receipt, "ascii"), digest("receipt-seal", pollId, principalId, ballotId)).toString("hex");
}

export function unsealReceipt(sealed: string, pollId: string, principalId: string, ballotId: string): string {
  return xorWithPad(Buffer.from(sealed, "hex"), digest("receipt-seal", pollId, principalId, ballotId)).toString("ascii");
}
