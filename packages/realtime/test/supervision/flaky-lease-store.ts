import type { Acquired, Lease, LeaseStore } from "../../src/supervision/lease-store.ts";

/**
 * Wraps a store as seen from one node, so a test can cut that node off
 * (`down`: every call rejects, like a lost Redis) while others keep access.
 */
export class FlakyLeaseStore implements LeaseStore {
  down = false;

  constructor(readonly inner: LeaseStore) {}

  async acquire(key: string, owner: string, ttlMs: number): Promise<Acquired | null> {
    this.#check();
    return this.inner.acquire(key, owner, ttlMs);
  }

  async renew(key: string, owner: string, token: number, ttlMs: number): Promise<boolean> {
    this.#check();
    return this.inner.renew(key, owner, token, ttlMs);
  }

  async release(key: string, owner: string, token: number): Promise<boolean> {
    this.#check();
    return this.inner.release(key, owner, token);
  }

  async current(key: string): Promise<Lease | null> {
    this.#check();
    return this.inner.current(key);
  }

  async list(prefix: string): Promise<Lease[]> {
    this.#check();
    return this.inner.list(prefix);
  }

  #check(): void {
    if (this.down) throw new Error("store unreachable");
  }
}
