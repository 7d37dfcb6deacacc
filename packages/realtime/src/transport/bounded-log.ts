import type { Logger } from "pino";

/**
 * Warnings about refused requests, at most one line per kind per interval:
 * whoever sends the requests decides how many there are, and must not decide
 * how much the log grows. A line reports how many of its kind were held back
 * since the previous one (`suppressed`). Callers pass only fields safe to
 * show: never a URL (connect params carry tokens), cookie or auth header.
 */
export class BoundedLog {
  readonly #logger: Logger;
  readonly #intervalMs: number;
  readonly #kinds = new Map<string, { last: number; suppressed: number }>();

  constructor(logger: Logger, intervalMs = 10_000) {
    this.#logger = logger;
    this.#intervalMs = intervalMs;
  }

  warn(kind: string, fields: Record<string, unknown>, message: string): void {
    const now = Date.now();
    const seen = this.#kinds.get(kind);
    if (seen && now - seen.last < this.#intervalMs) {
      seen.suppressed++;
      return;
    }
    this.#logger.warn({ ...fields, suppressed: seen?.suppressed ?? 0 }, message);
    this.#kinds.set(kind, { last: now, suppressed: 0 });
  }
}

/** An untrusted header value cut to a length fit for a log line. */
export function loggable(value: string, max = 200): string {
  return value.length > max ? `${value.slice(0, max)}…` : value;
}
