import { z } from "zod";
import { HttpError } from "./http-error.ts";

/**
 * Parses untrusted input with a zod schema; failure is a 400 `invalid` whose
 * details list each problem as `{path, message}`, so clients can mark fields.
 */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown, what = "request"): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const details = result.error.issues.map((issue) => ({ path: issue.path.map(String).join("."), message: issue.message }));
  throw new HttpError(400, "invalid", `invalid ${what}`, details);
}

/** Ids are opaque strings; bound them so absurd path segments fail fast as 404-able lookups. */
export const idSchema = z.string().min(1).max(100);

export const eventParams = z.object({ eventId: idSchema });
