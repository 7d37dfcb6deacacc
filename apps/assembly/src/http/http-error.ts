import type { DomainErrorCode } from "../domain/errors.ts";

/**
 * A refusal at the HTTP edge, rendered as `{error: {code, message, details?}}`
 * with `status`. `code` is stable and meant for clients; `message` for people.
 */
export class HttpError extends Error {
  override readonly name = "HttpError";
  readonly status: number;
  readonly code: string;
  readonly details: unknown;

  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

/** The status each domain refusal maps to; the domain code travels to the client unchanged. */
export const statusOfDomainCode: Readonly<Record<DomainErrorCode, number>> = {
  invalid: 400,
  not_found: 404,
  conflict: 409,
  invalid_transition: 409,
  poll_not_open: 409,
  already_voted: 409,
  not_eligible: 403,
  not_entitled: 403,
  not_present: 403,
  proxy_rejected: 409,
  forbidden: 403,
  event_not_open: 409,
  electorate_frozen: 409,
};

export const unauthenticated = (message = "sign in first") => new HttpError(401, "unauthenticated", message);
export const forbidden = (message = "not allowed") => new HttpError(403, "forbidden", message);
export const notFound = (what: string) => new HttpError(404, "not_found", `${what} not found`);
