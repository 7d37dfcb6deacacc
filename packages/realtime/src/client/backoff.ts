/** How long to wait before retry number `tries` (1 for the first), in ms. */
export type Backoff = (tries: number) => number;

/**
 * Exponential backoff with full jitter: retry `tries` waits a random time
 * in [0, min(capMs, baseMs · 2^(tries−1))). When a node restarts, its clients
 * spread their reconnects over the whole window instead of arriving in
 * waves at the same instants (a fixed schedule makes every client that lost
 * the node at once come back at once). `random` is for tests.
 */
export function fullJitter(baseMs: number, capMs: number, random: () => number = Math.random): Backoff {
  if (!(baseMs > 0) || !(capMs >= baseMs)) throw new RangeError("fullJitter needs 0 < baseMs ≤ capMs");
  return (tries) => Math.floor(random() * Math.min(capMs, baseMs * 2 ** (Math.max(1, tries) - 1)));
}
