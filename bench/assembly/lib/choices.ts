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

/** "yes", "no" or "abstain": the choice in a ballot body or vote payload. */
export function choiceKey(body: unknown): string {
  const choice = (body as { choice: ReturnType<typeof choiceOf> }).choice;
  return choice.kind === "abstain" ? "abstain" : (choice.optionIds[0] ?? "none");
}

/** Whether the stored tally is exactly the accepted ballots, counted per choice by the clients. */
export function tallyMatches(accepted: Record<string, number>, tally: TallyCheck): boolean {
  const total = Object.values(accepted).reduce((s, n) => s + n, 0);
  return (
    tally.turnout === total &&
    tally.options["yes"] === (accepted["yes"] ?? 0) &&
    tally.options["no"] === (accepted["no"] ?? 0) &&
    tally.abstentions === (accepted["abstain"] ?? 0)
  );
}

/** Sums per-choice counts from several load processes. */
export function addChoices(parts: readonly (Record<string, number> | undefined)[]): Record<string, number> {
  const sum: Record<string, number> = {};
  for (const part of parts) for (const [key, n] of Object.entries(part ?? {})) sum[key] = (sum[key] ?? 0) + n;
  return sum;
}
