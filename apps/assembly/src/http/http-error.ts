import { type ErrorCode, errorCatalogue } from "../api/errors.ts";

/**
 * A refusal at the HTTP edge, rendered as `{error: {code, message, details?}}`
 * with the status the error catalogue gives `code`. `code` is stable and
 * meant for clients (the UI shows the catalogue's text for it); `message`
 * is English, for logs and scripts.
 */
export class HttpError extends Error {
  override readonly name = "HttpError";
  readonly code: ErrorCode;
  readonly details: unknown;

  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.code = code;
    this.details = details;
  }

  get status(): number {
    return errorCatalogue[this.code].status;
  }
}

/** The status of a refusal: every domain code is a catalogue code, and travels to the client unchanged. */
export const statusOf = (code: ErrorCode): number => errorCatalogue[code].status;

export const unauthenticated = (message = "sign in first") => new HttpError("unauthenticated", message);
export const forbidden = (message = "not allowed") => new HttpError("forbidden", message);
export const notFound = (what: string) => new HttpError("not_found", `${what} not found`);
