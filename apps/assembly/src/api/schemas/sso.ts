import { z } from "zod";
import { ssoMatches } from "../../domain/sso.ts";

/** A chair's choice for the event: whether members may sign in through the provider, and how they are found on the roll. */
export const eventSsoInput = z.strictObject({ enabled: z.boolean(), match: z.enum(ssoMatches) });
export type EventSsoInput = z.input<typeof eventSsoInput>;

/**
 * What the provider's redirect brings back to the callback, with the
 * browser's login cookie added by the edge. Only the parameters a code
 * response has; the whole query goes on to the checks as it came.
 */
export const ssoCallbackInput = z.strictObject({
  /** The raw query string, checked by the relying party as the provider sent it. */
  query: z.string().max(8192),
  state: z.string().max(200).optional(),
  /** From the HttpOnly login cookie; absent when another browser (or nobody) began this login. */
  browserSecret: z.string().max(200).optional(),
});
export type SsoCallbackInput = z.input<typeof ssoCallbackInput>;
