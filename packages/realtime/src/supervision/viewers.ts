/**
 * Who is watching which topic, cluster-wide. The presence tracker satisfies
 * it through an adapter; supervision needs nothing else from presence.
 *
 * Contract:
 * - `count(topic)` is this node's current view of the number of viewers of
 *   `topic` on all nodes. It may lag (presence is eventually consistent) but
 *   must converge, and must be cheap (called on every change).
 * - `onChange(listener)` calls `listener(topic)` after `count(topic)` may
 *   have changed; spurious calls are fine, missed ones are not (the reaper
 *   only bounds the damage). Returns an idempotent unsubscribe.
 * - `topics()` lists the topics with viewers now, so a consumer that starts
 *   late can catch up.
 */
export interface Viewers {
  count(topic: string): number;
  onChange(listener: (topic: string) => void): () => void;
  topics(): Iterable<string>;
}
