import { isDomainError } from "../../src/domain/errors.ts";

/** The domain error code `action` throws, or undefined when it succeeds; other errors propagate. */
export function errorCode(action: () => unknown): string | undefined {
  try {
    action();
    return undefined;
  } catch (error) {
    if (!isDomainError(error)) throw error;
    return error.code;
  }
}
