import { Redis } from "ioredis";
import { Registry } from "prom-client";
import { afterAll, describe, expect, it } from "vitest";
import type { PubSub, PubSubMessage } from "../../src/pubsub/pubsub.ts";
import { RedisPubSub } from "../../src/pubsub/redis.ts";
import { eventually } from "./eventually.ts";
import { pubsubSuite } from "./pubsub.suite.ts";
import { PrivateRedis, SHARED_REDIS_URL, testPrefix } from "./redis-server.ts";

// Redis missing makes start() reject, so these fail (never skip), in CI or not.
pubsubSuite("redis", {
  maxNodes: 3,
  async create(count) {
    const prefix = testPrefix();
    const nodes = Array.from(
      { length: count },
      (_, i) => new RedisPubSub({ url: SHARED_REDIS_URL, prefix, nodeId: `node-${i}`, startTimeoutMs: 3_000 }),
    );
    await Promise.all(nodes.map((n) => n.start()));
    return nodes satisfies PubSub[];
  },
});

async function metric(registry: Registry, name: string): Promise<number> {
  const value = (await registry.getSingleMetric(name)?.get())?.values[0]?.value;
  return value ?? 0;
}

describe("RedisPubSub outage", () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it("fails start() clearly when Redis is unreachable", async () => {
    const redis = await PrivateRedis.start();
    await redis.kill();
    const node = new RedisPubSub({ url: redis.url, startTimeoutMs: 300 });
    await expect(node.start()).rejects.toThrow(/not reachable/);
    await node.close();
    const closedEarly = new RedisPubSub({ url: redis.url });
    const starting = closedEarly.start();
    await closedEarly.close();
    await expect(starting).rejects.toThrow(/closed before/);
  });

  it("keeps local traffic during an outage, drops and counts publishes, then reconnects and resubscribes", async () => {
    const redis = await PrivateRedis.start();
    cleanups.push(() => redis.kill());
    const prefix = testPrefix();
    const registry = new Registry();
    const a = new RedisPubSub({ url: redis.url, prefix, nodeId: "a", registry, maxBackoffMs: 100 });
    const b = new RedisPubSub({ url: redis.url, prefix, nodeId: "b", maxBackoffMs: 100 });
    cleanups.push(
      () => a.close(),
      () => b.close(),
    );
    await Promise.all([a.start(), b.start()]);
    const onA: PubSubMessage[] = [];
    const onB: PubSubMessage[] = [];
    a.subscribe("room", (m) => onA.push(m));
    b.subscribe("room", (m) => onB.push(m));
    let reconnectsA = 0;
    let reconnectsB = 0;
    a.onReconnect(() => reconnectsA++);
    b.onReconnect(() => reconnectsB++);
    await eventually(() => {
      a.broadcast({ topic: "room", event: "warmup", payload: null });
      expect(onB.length).toBeGreaterThan(0);
    });
    expect(await metric(registry, "plenum_pubsub_up")).toBe(1);

    await redis.kill();
    await eventually(() => expect(a.up || b.up).toBe(false));
    expect(await metric(registry, "plenum_pubsub_up")).toBe(0);
    onA.length = onB.length = 0;
    a.broadcast({ topic: "room", event: "during", payload: 1 });
    expect(onA.map((m) => m.event)).toEqual(["during"]);
    expect(await metric(registry, "plenum_pubsub_dropped_total")).toBeGreaterThanOrEqual(1);

    await redis.restart();
    await eventually(() => expect([a.up, b.up, reconnectsA, reconnectsB]).toEqual([true, true, 1, 1]), 10_000);
    a.broadcast({ topic: "room", event: "after", payload: 2 });
    b.direct("a", { topic: "room", event: "direct", payload: 3 });
    await eventually(() => {
      expect(onB.map((m) => m.event)).toEqual(["after"]);
      expect(onA.map((m) => m.event)).toEqual(["during", "after", "direct"]);
    });
    expect(await metric(registry, "plenum_pubsub_reconnects_total")).toBe(1);
  });

  it("recovers its subscriber connection after CLIENT KILL while publishing stays up", async () => {
    const prefix = testPrefix();
    const a = new RedisPubSub({ url: SHARED_REDIS_URL, prefix, nodeId: "a", maxBackoffMs: 100 });
    const b = new RedisPubSub({ url: SHARED_REDIS_URL, prefix, nodeId: "b", maxBackoffMs: 100 });
    const admin = new Redis(SHARED_REDIS_URL);
    cleanups.push(
      () => a.close(),
      () => b.close(),
      async () => void admin.disconnect(),
    );
    await Promise.all([a.start(), b.start()]);
    const onB: PubSubMessage[] = [];
    b.subscribe("room", (m) => onB.push(m));
    let reconnects = 0;
    b.onReconnect(() => reconnects++);

    // Only b's subscriber connection, found by the name the adapter gives it.
    const clients = String(await admin.client("LIST")).split("\n");
    const line = clients.find((l) => l.includes(` name=${prefix}b:sub `));
    const id = line?.match(/\bid=(\d+)/)?.[1];
    expect(id).toBeDefined();
    await admin.client("KILL", "ID", id!);

    await eventually(() => expect([b.up, reconnects]).toEqual([true, 1]));
    await eventually(() => {
      a.broadcast({ topic: "room", event: "after", payload: null });
      expect(onB.length).toBeGreaterThan(0);
    });
  });
});
