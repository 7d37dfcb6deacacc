import { describe, expect, it } from "vitest";
import { RedisLeaseStore } from "../../src/supervision/redis-lease-store.ts";
import { describeLeaseStore } from "./lease-store.suite.ts";
import { connectRedis, deleteNamespace, uniqueNamespace } from "./redis-test-client.ts";

describeLeaseStore("RedisLeaseStore", async () => {
  const redis = await connectRedis();
  const namespace = uniqueNamespace("lease");
  return {
    store: new RedisLeaseStore(redis, { namespace }),
    close: async () => {
      await deleteNamespace(redis, namespace);
      await redis.quit();
    },
  };
});

describe("RedisLeaseStore after Redis lost its data", () => {
  it("still hands out a larger token, so fenced receivers accept the new owner", async () => {
    const redis = await connectRedis();
    const namespace = uniqueNamespace("lease-loss");
    try {
      const store = new RedisLeaseStore(redis, { namespace });
      const first = await store.acquire("dashboard:1", "a", 1000);
      expect(first).not.toBeNull();
      await deleteNamespace(redis, namespace); // what a restart without persistence leaves
      const second = await store.acquire("dashboard:1", "b", 1000);
      expect(second!.token).toBeGreaterThan(first!.token);
    } finally {
      await deleteNamespace(redis, namespace);
      await redis.quit();
    }
  });
});
