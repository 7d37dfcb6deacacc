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
};

export const pollParams = z.object({ pollId: idSchema });

/** The most parts a split ballot has: what a sealed ballot has room for (see store/split-ballot-codec.ts, store/election-ballot-codec.ts). */
export const maxBallotParts = 8;

/**
 * A ballot as the command takes it from either edge (the `vote` channel
 * event's payload): one choice, or, where the poll allows splitting, parts
 * whose weights sum to the principal's.
 */
export const voteInput = z
  .strictObject({
    pollId: idSchema,
    ...ballotFields,
    choice: ballotChoice.optional(),
    parts: z
      .array(z.strictObject({ weight: z.number().int(), choice: ballotChoice }))
      .min(1)
      .max(maxBallotParts)
      .readonly()
      .optional(),
  })
  .refine((vote) => (vote.choice === undefined) !== (vote.parts === undefined), {
    message: "give either a choice or parts",
    path: ["choice"],
  });
export type VoteInput = z.output<typeof voteInput>;

export const receiptParams = z.object({ receipt: z.string().min(1).max(200) });
