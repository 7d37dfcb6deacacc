import { describe, expect, it } from "vitest";
import { RedisHistory } from "../../src/history/redis.ts";
import { SHARED_REDIS_URL } from "../pubsub/redis-server.ts";
import { connectRedis, deleteNamespace, uniqueNamespace } from "../supervision/redis-test-client.ts";
import { describeHistory } from "./history.suite.ts";

// Redis missing makes start() reject, so these fail (never skip), in CI or not.
describeHistory("RedisHistory", async ({ metaTtlSeconds }) => {
  const prefix = uniqueNamespace("history");
  const nodes = [0, 1].map(() => new RedisHistory({ url: SHARED_REDIS_URL, prefix, metaTtlSeconds, startTimeoutMs: 3_000 })) as [
    RedisHistory,
    RedisHistory,
  ];
  await Promise.all(nodes.map((node) => node.start()));
  const admin = await connectRedis();
  return {
    nodes: () => nodes,
    lose: () => deleteNamespace(admin, prefix),
    async close() {
      await deleteNamespace(admin, prefix);
      await admin.quit();
      await Promise.all(nodes.map((node) => node.close()));
      await Promise.all(nodes.map((node) => node.close()));
    },
  };
});

describe("RedisHistory without Redis", () => {
  it("fails start() clearly, and closes twice, started or not", async () => {
    const history = new RedisHistory({ url: "redis://127.0.0.1:1", startTimeoutMs: 500 });
    await expect(history.start()).rejects.toThrow(/RedisHistory: Redis at redis:\/\/127.0.0.1:1 not reachable/);
    await history.close();
    await history.close();
    const never = new RedisHistory();
    await never.close();
    await expect(never.start()).rejects.toThrow(/start after close/);
  });
});
