import { DomainError } from "../errors.ts";

const isoInstant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/**
 * Milliseconds since the epoch of an ISO-8601 instant with a zone
 * ("2025-05-01T10:00:00.000Z"). The domain has no clock: callers pass the
 * time of the request, so a replay computes the same result.
 */
export function instantMs(at: string, field = "at"): number {
  const ms = typeof at === "string" && isoInstant.test(at) ? Date.parse(at) : Number.NaN;
  if (!Number.isFinite(ms)) throw new DomainError("invalid", `${field} must be an ISO-8601 instant with a time zone`, { field });
  return ms;
}
