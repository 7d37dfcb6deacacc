import { checkKey, checkOwner, checkToken, checkTtl, type Acquired, type Lease, type LeaseStore } from "./lease-store.ts";

interface History {
  lastToken: number;
  open: boolean;
}

/** In-process {@link LeaseStore}: a single-node cluster, and the reference for tests. */
export class MemoryLeaseStore implements LeaseStore {
  readonly #leases = new Map<string, Lease>();
  readonly #history = new Map<string, History>();
  readonly #now: () => number;

  constructor(options: { now?: () => number } = {}) {
    this.#now = options.now ?? Date.now;
  }

  async acquire(key: string, owner: string, ttlMs: number): Promise<Acquired | null> {
    checkKey(key);
    checkOwner(owner);
    checkTtl(ttlMs);
    const live = this.#live(key);
    if (live && live.owner !== owner) return null;
    const history = this.#history.get(key) ?? { lastToken: 0, open: false };
    const takeover = history.open;
    history.lastToken += 1;
    history.open = true;
    this.#history.set(key, history);
    this.#leases.set(key, { key, owner, token: history.lastToken, expiresAt: this.#now() + ttlMs });
    return { token: history.lastToken, takeover };
  }

  async renew(key: string, owner: string, token: number, ttlMs: number): Promise<boolean> {
    checkKey(key);
    checkOwner(owner);
    checkToken(token);
    checkTtl(ttlMs);
    const live = this.#live(key);
    if (!live || live.owner !== owner || live.token !== token) return false;
    this.#leases.set(key, { ...live, expiresAt: this.#now() + ttlMs });
    return true;
  }

  async release(key: string, owner: string, token: number): Promise<boolean> {
    checkKey(key);
    checkOwner(owner);
    checkToken(token);
    const live = this.#live(key);
    if (!live || live.owner !== owner || live.token !== token) return false;
    this.#leases.delete(key);
    const history = this.#history.get(key);
    if (history) history.open = false;
    return true;
  }

  async current(key: string): Promise<Lease | null> {
    checkKey(key);
    return this.#live(key) ?? null;
  }

  async list(prefix: string): Promise<Lease[]> {
    if (typeof prefix !== "string") throw new TypeError("LeaseStore: prefix must be a string");
    return [...this.#leases.keys()].filter((key) => key.startsWith(prefix)).flatMap((key) => this.#live(key) ?? []);
  }

  #live(key: string): Lease | undefined {
    const lease = this.#leases.get(key);
    if (lease && lease.expiresAt <= this.#now()) {
      this.#leases.delete(key);
      return undefined;
    }
    return lease;
  }
}
