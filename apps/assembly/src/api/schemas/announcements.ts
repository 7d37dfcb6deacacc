import { z } from "zod";
import { idSchema } from "./common.ts";

export const newAnnouncementInput = z.strictObject({
  title: z.string().max(300),
  body: z.string().max(20_000),
  agendaItemId: idSchema.nullable().optional(),
});
export type NewAnnouncementInput = z.input<typeof newAnnouncementInput>;

export const announcementEditInput = z.strictObject({
  announcementId: idSchema,
  title: z.string().max(300),
  body: z.string().max(20_000),
});
export type AnnouncementEditInput = Omit<z.input<typeof announcementEditInput>, "announcementId">;

export const announcementRef = z.strictObject({ announcementId: idSchema });
