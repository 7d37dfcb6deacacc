import { z } from "zod";
import { idSchema } from "./common.ts";

export const ballotChoice = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("abstain") }),
  z.strictObject({ kind: z.literal("options"), optionIds: z.array(z.string().max(40)).max(100).readonly() }),
]);

export const ballotFields = {
  ballotId: z.string().regex(/^[A-Za-z0-9_-]{16,128}$/, "16 to 128 characters of A-Z a-z 0-9 _ -"),
  /** Whose vote this is; default the participant themselves, else someone whose proxy they hold. */
  principalId: idSchema.optional(),
  choice: ballotChoice,
};

export const pollParams = z.object({ pollId: idSchema });

/** A ballot as the command takes it from either edge: the poll plus the ballot (the `vote` channel event's payload). */
export const voteInput = z.strictObject({ pollId: idSchema, ...ballotFields });
export type VoteInput = z.output<typeof voteInput>;

export const receiptParams = z.object({ receipt: z.string().min(1).max(200) });
