import { afterEach, describe, expect, it, vi } from "vitest";
import { Registry } from "prom-client";
import { LocalPubSub } from "../../src/pubsub/local.ts";
import type { PubSubMessage } from "../../src/pubsub/pubsub.ts";
import { MemoryLeaseStore } from "../../src/supervision/memory-lease-store.ts";
import { SupervisionMetrics } from "../../src/supervision/metrics.ts";
import { pollerTree } from "../../src/supervision/poller-tree.ts";
import { Singletons } from "../../src/supervision/singletons.ts";
import { ViewerCounts } from "./viewer-counts.ts";

let singletons: Singletons | undefined;
afterEach(async () => {
  await singletons?.close();
});

describe("pollerTree", () => {
  it("runs one poller per dataset of the key and publishes each dataset's changes as its own event", async () => {
    const pubsub = new LocalPubSub();
    const viewers = new ViewerCounts();
    const registry = new Registry();
    const received: PubSubMessage[] = [];
    pubsub.subscribe("dashboard:7", (message) => received.push(message));
    let attendance = 0;
    const queried: string[] = [];
    singletons = new Singletons({
      nodeId: "a",
      store: new MemoryLeaseStore(),
      pubsub,
      viewers,
      manages: (topic) => topic.startsWith("dashboard:"),
      metrics: new SupervisionMetrics(registry),
      tree: pollerTree({
        intervalMs: 20,
        datasets: (key) => ({
          attendance: async () => {
            queried.push(key);
            return { present: Math.min(++attendance, 3) };
          },
          turnout: async () => ({ ratio: 0.5 }),
        }),
      }),
    });
    await singletons.start();
    viewers.set("dashboard:7", 1);
    await vi.waitFor(() => expect(queried.length).toBeGreaterThan(5));
    const events = received.map((m) => `${m.event}:${JSON.stringify((m.payload as { data: unknown }).data)}`);
    expect(events.filter((e) => e.startsWith("attendance"))).toEqual([
      'attendance:{"present":1}',
      'attendance:{"present":2}',
      'attendance:{"present":3}',
    ]);
    expect(events.filter((e) => e.startsWith("turnout"))).toEqual(['turnout:{"ratio":0.5}']);
    expect(new Set(queried)).toEqual(new Set(["dashboard:7"]));
    expect(await registry.metrics()).toContain("plenum_workers 2");
  });

  it("publishes every dataset as one event with {name, data} when asked, keeping the latest of each for late viewers", async () => {
    const pubsub = new LocalPubSub();
    const viewers = new ViewerCounts();
    const received: PubSubMessage[] = [];
    pubsub.subscribe("dashboard:8", (message) => received.push(message));
    singletons = new Singletons({
      nodeId: "a",
      store: new MemoryLeaseStore(),
      pubsub,
      viewers,
      manages: (topic) => topic.startsWith("dashboard:"),
      tree: pollerTree({ intervalMs: 20, event: "dataset", datasets: () => ({ a: async () => 1, b: async () => 2 }) }),
    });
    await singletons.start();
    viewers.set("dashboard:8", 1);
    await vi.waitFor(() => expect(received).toHaveLength(2));
    expect(received.map((m) => [m.event, m.coalesce, (m.payload as { data: unknown }).data])).toEqual(
      expect.arrayContaining([
        ["dataset", "a", { name: "a", data: 1 }],
        ["dataset", "b", { name: "b", data: 2 }],
      ]),
    );
    const last = await singletons.last("dashboard:8");
    expect(last.map((m) => (m.payload as { data: { name: string } }).data.name).sort()).toEqual(["a", "b"]);
  });

  it("rejects a datasets option that is not a function", () => {
    expect(() => pollerTree({ intervalMs: 10, datasets: {} as never })).toThrow(TypeError);
  });
});
