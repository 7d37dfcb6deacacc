/**
 * The logging surface supervision needs; a pino logger satisfies it. Kept
 * minimal so callers can pass any structured logger (or none).
 */
export interface Log {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

const ignore = (): void => {};

/** Default when no logger is given: supervision never writes to stdout on its own. */
export const silentLog: Log = { info: ignore, warn: ignore, error: ignore };

/** Readable text for any thrown value, for logs and operator snapshots. */
export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
