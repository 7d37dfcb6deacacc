import { randomUUID } from "node:crypto";
import type { TallyCheck } from "./server-protocol.ts";

/** Participant i votes yes, no or abstains by i mod 3, so the expected tally is known in advance. */
export function choiceOf(i: number): { kind: "options"; optionIds: string[] } | { kind: "abstain" } {
  const r = i % 3;
  return r === 2 ? { kind: "abstain" } : { kind: "options", optionIds: [r === 0 ? "yes" : "no"] };
}

export function ballotBody(i: number): { ballotId: string; choice: ReturnType<typeof choiceOf> } {
  return { ballotId: `b-${randomUUID()}`, choice: choiceOf(i) };
}

/** Whether the stored tally of `n` voters (0..n-1) is exactly the one `choiceOf` implies. */
export function tallyMatches(n: number, tally: TallyCheck): boolean {
  const count = (r: number) => Math.floor(n / 3) + (r < n % 3 ? 1 : 0);
  return tally.turnout === n && tally.options["yes"] === count(0) && tally.options["no"] === count(1) && tally.abstentions === count(2);
}
