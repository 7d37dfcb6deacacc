import { z } from "zod";
import { idSchema } from "./common.ts";

export const projectorRef = z.strictObject({ projectorId: idSchema });

export const newProjectorInput = z.strictObject({ name: z.string().max(300) });
export type NewProjectorInput = z.input<typeof newProjectorInput>;

export const renameProjectorInput = projectorRef.extend({ name: z.string().max(300) });
export type RenameProjectorInput = Omit<z.input<typeof renameProjectorInput>, "projectorId">;

const label = z.string().max(300);

/**
 * What a screen may show; a countdown is set to an instant (`endsAt`, ISO
 * 8601), to the next `at` ("HH:MM") on the event's clock, or for
 * `durationSeconds` from now.
 */
export const projectorContentInput = z.union([
  z.strictObject({ kind: z.enum(["auto", "blank"]) }),
  z.strictObject({ kind: z.literal("agendaItem"), agendaItemId: idSchema }),
  z.strictObject({ kind: z.literal("poll"), pollId: idSchema }),
  z.strictObject({ kind: z.literal("election"), electionId: idSchema }),
  z.strictObject({ kind: z.literal("announcement"), announcementId: idSchema }),
  z.strictObject({ kind: z.literal("speakers"), listId: idSchema }),
  z.strictObject({ kind: z.literal("motion"), motionId: idSchema }),
  z.strictObject({ kind: z.literal("countdown"), label, endsAt: z.iso.datetime({ offset: true }) }),
  z.strictObject({ kind: z.literal("countdown"), label, at: z.string().max(5) }),
  z.strictObject({ kind: z.literal("countdown"), label, durationSeconds: z.number().int().min(1).max(86_400) }),
]);

export const showOnProjectorInput = projectorRef.extend({ content: projectorContentInput });
export type ShowOnProjectorInput = Omit<z.input<typeof showOnProjectorInput>, "projectorId">;
