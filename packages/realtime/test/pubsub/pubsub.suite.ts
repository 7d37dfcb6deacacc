import { afterEach, describe, expect, it } from "vitest";
import type { PubSub, PubSubMessage } from "../../src/pubsub/pubsub.ts";
import { eventually } from "./eventually.ts";

export interface PubSubTarget {
  /** Creates `count` started nodes of one fresh cluster. */
  create(count: number): Promise<PubSub[]>;
  /** Largest cluster the adapter can form; 1 for the in-process adapter. */
  maxNodes: number;
}

const PROBE = "__probe";

/** Records what one node receives on a topic, ignoring probes. */
function record(node: PubSub, topic: string): PubSubMessage[] {
  const seen: PubSubMessage[] = [];
  node.subscribe(topic, (m) => {
    if (m.event !== PROBE) seen.push(m);
  });
  return seen;
}

/**
 * Subscriptions may become effective asynchronously across processes; probe
 * until every node hears the topic. Call after the test's own subscriptions.
 */
async function ready(nodes: PubSub[], topic: string): Promise<void> {
  const heard = new Set<PubSub>();
  const offs = nodes.map((n) => n.subscribe(topic, (m) => m.event === PROBE && heard.add(n)));
  await eventually(() => {
    nodes[0]!.broadcast({ topic, event: PROBE, payload: null });
    expect(heard.size).toBe(nodes.length);
  });
  for (const off of offs) off();
}

/** Behaviour every PubSub adapter must show; multi-node cases need `maxNodes >= 3`. */
export function pubsubSuite(name: string, target: PubSubTarget): void {
  describe(`PubSub contract: ${name}`, () => {
    const created: PubSub[] = [];
    const cluster = async (count: number) => {
      const nodes = await target.create(count);
      created.push(...nodes);
      return nodes;
    };
    afterEach(async () => {
      await Promise.all(created.splice(0).map((n) => n.close()));
    });

    it("delivers to subscribers until they unsubscribe; unsubscribe is idempotent", async () => {
      const [a] = await cluster(1);
      const seen: unknown[] = [];
      const handler = (m: PubSubMessage) => seen.push(m.payload);
      const off1 = a!.subscribe("room:1", handler);
      const off2 = a!.subscribe("room:1", handler);
      a!.broadcast({ topic: "room:1", event: "e", payload: 1 });
      off1();
      off1();
      a!.broadcast({ topic: "room:1", event: "e", payload: 2 });
      off2();
      a!.broadcast({ topic: "room:1", event: "e", payload: 3 });
      a!.broadcast({ topic: "room:2", event: "e", payload: 4 });
      expect(seen).toEqual([1, 1, 2]);
    });

    it("keeps publish order for 1,000 local broadcasts", async () => {
      const [a] = await cluster(1);
      const seen = record(a!, "order");
      for (let i = 0; i < 1000; i++) a!.broadcast({ topic: "order", event: "n", payload: i });
      expect(seen.map((m) => m.payload)).toEqual([...Array(1000).keys()]);
    });

    it("carries `from` and isolates a throwing handler", async () => {
      const [a] = await cluster(1);
      const seen = record(a!, "t");
      a!.subscribe("t", () => {
        throw new Error("boom");
      });
      const after = record(a!, "t");
      a!.broadcast({ topic: "t", event: "e", payload: {}, from: "socket-1" });
      expect(seen).toEqual([{ topic: "t", event: "e", payload: {}, from: "socket-1" }]);
      expect(after).toHaveLength(1);
    });

    it("ready(topic) resolves for subscribed and unknown topics alike", async () => {
      const [a] = await cluster(1);
      a!.subscribe("r", () => {});
      await expect(a!.ready("r")).resolves.toBeUndefined();
      await expect(a!.ready("never-subscribed")).resolves.toBeUndefined();
    });

    it("delivers direct messages to its own node only", async () => {
      const [a] = await cluster(1);
      const seen = record(a!, "d");
      a!.direct(a!.nodeId, { topic: "d", event: "e", payload: "me" });
      a!.direct("some-other-node", { topic: "d", event: "e", payload: "other" });
      expect(seen.map((m) => m.payload)).toEqual(["me"]);
    });

    it("delivers binary payloads as Uint8Array", async () => {
      const [a] = await cluster(1);
      const seen = record(a!, "bin");
      const bytes = Uint8Array.of(0, 1, 2, 255);
      a!.broadcast({ topic: "bin", event: "b", payload: bytes });
      expect(seen[0]!.payload).toEqual(bytes);
    });

    it("rejects a malformed message with a clear error and delivers nothing", async () => {
      const [a] = await cluster(1);
      const seen = record(a!, "bad");
      expect(() => a!.broadcast({ topic: "", event: "e", payload: 1 })).toThrow(/topic/);
      expect(() => a!.subscribe("", () => {})).toThrow(/topic/);
      expect(seen).toEqual([]);
    });

    it("close is idempotent and silences the node", async () => {
      const [a] = await cluster(1);
      const seen = record(a!, "c");
      await a!.close();
      await a!.close();
      a!.broadcast({ topic: "c", event: "e", payload: 1 });
      a!.localBroadcast({ topic: "c", event: "e", payload: 1 });
      expect(seen).toEqual([]);
    });

    if (target.maxNodes < 3) return;

    it("broadcast reaches every node exactly once, in order per publisher", async () => {
      const nodes = await cluster(3);
      const seen = nodes.map((n) => record(n, "storm"));
      await ready(nodes, "storm");
      const perPublisher = 1000;
      for (let i = 0; i < perPublisher; i++) {
        for (const n of nodes) n.broadcast({ topic: "storm", event: "n", payload: { i, by: n.nodeId } });
      }
      await eventually(() => {
        for (const s of seen) expect(s.length).toBeGreaterThanOrEqual(perPublisher * nodes.length);
      });
      await new Promise((r) => setTimeout(r, 100));
      for (const s of seen) {
        expect(s).toHaveLength(perPublisher * nodes.length);
        for (const n of nodes) {
          const order = s.map((m) => m.payload as { i: number; by: string }).filter((p) => p.by === n.nodeId);
          expect(order.map((p) => p.i)).toEqual([...Array(perPublisher).keys()]);
        }
      }
    });

    it("ready(topic) means the very next remote broadcast arrives", async () => {
      const [a, b] = await cluster(3);
      for (let round = 0; round < 20; round++) {
        const topic = `fresh-${round}`;
        const onB = record(b!, topic);
        await b!.ready(topic);
        a!.broadcast({ topic, event: "first", payload: round });
        await eventually(() => expect(onB.map((m) => m.payload)).toEqual([round]));
      }
    });

    it("localBroadcast stays on its node", async () => {
      const [a, b] = await cluster(3);
      const onA = record(a!, "loc");
      const onB = record(b!, "loc");
      await ready([a!, b!], "loc");
      a!.localBroadcast({ topic: "loc", event: "local", payload: 1 });
      // Per-publisher order: once B has the marker, it would have had the local one.
      a!.broadcast({ topic: "loc", event: "marker", payload: 2 });
      await eventually(() => expect(onB).toHaveLength(1));
      expect(onB[0]!.event).toBe("marker");
      expect(onA.map((m) => m.event)).toEqual(["local", "marker"]);
    });

    it("direct reaches only the addressed node, with `from` and binary intact", async () => {
      const [a, b, c] = await cluster(3);
      const onA = record(a!, "dm");
      const onB = record(b!, "dm");
      const onC = record(c!, "dm");
      const payload = { bytes: Uint8Array.of(9, 8, 7), text: "x" };
      a!.direct(b!.nodeId, { topic: "dm", event: "hello", payload, from: "s1", coalesce: "k" });
      a!.broadcast({ topic: "dm", event: "marker", payload: Uint8Array.of(1) });
      await eventually(() => {
        expect(onB.map((m) => m.event)).toEqual(["hello", "marker"]);
        expect(onC.map((m) => m.event)).toEqual(["marker"]);
      });
      expect(onA.map((m) => m.event)).toEqual(["marker"]);
      expect(onB[0]).toEqual({ topic: "dm", event: "hello", payload, from: "s1", coalesce: "k" });
      expect(onB[1]!.payload).toBeInstanceOf(Uint8Array);
      expect(onC[0]!.payload).toEqual(Uint8Array.of(1));
    });

    it("a throwing handler on a remote node does not stop its neighbours", async () => {
      const [a, b] = await cluster(3);
      b!.subscribe("iso", () => {
        throw new Error("boom");
      });
      const onB = record(b!, "iso");
      await ready([a!, b!], "iso");
      a!.broadcast({ topic: "iso", event: "e", payload: 1 });
      a!.broadcast({ topic: "iso", event: "e", payload: 2 });
      await eventually(() => expect(onB.map((m) => m.payload)).toEqual([1, 2]));
    });

    it("stops delivering remotely after the last handler leaves", async () => {
      const [a, b] = await cluster(3);
      const gone: PubSubMessage[] = [];
      const off = b!.subscribe("gone", (m) => m.event !== PROBE && gone.push(m));
      const onA = record(a!, "gone");
      await ready([a!, b!], "gone");
      off();
      const onB = record(b!, "other");
      await ready([a!, b!], "other");
      a!.broadcast({ topic: "gone", event: "e", payload: 1 });
      a!.broadcast({ topic: "other", event: "marker", payload: 1 });
      await eventually(() => expect(onB).toHaveLength(1));
      expect(onA).toHaveLength(1);
      expect(gone).toEqual([]);
    });
  });
}
