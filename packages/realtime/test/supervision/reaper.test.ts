import { afterEach, describe, expect, it, vi } from "vitest";
import { Registry } from "prom-client";
import { LocalPubSub } from "../../src/pubsub/local.ts";
import { MemoryLeaseStore } from "../../src/supervision/memory-lease-store.ts";
import { SupervisionMetrics } from "../../src/supervision/metrics.ts";
import { Reaper } from "../../src/supervision/reaper.ts";
import { Singletons } from "../../src/supervision/singletons.ts";
import { tickingTree } from "./ticking-tree.ts";
import { ViewerCounts } from "./viewer-counts.ts";

let open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const thing of open.reverse()) await thing.close();
  open = [];
});

async function setup(isNodeAlive?: (node: string) => boolean, intervalMs = 60_000) {
  const store = new MemoryLeaseStore();
  const viewers = new ViewerCounts();
  const registry = new Registry();
  const metrics = new SupervisionMetrics(registry);
  const events: string[] = [];
  const singletons = new Singletons({
    nodeId: "a",
    store,
    pubsub: new LocalPubSub(),
    viewers,
    manages: (topic) => topic.startsWith("dashboard:"),
    graceMs: 60_000,
    tree: tickingTree({ node: "a", events }),
    metrics,
  });
  // By default a long interval: the test drives sweeps itself.
  const reaper = new Reaper({
    singletons,
    store,
    viewers,
    prefix: "dashboard:",
    metrics,
    intervalMs,
    ...(isNodeAlive ? { isNodeAlive } : {}),
  });
  open.push(singletons, reaper);
  await singletons.start();
  await reaper.start();
  return { store, viewers, registry, events, singletons, reaper };
}

describe("Reaper", () => {
  it("stops a tree whose viewers vanished without an event, on the second sighting", async () => {
    const { viewers, singletons, reaper, events, registry } = await setup();
    viewers.set("dashboard:1", 1);
    viewers.set("dashboard:2", 1);
    await vi.waitFor(() => expect(singletons.runningKeys()).toHaveLength(2));
    viewers.setSilently("dashboard:1", 0); // presence missed the leave

    expect(await reaper.sweep()).toEqual({ trees: [], leases: [] });
    expect(await reaper.sweep()).toEqual({ trees: ["dashboard:1"], leases: [] });
    await vi.waitFor(() => expect(singletons.runningKeys()).toEqual(["dashboard:2"]));
    await vi.waitFor(() => expect(events.filter((e) => e.startsWith("closed"))).toHaveLength(1));
    expect(await registry.metrics()).toContain('plenum_reaped_total{kind="tree"} 1');
  });

  it("sweeps on its own every interval once started", async () => {
    const { viewers, singletons, registry } = await setup(undefined, 50);
    viewers.set("dashboard:1", 1);
    await vi.waitFor(() => expect(singletons.runningKeys()).toHaveLength(1));
    viewers.setSilently("dashboard:1", 0);
    await vi.waitFor(() => expect(singletons.runningKeys()).toEqual([]), { timeout: 1_000 });
    expect(await registry.metrics()).toContain('plenum_reaped_total{kind="tree"} 1');
  });

  it("leaves alone a tree whose viewer came back between sweeps", async () => {
    const { viewers, singletons, reaper } = await setup();
    viewers.set("dashboard:1", 1);
    await vi.waitFor(() => expect(singletons.runningKeys()).toHaveLength(1));
    viewers.setSilently("dashboard:1", 0);
    await reaper.sweep();
    viewers.setSilently("dashboard:1", 1);
    expect(await reaper.sweep()).toEqual({ trees: [], leases: [] });
    viewers.setSilently("dashboard:1", 0);
    expect(await reaper.sweep()).toEqual({ trees: [], leases: [] });
  });

  it("releases leases of dead nodes and this node's leases without a tree", async () => {
    const { store, reaper, registry } = await setup((node) => node !== "dead");
    await store.acquire("dashboard:9", "dead", 60_000);
    await store.acquire("dashboard:8", "alive", 60_000);
    await store.acquire("dashboard:7", "a", 60_000); // this node, but no tree runs for it
    await store.acquire("other:1", "dead", 60_000); // outside the prefix

    expect(await reaper.sweep()).toEqual({ trees: [], leases: [] });
    const second = await reaper.sweep();
    expect(second.leases.sort()).toEqual(["dashboard:7", "dashboard:9"]);
    expect((await store.list("")).map((l) => l.key).sort()).toEqual(["dashboard:8", "other:1"]);
    expect(await registry.metrics()).toContain('plenum_reaped_total{kind="lease"} 2');
  });

  it("does not release a lease that moved on between sightings", async () => {
    const { store, reaper } = await setup(() => false);
    const first = (await store.acquire("dashboard:5", "gone", 60_000))!;
    await reaper.sweep();
    await store.release("dashboard:5", "gone", first.token);
    await store.acquire("dashboard:5", "gone", 60_000);
    expect((await reaper.sweep()).leases).toEqual([]);
    expect(await store.current("dashboard:5")).not.toBeNull();
  });
});
