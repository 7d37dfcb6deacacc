import { z } from "zod";

const settings = z
  .strictObject({
    allowProxyChains: z.boolean(),
    proxyCapPerDelegate: z.number().int().min(0).max(10_000),
    presentOnlyVoting: z.boolean(),
  })
  .partial();

export const newEventInput = z.strictObject({
  name: z.string().max(200),
  timezone: z.string().max(100).optional(),
  settings: settings.optional(),
});
export type NewEventInput = z.input<typeof newEventInput>;

export const eventPatchInput = newEventInput.partial();
export type EventPatchInput = z.input<typeof eventPatchInput>;
