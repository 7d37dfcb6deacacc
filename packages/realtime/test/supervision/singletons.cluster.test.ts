import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Redis } from "ioredis";
import { RedisPubSub } from "../../src/pubsub/redis.ts";
import type { Fenced } from "../../src/supervision/fencing.ts";
import { RedisLeaseStore } from "../../src/supervision/redis-lease-store.ts";
import { NodeProcess } from "../fixtures/supervision-node-process.ts";
import { connectRedis, deleteNamespace, REDIS_URL, uniqueNamespace } from "./redis-test-client.ts";

const KEY = "dashboard:42";
const FAILOVER_BOUND_MS = 5_000;
const KILLS = 3;

interface Observed {
  token: number;
  node: string;
  at: number;
}

describe("Singletons across processes (Redis)", () => {
  const namespace = uniqueNamespace("singletons");
  const nodes: NodeProcess[] = [];
  const observed: Observed[] = [];
  let observer: RedisPubSub;
  let redis: Redis;
  let spawned = 0;

  const spawnNode = (): NodeProcess => {
    const node = new NodeProcess({ id: `node-${++spawned}`, keys: [KEY], namespace, redisUrl: REDIS_URL });
    nodes.push(node);
    return node;
  };
  const live = () => nodes.filter((node) => node.alive);
  const waitReady = (some: NodeProcess[]) => Promise.all(some.map((node) => node.ready()));

  beforeAll(async () => {
    redis = await connectRedis();
    observer = new RedisPubSub({ url: REDIS_URL, nodeId: "observer", prefix: namespace });
    observer.subscribe(KEY, (message) => {
      const payload = message.payload as Fenced<{ node: string }>;
      observed.push({ token: payload.token, node: payload.data.node, at: Date.now() });
    });
    await observer.start();
  });

  afterAll(async () => {
    for (const node of nodes) node.signal("SIGKILL");
    await observer?.close();
    if (redis) {
      await deleteNamespace(redis, namespace);
      await redis.quit();
    }
  });

  it("keeps exactly one owner through repeated SIGKILLs and a long pause, resumes within the bound, and tears down", async () => {
    for (let i = 0; i < 3; i++) spawnNode();
    await waitReady(nodes);

    const failovers: number[] = [];
    /** Stops the current owner with `signal`; returns the takeover time and the victim. */
    const failover = async (signal: "SIGKILL" | "SIGSTOP") => {
      await vi.waitFor(() => expect(Date.now() - (observed.at(-1)?.at ?? 0)).toBeLessThan(300), { timeout: 10_000 });
      const last = observed.at(-1)!;
      const owner = nodes.find((node) => node.id === last.node)!;
      const stoppedAt = Date.now();
      owner.signal(signal);
      await vi.waitFor(() => expect(observed.some((o) => o.token > last.token)).toBe(true), {
        timeout: FAILOVER_BOUND_MS + 5_000,
        interval: 20,
      });
      const resumed = observed.find((o) => o.token > last.token)!;
      expect(resumed.node).not.toBe(owner.id);
      failovers.push(resumed.at - stoppedAt);
      return { owner, resumed };
    };

    for (let kill = 0; kill < KILLS; kill++) {
      await failover("SIGKILL");
      spawnNode(); // keep three nodes wanting the key
    }

    // A paused owner (GC pause, VM freeze) wakes up after losing the lease: it must not publish under its old token.
    const { owner: paused, resumed } = await failover("SIGSTOP");
    paused.signal("SIGCONT");
    await vi.waitFor(async () => {
      const woken = await paused.ask<{ running: string[]; counters: Record<string, number> }>("status");
      expect(woken.running).toEqual([]);
      expect(woken.counters.plenum_lease_lost_total).toBe(1);
    });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(observed.filter((o) => o.at >= resumed.at && o.node === paused.id && o.token < resumed.token)).toEqual([]);

    console.info(`failover times (ms): ${failovers.join(", ")}`);
    expect(Math.max(...failovers)).toBeLessThanOrEqual(FAILOVER_BOUND_MS);

    // Exactly one owner at any time: tokens never go back, and each token has one publisher.
    const tokens = observed.map((o) => o.token);
    expect(tokens).toEqual([...tokens].sort((a, b) => a - b));
    const publisherOf = new Map<number, Set<string>>();
    for (const o of observed) publisherOf.set(o.token, (publisherOf.get(o.token) ?? new Set()).add(o.node));
    expect([...publisherOf.values()].every((publishers) => publishers.size === 1)).toBe(true);
    expect(publisherOf.size).toBeGreaterThanOrEqual(KILLS + 2);

    // A viewer joining on a node that does not run the tree gets the owner's last data.
    const owner = observed.at(-1)!;
    const bystander = live().find((node) => node.id !== owner.node)!;
    const last = await bystander.ask<Array<{ topic: string; event: string; payload: Fenced<{ node: string }> }>>("last", KEY);
    expect(last).toEqual([
      { topic: KEY, event: "tick", payload: { key: KEY, token: owner.token, data: expect.objectContaining({ node: owner.node }) } },
    ]);

    // Every viewer leaves: after the grace the tree is gone everywhere, and so is the lease.
    await waitReady(live());
    for (const node of live()) node.send("viewers 0");
    const store = new RedisLeaseStore(redis, { namespace });
    await vi.waitFor(
      async () => {
        expect(await store.current(KEY)).toBeNull();
        expect(Date.now() - observed.at(-1)!.at).toBeGreaterThan(1_000);
      },
      { timeout: 8_000, interval: 100 },
    );
    for (const node of live()) expect((await node.ask<{ running: string[] }>("status")).running).toEqual([]);
  }, 120_000);
});
