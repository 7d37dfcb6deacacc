import { z } from "zod";
import { idSchema } from "./common.ts";

/** Bounds here only keep absurd input out; the domain rules (domain/motion/) decide what is valid. */
const submitter = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("participant"), participantId: idSchema }),
  z.strictObject({ kind: z.literal("name"), name: z.string().max(300) }),
]);
const submitters = z.array(submitter).max(100);
const text = z.string().max(100_000);
const reason = z.string().max(20_000);
const number = z.string().max(40).nullable();

export const recommendationSchema = z
  .strictObject({
    kind: z.enum(["accept", "reject", "accept_amended", "refer", "other"]),
    label: z.string().max(300).nullable(),
    recommender: z.string().max(300),
  })
  .nullable();

const motionFields = {
  number: number.optional(),
  title: z.string().max(300),
  text,
  reason: reason.optional(),
  submitters,
  minSupporters: z.number().int().optional(),
  category: z.string().max(200).nullable().optional(),
  agendaItemId: idSchema.nullable().optional(),
};

export const motionRef = z.strictObject({ motionId: idSchema });
export const amendmentRef = motionRef.extend({ amendmentId: idSchema });

export const newMotionInput = z.strictObject(motionFields);
export type NewMotionInput = z.input<typeof newMotionInput>;

export const motionPatchInput = z.strictObject(motionFields).partial().extend(motionRef.shape);
export type MotionPatchInput = z.input<typeof motionPatchInput>;

export const transitionInput = motionRef.extend({ to: z.string().max(40) });
export const amendmentTransitionInput = amendmentRef.extend({ to: z.string().max(40) });

export const recommendInput = motionRef.extend({ recommendation: recommendationSchema });
export const recommendAmendmentInput = amendmentRef.extend({ recommendation: recommendationSchema });

export const newAmendmentInput = motionRef.extend({
  number: number.optional(),
  lineFrom: z.number().int(),
  lineTo: z.number().int(),
  text,
  reason: reason.optional(),
  submitters,
});
export type NewAmendmentInput = z.input<typeof newAmendmentInput>;

/** A participant's own motion or amendment: they are its submitter, others may be named beside them. */
export const participantMotionInput = z.strictObject({
  title: motionFields.title,
  text,
  reason: reason.optional(),
  coSubmitters: z.array(z.string().max(300)).max(20).optional(),
});
export const participantAmendmentInput = motionRef.extend({
  lineFrom: z.number().int(),
  lineTo: z.number().int(),
  text,
  reason: reason.optional(),
});

const stateSchema = z.strictObject({
  id: z.string().max(40),
  name: z.string().max(300),
  next: z.array(z.string().max(40)).max(50),
  final: z.boolean(),
  accepted: z.boolean(),
  allowsAmendments: z.boolean(),
  allowsSupport: z.boolean(),
  requiresSupport: z.boolean(),
  editable: z.boolean(),
});
const outcome = z.string().max(40);
export const workflowSchema = z.strictObject({
  name: z.string().max(300),
  initial: z.string().max(40),
  states: z.array(stateSchema).max(50),
  vote: z.strictObject({
    from: z.array(z.string().max(40)).max(50),
    outcomes: z.strictObject({ passed: outcome, failed: outcome, no_quorum: outcome, inconsistent: outcome }),
  }),
});

export const motionSettingsInput = z.strictObject({
  workflow: workflowSchema.optional(),
  /** The default workflow with its state names in this language, instead of giving one. */
  defaultWorkflow: z.enum(["en", "de"]).optional(),
  lineLength: z.number().int().optional(),
  participantMotions: z.boolean().optional(),
  participantAmendments: z.boolean().optional(),
});
export type MotionSettingsInput = z.input<typeof motionSettingsInput>;

export const motionPollInput = amendmentRef.partial({ amendmentId: true }).extend({
  /** Default: the motion's agenda item. */
  agendaItemId: idSchema.optional(),
  /** Default: the motion's (and amendment's) number and title. */
  title: z.string().max(300).optional(),
  secret: z.boolean().optional(),
});
export type MotionPollInput = z.input<typeof motionPollInput>;

export const linkPollInput = amendmentRef.partial({ amendmentId: true }).extend({ pollId: idSchema });
export type LinkPollInput = z.input<typeof linkPollInput>;
