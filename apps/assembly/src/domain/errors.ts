/**
 * Every refusal of the domain and the store is a `DomainError` with a stable
 * `code`, so the HTTP layer can map codes to statuses without parsing messages.
 *
 * Codes:
 * - `invalid`: the input is malformed or breaks a rule (bad weight, bad choice, self-delegation...). 400/422.
 * - `not_found`: the referenced entity does not exist (or is not in this event). 404.
 * - `conflict`: a uniqueness rule was hit (duplicate email, role already taken, entity in use). 409.
 * - `invalid_transition`: a status change that the state machine forbids (e.g. poll closed → open). 409.
 * - `poll_not_open`: a ballot for a poll that is draft, closed or published. 409.
 * - `already_voted`: the principal already has a ballot in this poll under another ballot id. 409.
 * - `not_eligible`: the principal has no vote (eligible flag off). 403.
 * - `not_entitled`: the voter may not cast for this principal (vote delegated away, or not their delegate). 403.
 * - `not_present`: the event requires presence and the voter is not checked in. 403.
 * - `proxy_rejected`: a delegation that breaks the event's proxy rules (cap, chain, cycle, disabled). 409.
 * - `forbidden`: a role may not perform an action (see `can`). 403.
 * - `electorate_frozen`: a change of weight or eligibility (or a new eligible participant) while a poll of the event is open. 409.
 * - `event_not_open`: something that needs the event open (a participant checking in) while it is draft or closed. 409.
 */
export type DomainErrorCode =
  | "invalid"
  | "not_found"
  | "conflict"
  | "invalid_transition"
  | "poll_not_open"
  | "already_voted"
  | "not_eligible"
  | "not_entitled"
  | "not_present"
  | "proxy_rejected"
  | "forbidden"
  | "event_not_open"
  | "electorate_frozen";

export class DomainError extends Error {
  override readonly name = "DomainError";
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
