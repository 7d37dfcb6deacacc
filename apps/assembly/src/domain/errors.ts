import type { ErrorCode } from "../api/errors.ts";

/**
 * Every refusal of the domain, the store and the commands is a `DomainError`
 * with a stable `code` from the error catalogue (`api/errors.ts`), which also
 * gives its HTTP status and the text a person reads; edges map codes, never
 * parse messages. The message is English, for logs and scripts.
 */
export type DomainErrorCode = ErrorCode;

export class DomainError extends Error {
  override readonly name: string = "DomainError";
  readonly code: DomainErrorCode;
  /** Machine-readable context (offending field, duplicate emails...); JSON-safe. */
  readonly details: unknown;

  constructor(code: DomainErrorCode, message: string, details?: unknown) {
    super(message);
    this.code = code;
    this.details = details;
  }
}

export function isDomainError(error: unknown, code?: DomainErrorCode): error is DomainError {
  return error instanceof DomainError && (code === undefined || error.code === code);
}
