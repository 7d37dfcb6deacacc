import type { BallotReceipt } from "../model.ts";

/**
 * What this device remembers about its votes, so a reload still shows the
 * receipt, and a vote retried after a lost answer reuses its ballot id (the
 * server then returns the first receipt instead of refusing a second ballot).
 */
const key = (kind: "ballot" | "receipt", pollId: string, principalId: string) => `plenum.${kind}.${pollId}.${principalId}`;

function read(name: string): string | null {
  try {
    return localStorage.getItem(name);
  } catch {
    return null;
  }
}

function write(name: string, value: string): void {
  try {
    localStorage.setItem(name, value);
  } catch {
    // Private mode without storage: the vote still works, only the reload memory is lost.
  }
}

export function randomId(): string {
  // crypto.randomUUID exists only in secure contexts; getRandomValues everywhere.
  const bytes = crypto.getRandomValues(new Uint8Array(18));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** The ballot id for this poll and principal: the pending one if a vote was started, else a new one. */
export function ballotIdFor(pollId: string, principalId: string): string {
  const name = key("ballot", pollId, principalId);
  const existing = read(name);
  if (existing) return existing;
  const created = randomId();
  write(name, created);
  return created;
}

export function rememberReceipt(receipt: BallotReceipt): void {
  write(key("receipt", receipt.pollId, receipt.principalId), receipt.receipt);
}

export function receiptFor(pollId: string, principalId: string): string | null {
  return read(key("receipt", pollId, principalId));
}
