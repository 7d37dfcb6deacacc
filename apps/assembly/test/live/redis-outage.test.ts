import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { expect, it, vi } from "vitest";
import { PrivateRedis } from "../../../../packages/realtime/test/pubsub/redis-server.ts";
import { Assembly } from "./fixture.ts";

/**
 * A clustered node whose Redis goes away reports it through its logger
 * (pub/sub "down", trees stopping), never as ioredis's "Unhandled error
 * event" stack on stderr at every reconnect attempt. Needs redis-server on
 * the PATH (a private one on a free port, killed and restarted here).
 */
it("logs a lost Redis through the logger: no unhandled error event from any Redis client", async () => {
  const redis = await PrivateRedis.start();
  const node = await Assembly.start({ redisUrl: redis.url, redisPrefix: `outage-${randomUUID()}:` });
  const stderr = vi.spyOn(console, "error").mockImplementation(() => {});
  try {
    await redis.kill();
    // ioredis retries after 50, 100, 150… ms: well over one failed reconnect per client.
    await sleep(1_500);
    await redis.restart();
    const unhandled = stderr.mock.calls.filter((args) => String(args[0]).includes("Unhandled error event"));
    expect(unhandled).toEqual([]);
  } finally {
    stderr.mockRestore();
    await node.close();
    await redis.kill();
  }
});
