import { describe, expect, it } from "vitest";
import { MemoryHistory } from "../../src/history/memory.ts";
import { describeHistory } from "./history.suite.ts";
import { eventually } from "../pubsub/eventually.ts";

describeHistory("MemoryHistory", async ({ metaTtlSeconds }) => {
  let store = new MemoryHistory({ metaTtlSeconds });
  await store.start();
  return {
    nodes: () => [store, store],
    async lose() {
      await store.close();
      store = new MemoryHistory({ metaTtlSeconds });
      await store.start();
    },
    close: () => store.close(),
  };
});

describe("MemoryHistory under a storm", () => {
  it("keeps at most maxMessages per topic and maxTopics topics, and lets expired entries go", async () => {
    const store = new MemoryHistory({ maxTopics: 500, sweepMs: 50 });
    await store.start();
    const retention = { maxMessages: 10, ttlSeconds: 0.5 };
    let peak = 0;
    for (let round = 0; round < 50; round++) {
      await Promise.all(
        Array.from({ length: 2_000 }, (_, t) => store.append(`room:${t}`, { event: "msg", payload: { round } }, retention)),
      );
      peak = Math.max(peak, store.retained.messages);
      expect(store.retained.topics).toBeLessThanOrEqual(500);
    }
    // 100,000 appends over 2,000 topics: never more than 500 topics × 10 messages kept.
    expect(peak).toBeLessThanOrEqual(5_000);
    expect(peak).toBeGreaterThan(0);
    await eventually(() => expect(store.retained.messages).toBe(0), 3_000);
    await store.close();
    await store.close();
  });
});
