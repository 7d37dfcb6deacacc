import { createHash } from "node:crypto";
import type { Redis } from "ioredis";
import { checkKey, checkOwner, checkToken, checkTtl, type Acquired, type Lease, type LeaseStore } from "./lease-store.ts";

// Lease:   <ns>l:<key> hash {owner, token}, PEXPIRE'd to the ttl.
// History: <ns>t:<key> hash {seq, open}; `seq` is the per-key token counter;
// `open` marks a lease that was not released, which makes the next
// acquisition a takeover. A counter alone goes back to 1 when Redis loses its
// data (restart without persistence, failover to a lagging replica, flush),
// and receivers that remember the old highest token would then refuse the new
// owner forever; so a token is also at least Redis's clock in microseconds
// (below 2^53 until the year 2255), which keeps tokens increasing across data
// loss unless that clock steps back.
const ACQUIRE = `
local holder = redis.call('HGET', KEYS[1], 'owner')
if holder and holder ~= ARGV[1] then return nil end
local open = redis.call('HGET', KEYS[2], 'open')
local now = redis.call('TIME')
local floor = tonumber(now[1]) * 1000000 + tonumber(now[2])
local token = redis.call('HINCRBY', KEYS[2], 'seq', 1)
if token < floor then
  token = floor
  redis.call('HSET', KEYS[2], 'seq', token)
end
redis.call('HSET', KEYS[2], 'open', '1')
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'owner', ARGV[1], 'token', token)
redis.call('PEXPIRE', KEYS[1], ARGV[2])
if open == '1' then return {token, 1} end
return {token, 0}`;

const RENEW = `
local v = redis.call('HMGET', KEYS[1], 'owner', 'token')
if v[1] ~= ARGV[1] or v[2] ~= ARGV[2] then return 0 end
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1`;

const RELEASE = `
local v = redis.call('HMGET', KEYS[1], 'owner', 'token')
if v[1] ~= ARGV[1] or v[2] ~= ARGV[2] then return 0 end
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[2], 'open', '0')
return 1`;

const CURRENT = `
local v = redis.call('HMGET', KEYS[1], 'owner', 'token')
if not v[1] then return nil end
return {v[1], v[2], redis.call('PTTL', KEYS[1])}`;

/**
 * {@link LeaseStore} on Redis. Each operation is one Lua script, so checks and
 * writes are atomic on the server. The client is borrowed: the caller
 * connects and quits it. Give it `enableOfflineQueue: false` and a bounded
 * `maxRetriesPerRequest`: a lost Redis must surface as errors, not as hangs,
 * and never as an acquire queued offline that runs after its caller gave up
 * (it would hold a lease nobody uses until the ttl runs out).
 */
export class RedisLeaseStore implements LeaseStore {
  readonly #redis: Redis;
  readonly #namespace: string;

  constructor(redis: Redis, options: { namespace?: string } = {}) {
    this.#redis = redis;
    this.#namespace = options.namespace ?? "plenum:lease:";
  }

  async acquire(key: string, owner: string, ttlMs: number): Promise<Acquired | null> {
    checkKey(key);
    checkOwner(owner);
    checkTtl(ttlMs);
    const reply = (await this.#run(ACQUIRE, [this.#lease(key), this.#history(key)], [owner, ttlMs])) as [number, number] | null;
    return reply ? { token: Number(reply[0]), takeover: Number(reply[1]) === 1 } : null;
  }

  async renew(key: string, owner: string, token: number, ttlMs: number): Promise<boolean> {
    checkKey(key);
    checkOwner(owner);
    checkToken(token);
    checkTtl(ttlMs);
    return (await this.#run(RENEW, [this.#lease(key)], [owner, token, ttlMs])) === 1;
  }

  async release(key: string, owner: string, token: number): Promise<boolean> {
    checkKey(key);
    checkOwner(owner);
    checkToken(token);
    return (await this.#run(RELEASE, [this.#lease(key), this.#history(key)], [owner, token])) === 1;
  }

  async current(key: string): Promise<Lease | null> {
    checkKey(key);
    const reply = (await this.#run(CURRENT, [this.#lease(key)], [])) as [string, string, number] | null;
    if (!reply || Number(reply[2]) < 0) return null;
    return { key, owner: reply[0], token: Number(reply[1]), expiresAt: Date.now() + Number(reply[2]) };
  }

  async list(prefix: string): Promise<Lease[]> {
    if (typeof prefix !== "string") throw new TypeError("LeaseStore: prefix must be a string");
    const head = this.#lease("");
    const keys = new Set<string>();
    let cursor = "0";
    do {
      const [next, batch] = await this.#redis.scan(cursor, "MATCH", `${escapeGlob(head + prefix)}*`, "COUNT", 500);
      cursor = next;
      for (const redisKey of batch) keys.add(redisKey.slice(head.length));
    } while (cursor !== "0");
    const leases = await Promise.all([...keys].map((key) => this.current(key)));
    return leases.filter((lease): lease is Lease => lease !== null);
  }

  #lease(key: string): string {
    return `${this.#namespace}l:${key}`;
  }

  #history(key: string): string {
    return `${this.#namespace}t:${key}`;
  }

  async #run(script: string, keys: string[], args: (string | number)[]): Promise<unknown> {
    const sha = scriptSha(script);
    try {
      return await this.#redis.evalsha(sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith("NOSCRIPT")) throw error;
      return this.#redis.eval(script, keys.length, ...keys, ...args);
    }
  }
}

const shas = new Map<string, string>();
function scriptSha(script: string): string {
  let sha = shas.get(script);
  if (!sha) shas.set(script, (sha = createHash("sha1").update(script).digest("hex")));
  return sha;
}

function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, "\\$&");
}
