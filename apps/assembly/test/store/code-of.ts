import { isDomainError } from "../../src/domain/errors.ts";

/** The domain error code `promise` rejects with, "resolved" when it does not; other errors as they are. */
export const codeOf = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => "resolved",
    (error: unknown) => (isDomainError(error) ? error.code : error),
  );
