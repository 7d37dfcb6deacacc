import { z } from "zod";
import { ballotFields, choiceOrParts, oneOfChoiceOrParts } from "./ballots.ts";
import { idSchema } from "./common.ts";
import { csvSeparatorOption } from "./csv-export.ts";
import { fraction, quorum } from "./polls.ts";

const requirement = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("none") }),
  z.strictObject({ kind: z.literal("yes_over_no") }),
  z.strictObject({ kind: z.literal("majority_of_valid") }),
  z.strictObject({ kind: z.literal("threshold"), ...fraction }),
]);

const count = z.number().int();

export const methodKinds = ["yes_no_abstain", "approval", "cumulative", "single_choice", "stv", "schulze"] as const;

const method = z.strictObject({
  kind: z.enum(methodKinds),
  requirement: requirement.optional(),
  maxYes: count.optional(),
  minApprovals: count.optional(),
  maxApprovals: count.optional(),
  allowNoToAll: z.boolean().optional(),
  votesPerBallot: count.optional(),
  maxPerCandidate: count.optional(),
  runoffSize: count.optional(),
  runoffRequirement: requirement.optional(),
});

const attribute = z.enum(["group", "gender", "region"]);
const label = z.string().max(100);
const constraint = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("minimum"), attribute, value: label, minSeats: count, ifShort: z.enum(["vacant", "open"]) }),
  z.strictObject({
    kind: z.literal("reserved_positions"),
    attribute,
    value: label,
    positions: z.enum(["odd", "even"]),
    ifShort: z.enum(["vacant", "open"]),
  }),
]);

/** The rules of an election (its `ElectionSetup`). */
const rules = {
  seats: count.optional(),
  method,
  tieRule: z.strictObject({ kind: z.enum(["lot", "chair"]) }).optional(),
  constraint: constraint.nullable().optional(),
  allowSplit: z.boolean().optional(),
  allowAbstain: z.boolean().optional(),
  abstentionsCount: z.boolean().optional(),
  ordered: z.boolean().optional(),
};
export const setupKeys = Object.keys(rules) as (keyof typeof rules)[];

/** A candidate from the participant roll (name and attributes taken from it unless given) or as free text. */
export const candidateFields = {
  participantId: idSchema.optional(),
  name: z.string().max(300).optional(),
  group: label.nullable().optional(),
  gender: label.nullable().optional(),
  region: label.nullable().optional(),
  statement: z.string().max(20_000).optional(),
};

const electionFields = {
  title: z.string().max(300),
  description: z.string().max(20_000).optional(),
  secret: z.boolean().optional(),
  quorum: quorum.nullable().optional(),
  ...rules,
};

export const newElectionInput = z.strictObject({
  agendaItemId: idSchema,
  ...electionFields,
  candidates: z.array(z.strictObject(candidateFields)).max(200).optional(),
  /** Whether participants may nominate candidates until a chair closes the phase. */
  nomination: z.boolean().optional(),
});
export type NewElectionInput = z.input<typeof newElectionInput>;

export const electionRef = z.strictObject({ electionId: idSchema });

export const electionPatchInput = z
  .strictObject({ agendaItemId: idSchema, ...electionFields })
  .partial()
  .extend(electionRef.shape);
export type ElectionPatchInput = z.input<typeof electionPatchInput>;

export const candidateInput = z.strictObject({ ...electionRef.shape, ...candidateFields });
export type CandidateInputBody = Omit<z.input<typeof candidateInput>, "electionId">;

export const withdrawalInput = z.strictObject({ ...electionRef.shape, candidateId: idSchema, withdrawn: z.boolean() });

export const tieDecisionInput = z.strictObject({ ...electionRef.shape, order: z.array(z.string().max(40)).max(200) });

export const reorderInput = z.strictObject({ ...electionRef.shape, order: z.array(idSchema).max(200) });

/** A participant nominates themselves (no `participantId`) or another participant of the roll. */
export const nominationInput = z.strictObject({
  ...electionRef.shape,
  participantId: idSchema.optional(),
  statement: z.string().max(20_000).optional(),
});
export type NominationBody = Omit<z.input<typeof nominationInput>, "electionId">;

const ids = z.array(z.string().max(40)).max(200).readonly();

/** What an election ballot (or one part of a split) says; the election's method decides which kinds it takes. */
export const electionChoice = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("abstain") }),
  z.strictObject({ kind: z.literal("marks"), marks: z.record(z.string().max(40), z.enum(["yes", "no", "abstain"])) }),
  z.strictObject({ kind: z.literal("approve"), candidateIds: ids }),
  z.strictObject({ kind: z.literal("no_to_all") }),
  z.strictObject({ kind: z.literal("distribute"), votes: z.record(z.string().max(40), z.number().int()) }),
  z.strictObject({ kind: z.literal("single"), candidateId: z.string().max(40) }),
  z.strictObject({ kind: z.literal("ranking"), candidateIds: ids }),
  z.strictObject({ kind: z.literal("tiers"), tiers: z.array(ids).max(200).readonly() }),
]);

/**
 * An election ballot as the command takes it from either edge (the
 * `election_vote` channel event's payload): one choice, or, where the
 * election allows splitting, parts whose weights sum to the principal's.
 */
export const electionVoteInput = z
  .strictObject({ electionId: idSchema, ...ballotFields, ...choiceOrParts(electionChoice) })
  .refine(...oneOfChoiceOrParts);
export type ElectionVoteInput = z.output<typeof electionVoteInput>;

export const electionExportInput = z.strictObject({ ...electionRef.shape, format: z.enum(["csv", "json"]), ...csvSeparatorOption });

const total = z.strictObject({ count: z.number().int(), weight: z.number().int() });
const none = { count: 0, weight: 0 };
const candidateId = z.string().max(40);
const paperTotals = { voters: total, abstentions: total.default(none), invalid: total.default(none) };
const perCandidate = <Shape extends z.ZodRawShape>(shape: Shape) => z.array(z.strictObject({ candidateId, ...shape })).max(200);

/**
 * An election's paper ballots (see domain/election/paper.ts): counts in the
 * method's terms (candidates left out count as zero), or, as ranked methods
 * need, the ballots one by one.
 */
export const electionPaperEntry = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("yes_no_abstain"), ...paperTotals, candidates: perCandidate({ yes: total, no: total }) }),
  z.strictObject({
    kind: z.literal("approval"),
    ...paperTotals,
    noToAll: total.default(none),
    candidates: perCandidate({ approvals: total }),
  }),
  z.strictObject({ kind: z.literal("cumulative"), ...paperTotals, candidates: perCandidate({ votes: total }) }),
  z.strictObject({ kind: z.literal("single_choice"), ...paperTotals, candidates: perCandidate({ votes: total }) }),
  z.strictObject({
    kind: z.literal("ballots"),
    ballots: z.array(z.strictObject({ weight: z.number().int(), choice: electionChoice })).max(20_000),
    invalid: total.default(none),
  }),
]);
export type ElectionPaperEntry = z.input<typeof electionPaperEntry>;

export const electionPaperInput = z.strictObject({ ...electionRef.shape, paper: electionPaperEntry });
