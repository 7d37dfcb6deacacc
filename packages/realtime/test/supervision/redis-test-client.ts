import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";

export const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

/**
 * A connected client for tests. Connection failure rejects (never skips), so
 * a missing Redis fails the run, as CI requires.
 */
export async function connectRedis(): Promise<Redis> {
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });
  let cause: unknown;
  redis.on("error", (error) => (cause = error));
  try {
    await redis.connect();
  } catch (error) {
    throw new Error(`Redis is required for this test and not reachable at ${REDIS_URL}`, { cause: cause ?? error });
  }
  return redis;
}

/** A namespace no other test run uses. */
export function uniqueNamespace(label: string): string {
  return `plenum-test:${label}:${randomUUID()}:`;
}

/** Deletes every key under `namespace`. */
export async function deleteNamespace(redis: Redis, namespace: string): Promise<void> {
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${namespace}*`, "COUNT", 500);
    cursor = next;
    if (keys.length > 0) await redis.del(...keys);
  } while (cursor !== "0");
}
