import type { Socket } from "phoenix";
import { Registry } from "prom-client";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Channel } from "../../src/channel/channel.ts";
import { LocalPubSub } from "../../src/pubsub/local.ts";
import { trackerViewers } from "../../src/presence/viewers.ts";
import { MemoryLeaseStore } from "../../src/supervision/memory-lease-store.ts";
import { SupervisionMetrics } from "../../src/supervision/metrics.ts";
import { pollerTree } from "../../src/supervision/poller-tree.ts";
import { singletonChannel, type SingletonChannelOptions } from "../../src/supervision/singleton-channel.ts";
import { Singletons } from "../../src/supervision/singletons.ts";
import { startEndpoint, type Running } from "../helpers.ts";
import { clientSocket, join } from "../phoenix-client.ts";
import { FlakyLeaseStore } from "./flaky-lease-store.ts";

const KEY = "dashboard:1";
const TTL = 300;

interface Dataset {
  name: string;
  data: unknown;
}

let closing: Array<{ close(): Promise<void> }> = [];
let sockets: Socket[] = [];
afterEach(async () => {
  for (const socket of sockets) socket.disconnect();
  for (const thing of closing.reverse()) await thing.close();
  closing = [];
  sockets = [];
});

/**
 * One endpoint with presence, and two `Singletons` nodes ("a", "b") sharing
 * its bus, its presence as viewer counts, and one lease store (each through
 * its own cut-off switch). Each node's tree publishes two datasets once: its
 * own name, and a constant. The channel is served through node a. (The
 * shared in-process bus reaches no node by name, so `last()` is answered
 * only where the tree runs: the catch-ups here happen on the owner.)
 */
async function setup(authorize?: SingletonChannelOptions["authorize"]) {
  const pubsub = new LocalPubSub();
  const store = new MemoryLeaseStore();
  const registry = new Registry();
  const metrics = new SupervisionMetrics(registry);
  const nodes: Array<{ singletons: Singletons; store: FlakyLeaseStore; events: string[] }> = [];
  const running: Running = await startEndpoint({ pubsub, presence: { broadcastWindowMs: 10 } }, (endpoint) => {
    for (const name of ["a", "b"]) {
      const flaky = new FlakyLeaseStore(store);
      const events: string[] = [];
      const singletons = new Singletons({
        nodeId: name,
        store: flaky,
        pubsub,
        viewers: trackerViewers(endpoint.presence!),
        manages: (topic) => topic.startsWith("dashboard:") && topic !== "dashboard:unmanaged",
        ttlMs: TTL,
        graceMs: 100,
        metrics: name === "a" ? metrics : new SupervisionMetrics(),
        tree: (context) => {
          const tree = pollerTree({
            event: "dataset",
            intervalMs: 20,
            datasets: () => ({ owner: async () => name, constant: async () => "same" }),
          })(context);
          return {
            start: () => {
              events.push(`start:${context.token}`);
              return tree.start();
            },
            close: () => {
              events.push(`close:${context.token}`);
              return tree.close();
            },
          };
        },
      });
      nodes.push({ singletons, store: flaky, events });
    }
    endpoint.channel(
      "dashboard:*",
      singletonChannel({
        singletons: nodes[0]!.singletons,
        events: ["dataset"],
        authorize: authorize ?? ((_topic, payload) => ({ viewer: (payload as { user: string }).user })),
      }),
    );
  });
  closing.push(running);
  for (const node of nodes) {
    await node.singletons.start();
    closing.push(node.singletons);
  }
  const viewer = (user: string, topic = KEY) => {
    const socket = clientSocket(running.url);
    sockets.push(socket);
    const channel = socket.channel(topic, { user });
    const got: Dataset[] = [];
    channel.on("dataset", (payload: Dataset) => void got.push(payload));
    return { socket, channel, got };
  };
  const owners = () => nodes.filter((node) => node.singletons.runningKeys().includes(KEY)).map((node) => node.singletons.nodeId);
  return { pubsub, registry, nodes, viewer, owners };
}

describe("singletonChannel", () => {
  it("starts the tree with the first viewer, pushes data without tokens, catches up late joiners, and stops after the last leaves", async () => {
    const s = await setup();
    s.nodes[1]!.store.down = true; // the tree runs where the channel is served
    const first = s.viewer("alice");
    expect((await join(first.channel)).status).toBe("ok");
    await vi.waitFor(() => expect(first.got).toHaveLength(2));
    expect(s.owners()).toEqual(["a"]);
    expect(first.got).toEqual(
      expect.arrayContaining([
        { name: "owner", data: "a" },
        { name: "constant", data: "same" },
      ]),
    );

    // The tree published both datasets once, before this viewer came: it gets them from the owner.
    const late = s.viewer("bob");
    await join(late.channel);
    await vi.waitFor(() => expect(late.got).toHaveLength(2));
    expect(late.got).toEqual(expect.arrayContaining(first.got));

    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(s.nodes.flatMap((node) => node.events)).toEqual(["start:1"]);
    first.channel.leave();
    late.socket.disconnect();
    await vi.waitFor(() => expect(s.owners()).toEqual([]), { timeout: 2_000 });
    expect(s.nodes.flatMap((node) => node.events)).toEqual(["start:1", "close:1"]);
  });

  it("follows a failover to the new owner and drops what the old owner's token still sends, counting it", async () => {
    const s = await setup();
    const [served, other] = s.nodes as [(typeof s.nodes)[0], (typeof s.nodes)[0]];
    // The other node gets the key first; then it loses the store and the node serving the channel takes over.
    served.store.down = true;
    const watcher = s.viewer("alice");
    await join(watcher.channel);
    await vi.waitFor(() => expect(watcher.got).toHaveLength(2), { timeout: 3_000 });
    expect(watcher.got).toContainEqual({ name: "owner", data: "b" });
    served.store.down = false;
    other.store.down = true;
    // The successor's tree starts with nothing published: both datasets come again.
    await vi.waitFor(() => expect(watcher.got).toHaveLength(4), { timeout: 3_000 });
    expect(watcher.got.slice(2)).toEqual(
      expect.arrayContaining([
        { name: "owner", data: "a" },
        { name: "constant", data: "same" },
      ]),
    );
    expect(s.owners()).toEqual(["a"]);

    // A message of the old owner's token that the bus delivers late, and one published around the tree.
    const seen = watcher.got.length;
    s.pubsub.broadcast({ topic: KEY, event: "dataset", payload: { key: KEY, token: 1, data: { name: "owner", data: "stale" } } });
    s.pubsub.broadcast({ topic: KEY, event: "dataset", payload: { name: "owner", data: "unfenced" } });
    // A fresh viewer's catch-up passes the same fence and shows the successor's data.
    const fresh = s.viewer("bob");
    await join(fresh.channel);
    await vi.waitFor(() => expect(fresh.got).toContainEqual({ name: "owner", data: "a" }));
    expect(watcher.got.slice(seen)).toEqual([]);
    expect(await s.registry.metrics()).toContain("plenum_fenced_deliveries_dropped_total 2");
  });

  it("refuses joins that authorize refuses and topics the singletons do not manage, starting nothing", async () => {
    const s = await setup((_topic, payload) =>
      (payload as { user: string }).user === "mallory"
        ? { error: { reason: "forbidden" } }
        : { viewer: (payload as { user: string }).user },
    );
    expect(await join(s.viewer("mallory").channel)).toMatchObject({ status: "error", response: { reason: "forbidden" } });
    expect(await join(s.viewer("alice", "dashboard:unmanaged").channel)).toMatchObject({
      status: "error",
      response: { reason: "unknown topic" },
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(s.nodes.flatMap((node) => node.events)).toEqual([]);
  });

  it("fails the join, starting nothing, when authorize answers something else than a viewer or a refusal", async () => {
    const s = await setup(() => ({ viewer: "" }));
    expect(await join(s.viewer("alice").channel)).toMatchObject({ status: "error", response: { reason: "join crashed" } });
    expect(s.nodes.flatMap((node) => node.events)).toEqual([]);
  });

  it("rejects bad options", () => {
    const singletons = new Singletons({
      nodeId: "a",
      store: new MemoryLeaseStore(),
      pubsub: new LocalPubSub(),
      viewers: { count: () => 0, onChange: () => () => {}, topics: () => [] },
      manages: () => true,
      tree: () => ({ start: async () => {}, close: async () => {} }),
    });
    const authorize = (_topic: string, _payload: unknown, _channel: Channel) => ({ viewer: "v" });
    expect(() => singletonChannel({ singletons, events: [], authorize })).toThrow(TypeError);
    expect(() => singletonChannel({ singletons, events: [""], authorize })).toThrow(TypeError);
    expect(() => singletonChannel({ singletons, events: ["x"], authorize: undefined as never })).toThrow(TypeError);
    expect(() => singletonChannel({ singletons, events: ["x"], authorize, catchUpTimeoutMs: 0 })).toThrow(RangeError);
  });
});
