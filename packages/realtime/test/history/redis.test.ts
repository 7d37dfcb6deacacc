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
