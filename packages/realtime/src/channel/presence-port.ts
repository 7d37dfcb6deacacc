/**
 * What channels need from a presence tracker. The tracker owns replication
 * and diff batching; channels only track on behalf of an owner (one channel
 * join) and read the merged list.
 */
export interface PresencePort {
  track(owner: string, topic: string, key: string, meta: Record<string, unknown>): unknown;
  update(owner: string, topic: string, key: string, meta: Record<string, unknown>): unknown;
  untrack(owner: string, topic: string, key?: string): unknown;
  untrackOwner(owner: string): unknown;
  list(topic: string): Record<string, { metas: Record<string, unknown>[] }>;
  /** Whether `topic`'s list is small enough to send whole; refusals are the port's to log. */
  listable(topic: string): boolean;
}
