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
