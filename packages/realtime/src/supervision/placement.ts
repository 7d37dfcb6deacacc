import { createHash } from "node:crypto";

/**
 * Rendezvous (highest-random-weight) rank of `nodeId` for `key` among
 * `members`: 0 for the node that should run the key, 1 for the next, and so
 * on; `members.length` when `nodeId` is not a member. Every node computes the
 * same order from the same member list, and removing a node only moves the
 * keys it was first for.
 */
export function rendezvousRank(nodeId: string, key: string, members: readonly string[]): number {
  const own = weight(nodeId, key);
  if (!members.includes(nodeId)) return members.length;
  return members.filter((member) => member !== nodeId && weight(member, key) > own).length;
}

function weight(nodeId: string, key: string): bigint {
  return createHash("sha1").update(nodeId).update("\0").update(key).digest().readBigUInt64BE(0);
}
