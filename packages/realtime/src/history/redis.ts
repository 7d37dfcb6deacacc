import { randomBytes } from "node:crypto";
import { Redis, type RedisOptions } from "ioredis";
import type { History, HistoryEntry, Recovery, Retention, StreamPosition } from "./history.ts";
import { checkEntry, checkPosition, checkRetention, checkTopic } from "./retention.ts";

export interface RedisHistoryOptions {
  /** Default `redis://127.0.0.1:6379`. */
  readonly url?: string;
  /** Extra ioredis options (TLS, password…); connection behaviour options are overridden. */
  readonly redis?: RedisOptions;
  /** Namespace of every key. Default `plenum:h:`. */
  readonly prefix?: string;
  /** A topic nobody appended to for this long is forgotten (its epoch ends). Default 24 h. */
  readonly metaTtlSeconds?: number;
  /** `start()` rejects when Redis is not reachable within this time. Default 10 s. */
  readonly startTimeoutMs?: number;
}

// Per topic: `<prefix>{<topic>}:m` hash {epoch, top} and `<prefix>{<topic>}:s` stream of
// entries {o: offset, e: event, p: payload JSON}, with Redis-assigned ids, so
// the id's milliseconds are the append time MINID trims by. The hash tag keeps
// both keys on one Redis Cluster slot. A missing meta hash is a new epoch: the
// caller proposes a random one and the script keeps it only if none exists,
// dropping any stream left from the old epoch.
const META = `
local epoch = redis.call('HGET', KEYS[2], 'epoch')
if not epoch then
  epoch = ARGV[1]
  redis.call('DEL', KEYS[1])
  redis.call('HSET', KEYS[2], 'epoch', epoch, 'top', 0)
  redis.call('PEXPIRE', KEYS[2], ARGV[2])
end
`;

// ARGV: epoch candidate, meta ttl ms, max messages (0: none), ttl ms (0: none), event, payload.
const APPEND = `${META}
local offset = redis.call('HINCRBY', KEYS[2], 'top', 1)
local max = tonumber(ARGV[3])
if max > 0 then
  redis.call('XADD', KEYS[1], 'MAXLEN', max, '*', 'o', offset, 'e', ARGV[5], 'p', ARGV[6])
else
  redis.call('XADD', KEYS[1], '*', 'o', offset, 'e', ARGV[5], 'p', ARGV[6])
end
local ttl = tonumber(ARGV[4])
if ttl > 0 then
  local now = redis.call('TIME')
  redis.call('XTRIM', KEYS[1], 'MINID', tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000) - ttl)
end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
redis.call('PEXPIRE', KEYS[2], ARGV[2])
return {epoch, offset}`;

// ARGV: epoch candidate, meta ttl ms, since epoch ('' for the position only), since offset, ttl ms (0: none).
// Answers {epoch, top, recovered (0/1), entries newest first}.
const RECOVER = `${META}
local top = tonumber(redis.call('HGET', KEYS[2], 'top'))
if ARGV[3] == '' or ARGV[3] ~= epoch then return {epoch, top, 0} end
local since = tonumber(ARGV[4])
if since > top then return {epoch, top, 0} end
if since == top then return {epoch, top, 1, {}} end
local oldest = '-'
local ttl = tonumber(ARGV[5])
if ttl > 0 then
  local now = redis.call('TIME')
  oldest = tostring(tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000) - ttl)
end
local missed = top - since
local entries = redis.call('XREVRANGE', KEYS[1], '+', oldest, 'COUNT', missed)
if #entries < missed then return {epoch, top, 0} end
return {epoch, top, 1, entries}`;

type Fields = [string, string[]][];
type RecoverReply = [string, number, number, Fields?];

/**
 * {@link History} on Redis: a stream per topic trimmed by MAXLEN (last N) and
 * MINID (last T seconds) and a meta hash holding the epoch and the last
 * offset. Each operation is one Lua script, so the offset is assigned by
 * Redis atomically with the append, whichever node asks. One connection of
 * its own; appends resolve in the order they were issued.
 */
export class RedisHistory implements History {
  readonly #url: string;
  readonly #prefix: string;
  readonly #metaTtlMs: number;
  readonly #startTimeoutMs: number;
  readonly #redis: Redis;
  #starting: Promise<void> | undefined;
  #closing: Promise<void> | undefined;

  constructor(options: RedisHistoryOptions = {}) {
    this.#url = options.url ?? "redis://127.0.0.1:6379";
    this.#prefix = options.prefix ?? "plenum:h:";
    this.#metaTtlMs = Math.round((options.metaTtlSeconds ?? 86_400) * 1000);
    this.#startTimeoutMs = options.startTimeoutMs ?? 10_000;
    if (!(this.#metaTtlMs > 0)) throw new RangeError("RedisHistory: metaTtlSeconds must be positive");
    this.#redis = new Redis(this.#url, {
      ...options.redis,
      lazyConnect: true,
      // A lost Redis rejects appends at once (the engine then broadcasts without an offset), never queues them.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      retryStrategy: (attempt) => Math.min(2_000, 50 * 2 ** Math.min(attempt, 10)),
    });
    this.#redis.on("error", () => {});
    this.#redis.defineCommand("plenumHistoryAppend", { numberOfKeys: 2, lua: APPEND });
    this.#redis.defineCommand("plenumHistoryRecover", { numberOfKeys: 2, lua: RECOVER });
  }

  start(): Promise<void> {
    if (this.#closing) return Promise.reject(new Error("RedisHistory: start after close"));
    this.#starting ??= this.#connect();
    return this.#starting;
  }

  close(): Promise<void> {
    this.#closing ??= this.#redis.quit().then(
      () => {},
      () => this.#redis.disconnect(),
    );
    return this.#closing;
  }

  async append(topic: string, entry: { readonly event: string; readonly payload: unknown }, retention: Retention): Promise<StreamPosition> {
    checkTopic(topic);
    checkEntry(entry);
    checkRetention(retention);
    const payload = JSON.stringify(entry.payload ?? null);
    const [epoch, offset] = (await this.#call("plenumHistoryAppend", topic, [
      retention.maxMessages ?? 0,
      ttlMs(retention),
      entry.event,
      payload,
    ])) as [string, number];
    return { epoch, offset: Number(offset) };
  }

  async position(topic: string): Promise<StreamPosition> {
    checkTopic(topic);
    const [epoch, top] = (await this.#call("plenumHistoryRecover", topic, ["", 0, 0])) as RecoverReply;
    return { epoch, offset: Number(top) };
  }

  async recover(topic: string, since: StreamPosition, retention: Retention): Promise<Recovery> {
    checkTopic(topic);
    checkPosition(since);
    checkRetention(retention);
    const [epoch, top, recovered, fields] = (await this.#call("plenumHistoryRecover", topic, [
      since.epoch,
      since.offset,
      ttlMs(retention),
    ])) as RecoverReply;
    const position = { epoch, offset: Number(top) };
    if (Number(recovered) !== 1) return { recovered: false, position };
    const entries: HistoryEntry[] = (fields ?? []).map(([, values]) => entryOf(values)).reverse();
    return { recovered: true, position, entries };
  }

  async forget(topic: string): Promise<void> {
    checkTopic(topic);
    // Both keys share a hash tag (one slot): one DEL removes them together, and a missing meta hash is a new epoch.
    const [stream, meta] = this.#keys(topic);
    await this.#redis.del(stream, meta);
  }

  #keys(topic: string): [string, string] {
    return [`${this.#prefix}{${topic}}:s`, `${this.#prefix}{${topic}}:m`];
  }

  #call(script: string, topic: string, args: (string | number)[]): Promise<unknown> {
    const keys = this.#keys(topic);
    const run = (this.#redis as unknown as Record<string, (...a: (string | number)[]) => Promise<unknown>>)[script]!;
    return run.call(this.#redis, ...keys, randomBytes(6).toString("base64url"), this.#metaTtlMs, ...args);
  }

  async #connect(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`RedisHistory: Redis at ${this.#url} not reachable within ${this.#startTimeoutMs} ms`)),
        this.#startTimeoutMs,
      );
    });
    try {
      await Promise.race([this.#redis.connect(), timeout]);
    } catch (error) {
      this.#redis.disconnect();
      if (error instanceof Error && error.message.startsWith("RedisHistory:")) throw error;
      throw new Error(`RedisHistory: Redis at ${this.#url} not reachable`, { cause: error });
    } finally {
      clearTimeout(timer);
    }
  }
}

function ttlMs(retention: Retention): number {
  return retention.ttlSeconds === undefined ? 0 : Math.max(1, Math.round(retention.ttlSeconds * 1000));
}

/** A stream entry's flat field list [o, offset, e, event, p, payload]. */
function entryOf(values: string[]): HistoryEntry {
  const fields = new Map<string, string>();
  for (let i = 0; i + 1 < values.length; i += 2) fields.set(values[i]!, values[i + 1]!);
  return { offset: Number(fields.get("o")), event: fields.get("e") ?? "", payload: JSON.parse(fields.get("p") ?? "null") };
}
