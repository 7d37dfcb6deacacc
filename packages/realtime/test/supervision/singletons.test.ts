import { afterEach, describe, expect, it, vi } from "vitest";
import { Registry } from "prom-client";
import { LocalPubSub } from "../../src/pubsub/local.ts";
import { FenceGate, type Fenced } from "../../src/supervision/fencing.ts";
import { rendezvousRank } from "../../src/supervision/placement.ts";
import { MemoryLeaseStore } from "../../src/supervision/memory-lease-store.ts";
import { SupervisionMetrics } from "../../src/supervision/metrics.ts";
import { Singletons, type SingletonsOptions } from "../../src/supervision/singletons.ts";
import { FlakyLeaseStore } from "./flaky-lease-store.ts";
import { tickingTree, type TickingTreeOptions } from "./ticking-tree.ts";
import { ViewerCounts } from "./viewer-counts.ts";

const KEY = "dashboard:1";
const TTL = 300;

interface Tick {
  node: string;
  n: number;
}
interface Received {
  token: number;
  node: string;
  at: number;
}

/** A simulated cluster: nodes share a lease store, a bus and a presence view. */
function cluster() {
  const store = new MemoryLeaseStore();
  const pubsub = new LocalPubSub();
  const viewers = new ViewerCounts();
  const events: string[] = [];
  const received: Received[] = [];
  pubsub.subscribe(KEY, (message) => {
    const payload = message.payload as Fenced<Tick>;
    received.push({ token: payload.token, node: payload.data.node, at: Date.now() });
  });
  const nodes: Singletons[] = [];
  const node = (
    name: string,
    tree: Partial<TickingTreeOptions> = {},
    options: Partial<SingletonsOptions> = {},
  ): { singletons: Singletons; store: FlakyLeaseStore } => {
    const flaky = new FlakyLeaseStore(store);
    const singletons = new Singletons({
      nodeId: name,
      store: flaky,
      pubsub,
      viewers,
      manages: (topic) => topic.startsWith("dashboard:"),
      ttlMs: TTL,
      graceMs: 100,
      tree: tickingTree({ node: name, events, ...tree }),
      ...options,
    });
    nodes.push(singletons);
    return { singletons, store: flaky };
  };
  const owners = () => nodes.filter((n) => n.runningKeys().includes(KEY)).map((n) => n.nodeId);
  return { store, pubsub, viewers, events, received, node, nodes, owners };
}

let open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const thing of open.reverse()) await thing.close();
  open = [];
});

async function started(...nodes: Singletons[]): Promise<void> {
  for (const node of nodes) {
    open.push(node);
    await node.start();
  }
}

describe("Singletons", () => {
  it("runs the tree for a key on exactly one node; viewers everywhere get its data", async () => {
    const c = cluster();
    const nodes = ["a", "b", "c"].map((name) => c.node(name).singletons);
    await started(...nodes);
    c.viewers.set(KEY, 3);
    await vi.waitFor(() => expect(c.received.length).toBeGreaterThan(5));
    expect(c.owners()).toHaveLength(1);
    expect(new Set(c.received.map((r) => `${r.node}:${r.token}`)).size).toBe(1);
    expect(c.events.filter((e) => e.startsWith("start:"))).toHaveLength(1);
  });

  it("ignores topics it does not manage", async () => {
    const c = cluster();
    const a = c.node("a").singletons;
    await started(a);
    c.viewers.set("chat:1", 5);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(a.runningKeys()).toEqual([]);
    expect((await a.snapshot()).keys).toEqual([]);
  });

  it("spreads keys over the members by rendezvous hashing", async () => {
    const c = cluster();
    const members = ["a", "b", "c"];
    const nodes = members.map((name) => c.node(name, {}, { members: () => members, placementStepMs: 100 }).singletons);
    await started(...nodes);
    const keys = Array.from({ length: 30 }, (_, i) => `dashboard:${i}`);
    for (const key of keys) c.viewers.set(key, 1);
    await vi.waitFor(() => expect(nodes.flatMap((node) => node.runningKeys())).toHaveLength(keys.length));
    for (const node of nodes) {
      const expected = keys.filter((key) => rendezvousRank(node.nodeId, key, members) === 0);
      expect(node.runningKeys().sort()).toEqual(expected.sort());
    }
  });

  it("moves keys to their preferred node when it starts late, one owner at a time", async () => {
    const c = cluster();
    const members = ["a", "b"];
    const registry = new Registry();
    const a = c.node("a", {}, { members: () => members, metrics: new SupervisionMetrics(registry) }).singletons;
    const b = c.node("b", {}, { members: () => members }).singletons;
    await started(a);
    const keys = [KEY, ...Array.from({ length: 19 }, (_, i) => `dashboard:x${i}`)];
    for (const key of keys) c.viewers.set(key, 1);
    await vi.waitFor(() => expect(a.runningKeys()).toHaveLength(keys.length));
    await started(b);
    const preferredByB = keys.filter((key) => rendezvousRank("b", key, members) === 0);
    await vi.waitFor(() => expect(b.runningKeys().sort()).toEqual(preferredByB.sort()), { timeout: 3_000 });
    expect(a.runningKeys().sort()).toEqual(keys.filter((key) => !preferredByB.includes(key)).sort());
    expect(await registry.metrics()).toContain(`plenum_singleton_handoffs_total ${preferredByB.length}`);
    const tokens = c.received.map((r) => r.token);
    expect(tokens).toEqual([...tokens].sort((x, y) => x - y));
  });

  it("starts trees for viewers that existed before start()", async () => {
    const c = cluster();
    c.viewers.set(KEY, 1);
    await started(c.node("a").singletons);
    await vi.waitFor(() => expect(c.owners()).toEqual(["a"]));
  });

  it("fails over when the owner loses the store; the old tree stops before the new one starts", async () => {
    const c = cluster();
    const registry = new Registry();
    const a = c.node("a");
    const b = c.node("b", {}, { metrics: new SupervisionMetrics(registry) });
    await started(a.singletons);
    c.viewers.set(KEY, 2);
    await vi.waitFor(() => expect(c.owners()).toEqual(["a"]));
    await started(b.singletons);

    const cutAt = Date.now();
    a.store.down = true;
    await vi.waitFor(() => expect(c.owners()).toEqual(["b"]), { timeout: 3_000 });
    await vi.waitFor(() => expect(c.received.at(-1)?.node).toBe("b"));
    const firstFromB = c.received.find((r) => r.node === "b")!;
    expect(firstFromB.at - cutAt).toBeLessThan(TTL + TTL / 3 + 300);

    const order = c.events.filter((e) => e !== "closing:a");
    expect(order.indexOf("closed:a")).toBeLessThan(order.findIndex((e) => e.startsWith("start:b")));
    const tokens = c.received.map((r) => r.token);
    expect(tokens).toEqual([...tokens].sort((x, y) => x - y));
    expect(c.received.filter((r) => r.at > firstFromB.at && r.node === "a")).toEqual([]);
    expect(await registry.metrics()).toContain("plenum_lease_takeovers_total 1");
  });

  it("stops at once and never publishes under a token that is no longer current", async () => {
    const c = cluster();
    const a = c.node("a");
    await started(a.singletons);
    c.viewers.set(KEY, 1);
    await vi.waitFor(() => expect(c.owners()).toEqual(["a"]));
    // The store moves on behind the node's back (as after a pause longer than the ttl).
    const stolen = (await c.store.acquire(KEY, "a", TTL * 10))!;
    const stolenAt = Date.now();
    await vi.waitFor(() => expect(c.events).toContain("closed:a"), { timeout: TTL });
    // The node takes the key back under a fresh token; token 1 never publishes again.
    await vi.waitFor(() => expect(c.events.at(-1)).toBe(`start:a:${stolen.token + 1}`), { timeout: 2 * TTL });
    expect(c.received.filter((r) => r.at > stolenAt && r.token <= stolen.token)).toEqual([]);
  });

  it("keeps the same tree when the last viewer returns within the grace period", async () => {
    const c = cluster();
    await started(c.node("a").singletons);
    c.viewers.set(KEY, 1);
    await vi.waitFor(() => expect(c.owners()).toEqual(["a"]));
    c.viewers.set(KEY, 0);
    await new Promise((resolve) => setTimeout(resolve, 50));
    c.viewers.set(KEY, 1);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(c.events).toEqual(["start:a:1"]);
  });

  it("stops the tree after the grace period and releases the lease", async () => {
    const c = cluster();
    const a = c.node("a").singletons;
    await started(a);
    c.viewers.set(KEY, 1);
    await vi.waitFor(() => expect(c.owners()).toEqual(["a"]));
    c.viewers.set(KEY, 0);
    await vi.waitFor(() => expect(c.events).toContain("closed:a"), { timeout: 1_000 });
    expect(await c.store.current(KEY)).toBeNull();
    await vi.waitFor(async () => expect((await a.snapshot()).keys).toEqual([]));
    const count = c.received.length;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(c.received.length).toBe(count);
  });

  it("gives a running tree to a viewer who joins while the tree is being torn down", async () => {
    const c = cluster();
    let openGate: () => void = () => {};
    let gate: Promise<void> | undefined = new Promise((resolve) => (openGate = resolve));
    const a = c.node("a", { closeGate: () => gate }).singletons;
    await started(a);
    c.viewers.set(KEY, 1);
    await vi.waitFor(() => expect(c.owners()).toEqual(["a"]));

    c.viewers.set(KEY, 0);
    await vi.waitFor(() => expect(c.events).toContain("closing:a"), { timeout: 1_000 });
    c.viewers.set(KEY, 1); // the joiner arrives mid-teardown
    openGate();
    gate = undefined;

    await vi.waitFor(() => expect(c.events.at(-1)).toBe("start:a:2"), { timeout: 1_000 });
    expect(c.events).toEqual(["start:a:1", "closing:a", "closed:a", "start:a:2"]);
    const since = Date.now();
    await vi.waitFor(() => expect(c.received.some((r) => r.token === 2 && r.at >= since)).toBe(true));
    expect(c.owners()).toEqual(["a"]);
  });

  it("stops a failed tree, releases its lease and retries after the backoff", async () => {
    const c = cluster();
    let failing = true;
    const a = c.node("a", { failing: () => failing }, { failureBackoffMs: 200 }).singletons;
    await started(a);
    c.viewers.set(KEY, 1);
    await vi.waitFor(() => expect(c.events).toContain("closed:a"), { timeout: 1_000 });
    expect(c.owners()).toEqual([]);
    failing = false;
    await vi.waitFor(() => expect(c.received.length).toBeGreaterThan(0), { timeout: 1_000 });
    expect(c.events.filter((e) => e.startsWith("start:"))).toEqual(["start:a:1", "start:a:2"]);
  });

  it("describes keys, owners, tokens, viewers and poll times", async () => {
    const c = cluster();
    const registry = new Registry();
    const a = c.node("a", {}, { metrics: new SupervisionMetrics(registry) }).singletons;
    await started(a);
    c.viewers.set(KEY, 2);
    await vi.waitFor(() => expect(c.received.length).toBeGreaterThan(0));
    const snapshot = await a.snapshot();
    expect(JSON.parse(JSON.stringify(snapshot))).toMatchObject({
      nodeId: "a",
      keys: [
        {
          key: KEY,
          running: true,
          token: 1,
          viewers: 2,
          lease: { owner: "a", token: 1 },
          tree: { name: KEY, state: "running", children: [{ id: "ticks", details: { lastPollAt: expect.any(Number) } }] },
        },
      ],
    });
    const text = await registry.metrics();
    expect(text).toContain("plenum_trees_running 1");
    expect(text).toContain("plenum_workers 1");
    await a.close();
    expect(await registry.metrics()).toContain("plenum_trees_running 0");
    expect(await c.store.current(KEY)).toBeNull();
  });

  it("hands the tree's last published messages to a viewer who joins later", async () => {
    const c = cluster();
    const a = c.node("a").singletons;
    await started(a);
    expect(await a.last(KEY, 50)).toEqual([]);
    // Nobody holds the key: the answer comes at once, not after the timeout.
    const asked = performance.now();
    expect(await a.last(KEY, 5_000)).toEqual([]);
    expect(performance.now() - asked).toBeLessThan(1_000);
    c.viewers.set(KEY, 1);
    await vi.waitFor(() => expect(c.received.length).toBeGreaterThan(2));
    const last = await a.last(KEY);
    expect(last).toEqual([{ topic: KEY, event: "tick", payload: { key: KEY, token: 1, data: expect.objectContaining({ node: "a" }) } }]);
    await expect(a.last("")).rejects.toThrow(TypeError);
  });

  it("rejects bad options", () => {
    const c = cluster();
    expect(() => c.node("")).toThrow(TypeError);
    expect(() => c.node("a", {}, { ttlMs: 0 })).toThrow(RangeError);
    expect(() => c.node("a", {}, { graceMs: -1 })).toThrow(RangeError);
  });
});

describe("FenceGate", () => {
  it("drops payloads older than the newest token seen per key", () => {
    const gate = new FenceGate();
    expect(gate.accept({ key: "k", token: 2, data: 1 })).toBe(true);
    expect(gate.accept({ key: "k", token: 2, data: 2 })).toBe(true);
    expect(gate.accept({ key: "k", token: 1, data: 3 })).toBe(false);
    expect(gate.accept({ key: "other", token: 1, data: 3 })).toBe(true);
    expect(gate.accept({ plain: true })).toBe(true);
    gate.forget("k");
    expect(gate.accept({ key: "k", token: 1, data: 4 })).toBe(true);
  });
});
