import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import { Tracker } from "../../src/presence/tracker.ts";
import type { PresenceState } from "../../src/presence/types.ts";
import { PhoenixClients, wire } from "./phoenix-client.ts";
import { SimNetwork } from "./sim-network.ts";

const NODES = ["n0", "n1", "n2"];
const TOPICS = ["room:a", "room:b"];
const HEARTBEAT = 1_000;
const DOWN_AFTER = 3_000;

type Action =
  | { op: "track" | "update"; node: number; owner: number; topic: number; key: number; v: number }
  | { op: "untrack"; node: number; owner: number; topic: number; key: number | undefined }
  | { op: "untrackOwner" | "crash" | "restart" | "watch"; node: number; owner: number; topic: number }
  | { op: "partition"; node: number; other: number }
  | { op: "heal" }
  | { op: "lose"; rate: number };

const index = (n: number) => fc.integer({ min: 0, max: n - 1 });
const action: fc.Arbitrary<Action> = fc.oneof(
  ...(["track", "update"] as const).map((op) => ({
    weight: op === "track" ? 6 : 3,
    arbitrary: fc.record({ op: fc.constant(op), node: index(3), owner: index(4), topic: index(2), key: index(3), v: fc.nat(9) }),
  })),
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant("untrack" as const),
      node: index(3),
      owner: index(4),
      topic: index(2),
      key: fc.option(index(3), { nil: undefined }),
    }),
  },
  ...(["untrackOwner", "crash", "restart", "watch"] as const).map((op) => ({
    weight: op === "untrackOwner" ? 2 : 1,
    arbitrary: fc.record({ op: fc.constant(op), node: index(3), owner: index(4), topic: index(2) }),
  })),
  { weight: 1, arbitrary: fc.record({ op: fc.constant("partition" as const), node: index(3), other: index(3) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("heal" as const) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("lose" as const), rate: fc.constantFrom(0.05, 0.2, 0.5) }) },
);
const pause = fc.oneof(
  { weight: 3, arbitrary: fc.constant(0) },
  { weight: 4, arbitrary: fc.integer({ min: 1, max: 120 }) },
  { weight: 1, arbitrary: fc.integer({ min: 120, max: 5_000 }) },
);

interface Slot {
  tracker: Tracker | undefined;
  /** What this node's process tracks: owner|topic|key → v. */
  model: Map<string, number>;
  watchers: PhoenixClients[];
}

/** Metas sorted by ref, so states of different nodes compare as sets per key. */
function canonical(state: PresenceState): PresenceState {
  const out: PresenceState = {};
  for (const [key, { metas }] of Object.entries(wire(state)))
    out[key] = { metas: [...metas].sort((x, y) => (x.phx_ref < y.phx_ref ? -1 : 1)) };
  return out;
}

function expected(slots: Slot[], topic: string): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const slot of slots) {
    if (!slot.tracker) continue;
    for (const [id, v] of slot.model) {
      const [, t, key] = id.split("|") as [string, string, string];
      if (t === topic) (out[key] ??= []).push(v);
    }
  }
  for (const values of Object.values(out)) values.sort();
  return out;
}

function values(state: PresenceState): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const [key, { metas }] of Object.entries(state)) out[key] = metas.map((m) => m.v as number).sort();
  return out;
}

function run(seed: number, schedule: [Action, number][]): void {
  const network = new SimNetwork({ seed, maxLatencyMs: 30 });
  const start = (i: number): Slot => {
    const tracker = new Tracker({
      pubsub: network.node(NODES[i]!),
      broadcastWindowMs: 50,
      heartbeatMs: HEARTBEAT,
      downAfterMs: DOWN_AFTER,
    });
    const slot: Slot = { tracker, model: new Map(), watchers: [new PhoenixClients(tracker)] };
    tracker.start();
    return slot;
  };
  const slots = NODES.map((_, i) => start(i));
  const crash = (i: number) => {
    network.crash(NODES[i]!);
    slots[i]!.tracker?.close();
    slots[i] = { tracker: undefined, model: new Map(), watchers: [] };
  };
  try {
    for (const [a, wait] of schedule) {
      const slot = a.op === "heal" || a.op === "lose" ? undefined : slots[a.node]!;
      const t = slot?.tracker;
      const id = "owner" in a ? `o${a.owner}` : "";
      const topic = "topic" in a ? TOPICS[a.topic]! : "";
      switch (a.op) {
        case "track":
        case "update": {
          if (!t) break;
          const slotId = `${id}|${topic}|k${a.key}`;
          const present = slot!.model.has(slotId);
          if ((a.op === "track") === present) {
            expect(() => t[a.op](id, topic, `k${a.key}`, { v: a.v })).toThrow();
          } else {
            t[a.op](id, topic, `k${a.key}`, { v: a.v });
            slot!.model.set(slotId, a.v);
          }
          break;
        }
        case "untrack":
          t?.untrack(id, topic, a.key === undefined ? undefined : `k${a.key}`);
          for (const k of [...slot!.model.keys()])
            if (k.startsWith(`${id}|${topic}|`) && (a.key === undefined || k.endsWith(`|k${a.key}`))) slot!.model.delete(k);
          break;
        case "untrackOwner":
          t?.untrackOwner(id);
          for (const k of [...slot!.model.keys()]) if (k.startsWith(`${id}|`)) slot!.model.delete(k);
          break;
        case "crash":
          if (t) crash(a.node);
          break;
        case "restart":
          crash(a.node);
          slots[a.node] = start(a.node);
          break;
        case "watch":
          if (t) slot!.watchers.push(new PhoenixClients(t, TOPICS));
          break;
        case "partition":
          if (a.node !== a.other) network.partition(NODES[a.node]!, NODES[a.other]!);
          break;
        case "heal":
          network.heal();
          break;
        case "lose":
          network.lose(a.rate);
          break;
      }
      vi.advanceTimersByTime(wait);
    }
    // Traffic stops, the network heals; after down timeout + resync everyone agrees.
    network.heal();
    vi.advanceTimersByTime(DOWN_AFTER + 4 * HEARTBEAT);
    const live = slots.filter((s) => s.tracker);
    for (const topic of TOPICS) {
      const want = expected(slots, topic);
      const reference = live[0] && canonical(live[0].tracker!.list(topic));
      for (const slot of live) {
        const list = slot.tracker!.list(topic);
        expect(values(list)).toEqual(want);
        expect(canonical(list)).toEqual(reference);
        expect(slot.tracker!.count(topic)).toBe(Object.keys(want).length);
        // What the official client builds from presence_state + diffs is list(), exactly, order included.
        for (const watcher of slot.watchers) expect(watcher.state(topic)).toEqual(wire(list));
      }
    }
  } finally {
    for (const slot of slots) slot.tracker?.close();
  }
}

describe("Tracker convergence (simulated cluster)", () => {
  it("converges after random track/untrack/update/crash/restart/partition/loss schedules", () => {
    vi.useFakeTimers();
    try {
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 2 ** 30 }), fc.array(fc.tuple(action, pause), { maxLength: 60 }), (seed, schedule) => {
          run(seed, schedule);
        }),
        { numRuns: 200 },
      );
    } finally {
      vi.useRealTimers();
    }
  }, 120_000);
});
