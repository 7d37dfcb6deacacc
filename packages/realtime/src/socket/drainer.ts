/** How a node lets go of its sockets before it stops (Phoenix's drainer). */
export interface DrainOptions {
  /** Sockets closed together. Default 10,000. */
  readonly batchSize: number;
  /** Pause between two batches. Default 2 s. */
  readonly intervalMs: number;
  /**
   * The whole drain takes at most this long: with many batches the pause
   * shrinks so that the last batch closes by then. Default 30 s.
   */
  readonly shutdownMs: number;
}

export const defaultDrain: DrainOptions = { batchSize: 10_000, intervalMs: 2_000, shutdownMs: 30_000 };

/** The drain options with the defaults filled in; a value that is not a positive number (0 allowed for times) throws, naming it. */
export function drainOptions(given: Partial<DrainOptions> = {}): DrainOptions {
  const options = { ...defaultDrain, ...given };
  if (!Number.isInteger(options.batchSize) || options.batchSize < 1) {
    throw new RangeError(`drain batchSize must be a positive integer, got ${String(options.batchSize)}`);
  }
  for (const name of ["intervalMs", "shutdownMs"] as const) {
    const value = options[name];
    if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
      throw new RangeError(`drain ${name} must be a number ≥ 0, got ${String(value)}`);
    }
  }
  return options;
}

/** The pause between batches for `count` sockets: `intervalMs`, shortened so that all batches fit in `shutdownMs`. */
export function drainPauseMs(count: number, options: DrainOptions): number {
  const pauses = Math.ceil(count / options.batchSize) - 1;
  return pauses <= 0 ? 0 : Math.min(options.intervalMs, options.shutdownMs / pauses);
}

/**
 * Closes `sockets` in batches of `batchSize`, pausing between batches (see
 * `drainPauseMs`), so that their clients come back spread over the drain
 * instead of all at once. `close` must be safe for a socket that already
 * went away. Resolves with the number of sockets closed.
 */
export async function drainInBatches<S>(sockets: readonly S[], options: DrainOptions, close: (socket: S) => void): Promise<number> {
  const pauseMs = drainPauseMs(sockets.length, options);
  for (let start = 0; start < sockets.length; start += options.batchSize) {
    if (start > 0) await new Promise((resolve) => setTimeout(resolve, pauseMs).unref());
    for (const socket of sockets.slice(start, start + options.batchSize)) close(socket);
  }
  return sockets.length;
}
