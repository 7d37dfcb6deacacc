/** A live lease as the store sees it. */
export interface Lease {
  readonly key: string;
  readonly owner: string;
  readonly token: number;
  /** Epoch ms (this process's clock) when the lease lapses unless renewed. */
  readonly expiresAt: number;
}

export interface Acquired {
  /** The fencing token of this lease. */
  readonly token: number;
  /**
   * True when the previous lease on this key ended without `release` (its
   * holder died, lost the store, or re-acquired): this acquisition is a failover.
   */
  readonly takeover: boolean;
}

/**
 * Time-bounded exclusive ownership of keys, shared by every node of a cluster.
 *
 * Guarantees every implementation gives (checked by the shared suite):
 * - Exclusion: at any instant at most one owner holds a live lease per key.
 * - Fencing: every successful `acquire` of a key returns a token strictly
 *   greater than every token ever issued for that key, across owners,
 *   releases and expiries. A holder whose token is not the current one has
 *   lost the lease, whatever it believes.
 * - `acquire` by the current owner succeeds with a new, higher token and
 *   invalidates the old one (a node that lost track of its lease can reclaim it).
 * - `renew` and `release` act only when owner **and** token match the live
 *   lease (compare-and-set), so a former holder can never extend or delete
 *   its successor's lease.
 * - A lease not renewed within its ttl lapses; `current` then returns null.
 * - Invalid arguments reject with a TypeError/RangeError and change nothing.
 *
 * Tokens are kept per key for the life of the store, so they never go back.
 */
export interface LeaseStore {
  acquire(key: string, owner: string, ttlMs: number): Promise<Acquired | null>;
  renew(key: string, owner: string, token: number, ttlMs: number): Promise<boolean>;
  release(key: string, owner: string, token: number): Promise<boolean>;
  current(key: string): Promise<Lease | null>;
  /** Live leases whose key starts with `prefix`, in no particular order. */
  list(prefix: string): Promise<Lease[]>;
}

export function checkKey(key: unknown): asserts key is string {
  if (typeof key !== "string" || key === "") throw new TypeError("LeaseStore: key must be a non-empty string");
}

export function checkOwner(owner: unknown): asserts owner is string {
  if (typeof owner !== "string" || owner === "") throw new TypeError("LeaseStore: owner must be a non-empty string");
}

export function checkTtl(ttlMs: unknown): asserts ttlMs is number {
  if (typeof ttlMs !== "number" || !Number.isInteger(ttlMs) || ttlMs <= 0) {
    throw new RangeError("LeaseStore: ttlMs must be a positive integer");
  }
}

export function checkToken(token: unknown): asserts token is number {
  if (typeof token !== "number" || !Number.isSafeInteger(token) || token <= 0) {
    throw new RangeError("LeaseStore: token must be a positive integer");
  }
}
