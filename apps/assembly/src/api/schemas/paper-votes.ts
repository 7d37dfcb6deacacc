import { z } from "zod";
import { ballotChoice } from "./ballots.ts";
import { idSchema } from "./common.ts";

const total = z.strictObject({ count: z.number().int(), weight: z.number().int() });
const none = { count: 0, weight: 0 };

/** The tellers' count of a poll's paper ballots (see `AnalogCounts`); options left out count as zero. */
export const paperCountsInput = z.strictObject({
  pollId: idSchema,
  voters: total,
  choices: z.array(z.strictObject({ choice: z.string().max(40), count: z.number().int(), weight: z.number().int() })).max(100),
  abstentions: total.default(none),
  invalid: total.default(none),
});
export type PaperCountsInput = z.input<typeof paperCountsInput>;

export const paperVoterRef = z.strictObject({ pollId: idSchema, participantId: idSchema });

/** A named paper voter: their choice in a named poll, none (null) in a secret one. */
export const paperVoterInput = paperVoterRef.extend({ choice: ballotChoice.nullable().default(null) });
export type PaperVoterInput = z.input<typeof paperVoterInput>;
