import { z } from "zod";
import { idSchema } from "./common.ts";

export const fraction = { numerator: z.number().int(), denominator: z.number().int() };
const majority = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("simple") }),
  z.strictObject({ kind: z.literal("absolute") }),
  z.strictObject({ kind: z.literal("two_thirds") }),
  z.strictObject({ kind: z.literal("threshold"), ...fraction }),
  z.strictObject({ kind: z.literal("plurality") }),
]);
export const quorum = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("weight"), minWeight: z.number().int() }),
  z.strictObject({ kind: z.literal("fraction"), ...fraction }),
]);

const pollFields = {
  title: z.string().max(300),
  description: z.string().max(20_000).optional(),
  kind: z.enum(["yes_no_abstain", "single_choice", "multiple_choice"]),
  options: z
    .array(z.strictObject({ id: z.string().max(40).optional(), label: z.string().max(300) }))
    .max(100)
    .optional(),
  minChoices: z.number().int().optional(),
  maxChoices: z.number().int().optional(),
  allowAbstain: z.boolean().optional(),
  secret: z.boolean().optional(),
  majority: majority.optional(),
  abstentionsCount: z.boolean().optional(),
  quorum: quorum.nullable().optional(),
  allowSplit: z.boolean().optional(),
};

export const newPollInput = z.strictObject({ agendaItemId: idSchema, ...pollFields });
export type NewPollInput = z.input<typeof newPollInput>;

export const pollRef = z.strictObject({ pollId: idSchema });

export const pollPatchInput = newPollInput.partial().extend(pollRef.shape);
export type PollPatchInput = z.input<typeof pollPatchInput>;
