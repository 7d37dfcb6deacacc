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
 * A ballot of `choice`'s kind as the edges take it: one choice, or, where the
 * box allows splitting, parts whose weights sum to the principal's. The
 * object it goes in refines itself with `oneOfChoiceOrParts`.
 */
export function choiceOrParts<C extends z.ZodType>(choice: C) {
  return {
    choice: choice.optional(),
    parts: z
      .array(z.strictObject({ weight: z.number().int(), choice }))
      .min(1)
      .max(maxBallotParts)
      .readonly()
      .optional(),
  };
}

/** The refinement of a ballot made with `choiceOrParts`: exactly one of the two. */
export const oneOfChoiceOrParts: [
  (vote: { readonly choice?: unknown; readonly parts?: unknown }) => boolean,
  { message: string; path: string[] },
] = [(vote) => (vote.choice === undefined) !== (vote.parts === undefined), { message: "give either a choice or parts", path: ["choice"] }];

/** A floor poll's ballot as the command takes it from either edge (the `vote` channel event's payload). */
export const voteInput = z
  .strictObject({ pollId: idSchema, ...ballotFields, ...choiceOrParts(ballotChoice) })
  .refine(...oneOfChoiceOrParts);
export type VoteInput = z.output<typeof voteInput>;

export const receiptParams = z.object({ receipt: z.string().min(1).max(200) });
