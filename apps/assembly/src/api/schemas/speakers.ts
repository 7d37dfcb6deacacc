import { z } from "zod";
import { idSchema } from "./common.ts";
import { csvSeparatorOption } from "./csv-export.ts";

const kind = z.enum(["normal", "pro", "contra", "point_of_order"]);
const timeLimit = z.number().int().nullable();

export const speakerListRef = z.strictObject({ listId: idSchema });

/** The list of an agenda item, or of a motion on it; made on first use. */
export const openSpeakerListInput = z.strictObject({ agendaItemId: idSchema, motionId: idSchema.nullable().optional() });
export type OpenSpeakerListInput = z.input<typeof openSpeakerListInput>;

export const fairOrderRuleInput = z.strictObject({
  // The roll records group and region; a gender the roll does not hold could only alternate by nothing.
  alternateBy: z.enum(["group", "region"]).nullable(),
  firstTimeFirst: z.boolean(),
  balanceSpeakingTime: z.boolean(),
});

export const speakerListSettingsInput = z.strictObject({
  listId: idSchema,
  pointsOfOrder: z.boolean().optional(),
  proContra: z.boolean().optional(),
  timeLimitMs: timeLimit.optional(),
  pointOfOrderTimeLimitMs: timeLimit.optional(),
  fairOrder: fairOrderRuleInput.nullable().optional(),
});
export type SpeakerListSettingsInput = z.input<typeof speakerListSettingsInput>;

export const addSpeakerInput = z.strictObject({ listId: idSchema, participantId: idSchema, kind: kind.default("normal") });
export type AddSpeakerInput = z.input<typeof addSpeakerInput>;

export const speakerEntryRef = z.strictObject({ listId: idSchema, entryId: idSchema });

export const moveSpeakerInput = z.strictObject({ listId: idSchema, entryId: idSchema, position: z.number().int() });

/** Without `entryId`, the first in the queue. */
export const startSpeakerInput = z.strictObject({ listId: idSchema, entryId: idSchema.optional() });

/**
 * A participant asks to speak. `requestId` is made by the phone once per
 * request and sent again on every retry (channel or HTTP), so a request is
 * stored once however often it arrives.
 */
export const requestToSpeakInput = z.strictObject({
  listId: idSchema,
  kind: kind.default("normal"),
  requestId: z.string().regex(/^[A-Za-z0-9_-]{16,100}$/, "16 to 100 characters of A-Z a-z 0-9 _ -"),
});
export type RequestToSpeakInput = z.input<typeof requestToSpeakInput>;

export const speakingStatisticsInput = z.strictObject({ format: z.enum(["csv", "json"]).default("csv"), ...csvSeparatorOption });
