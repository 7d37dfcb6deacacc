import type { z } from "zod";
import { DomainError } from "../domain/errors.ts";

/**
 * Parses untrusted input with a zod schema; failure is `invalid` (400 over
 * HTTP, an error reply on a channel) whose details list each problem as
 * `{path, message}`, so clients can mark fields.
 */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown, what = "request"): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const details = result.error.issues.map((issue) => ({ path: issue.path.map(String).join("."), message: issue.message }));
  throw new DomainError("invalid", `invalid ${what}`, details);
}
