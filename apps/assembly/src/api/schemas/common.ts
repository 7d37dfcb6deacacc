import { z } from "zod";

/** Ids are opaque strings; bound them so absurd path segments fail fast as 404-able lookups. */
export const idSchema = z.string().min(1).max(100);

export const eventParams = z.object({ eventId: idSchema });

/** Routes without path parameters. */
export const noParams = z.object({});

/** Commands that take nothing: any key given is a mistake worth reporting. */
export const noInput = z.strictObject({});
