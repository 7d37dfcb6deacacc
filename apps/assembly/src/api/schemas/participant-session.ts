import { z } from "zod";

/** The token of a personal invitation link, exchanged for the participant cookie. */
export const tokenExchangeInput = z.strictObject({ token: z.string().max(200) });
export type TokenExchangeInput = z.input<typeof tokenExchangeInput>;
