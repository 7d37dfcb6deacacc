import { z } from "zod";
import { participantFilters } from "../routes/participants.ts";
import { languages } from "../../domain/language.ts";
import { idSchema } from "./common.ts";
import { participantRef } from "./invitations.ts";

const participantFields = z.strictObject({
  name: z.string().max(200),
  email: z.string().max(320),
  group: z.string().max(200).nullable().optional(),
  region: z.string().max(200).nullable().optional(),
  weight: z.number().int().optional(),
  eligible: z.boolean().optional(),
  /** Null: the event's language. */
  language: z.enum(languages).nullable().optional(),
  /** Their number in the member database (single sign-on can match by it). */
  memberNumber: z.string().max(64).nullable().optional(),
});

export const newParticipantInput = participantFields;
export type NewParticipantInput = z.input<typeof newParticipantInput>;

/** The fields to change; the participant is named by the path. */
export const participantPatchInput = participantFields.partial().extend(participantRef.shape);
export type ParticipantPatchInput = Partial<NewParticipantInput>;

/** The admin list: search, filter (the poll filters need a `pollId`) and a page. Query strings, so numbers are coerced. */
export const participantListInput = z.strictObject({
  search: z.string().max(200).optional(),
  filter: z.enum(participantFilters).default("all"),
  pollId: idSchema.optional(),
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(50),
});
export type ParticipantListInput = z.input<typeof participantListInput>;
