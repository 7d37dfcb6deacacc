import { Registry } from "prom-client";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { LocalPubSub } from "../../src/pubsub/local.ts";
import { Tracker, type TrackerOptions } from "../../src/presence/tracker.ts";
import type { PresenceDiff } from "../../src/presence/types.ts";
import { trackerViewers } from "../../src/presence/viewers.ts";
import { PhoenixClients, wire } from "./phoenix-client.ts";
import { SimNetwork } from "./sim-network.ts";

const WINDOW = 50;

describe("Tracker", () => {
  const trackers: Tracker[] = [];
  let network: SimNetwork;

  function node(id: string, options: Partial<TrackerOptions> = {}) {
    const tracker = new Tracker({ pubsub: network.node(id), broadcastWindowMs: WINDOW, ...options });
    const diffs: [string, PresenceDiff][] = [];
    tracker.onDiff((topic, diff) => diffs.push([topic, wire(diff)]));
    tracker.start();
    trackers.push(tracker);
    return { tracker, diffs };
  }

  beforeEach(() => {
    vi.useFakeTimers();
    network = new SimNetwork({ seed: 3 });
  });
  afterEach(() => {
    for (const t of trackers.splice(0)) t.close();
    vi.useRealTimers();
  });

  it("tracks, updates and untracks with Phoenix-shaped state and diffs", () => {
    const { tracker, diffs } = node("a");
    const { ref } = tracker.track("chan-1", "room:1", "alice", { device: "phone" });
    expect(tracker.list("room:1")).toEqual({});
    vi.advanceTimersByTime(WINDOW);
    expect(wire(tracker.list("room:1"))).toEqual({ alice: { metas: [{ device: "phone", phx_ref: ref }] } });
    expect(diffs).toEqual([["room:1", { joins: { alice: { metas: [{ device: "phone", phx_ref: ref }] } }, leaves: {} }]]);

    const { ref: ref2 } = tracker.update("chan-1", "room:1", "alice", (prev) => ({ ...prev, typing: true }));
    vi.advanceTimersByTime(WINDOW);
    const updated = { device: "phone", typing: true, phx_ref: ref2, phx_ref_prev: ref };
    expect(diffs[1]).toEqual([
      "room:1",
      { joins: { alice: { metas: [updated] } }, leaves: { alice: { metas: [{ device: "phone", phx_ref: ref }] } } },
    ]);
    expect(wire(tracker.list("room:1"))).toEqual({ alice: { metas: [updated] } });

    tracker.track("chan-2", "room:1", "alice", { device: "laptop" });
    tracker.track("chan-2", "room:2", "alice", {});
    vi.advanceTimersByTime(WINDOW);
    expect(tracker.count("room:1")).toBe(1);
    expect(tracker.list("room:1").alice?.metas).toHaveLength(2);
    expect(tracker.stats()).toEqual({ topics: 2, presences: 3, nodes: 1 });

    tracker.untrackOwner("chan-2");
    tracker.untrack("chan-1", "room:1");
    vi.advanceTimersByTime(WINDOW);
    expect(tracker.topics()).toEqual([]);
    expect(tracker.count("room:1")).toBe(0);
  });

  it("keeps one frozen list per topic until the topic's next diff, for joiners to share", () => {
    const a = node("a");
    a.tracker.track("s1", "room", "ann", {});
    vi.advanceTimersByTime(1_000);
    const first = a.tracker.list("room");
    expect(a.tracker.list("room")).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    a.tracker.track("s2", "room", "bob", {});
    expect(a.tracker.list("room")).toBe(first); // staged, not visible before the window ends
    vi.advanceTimersByTime(1_000);
    expect(a.tracker.list("room")).not.toBe(first);
    expect(Object.keys(a.tracker.list("room")).sort()).toEqual(["ann", "bob"]);
  });

  it("cancels a join and leave inside one window", () => {
    const { tracker, diffs } = node("a");
    tracker.track("c", "t", "k", {});
    tracker.untrack("c", "t", "k");
    vi.advanceTimersByTime(WINDOW * 3);
    expect(diffs).toEqual([]);
  });

  it("refuses bad input with a clear error and changes nothing", () => {
    const { tracker, diffs } = node("a");
    tracker.track("c", "t", "k", {});
    expect(() => tracker.track("c", "t", "k", {})).toThrow(/already tracks/);
    expect(() => tracker.track("", "t", "k", {})).toThrow(/owner/);
    expect(() => tracker.track("c", "t", "k2", null as never)).toThrow(/meta/);
    expect(() => tracker.track("c", "t", "k3", { n: 1n })).toThrow(/JSON/);
    expect(() => tracker.update("c", "t", "nobody", {})).toThrow(/does not track/);
    expect(() => new Tracker({ pubsub: new LocalPubSub(), heartbeatMs: 1000, downAfterMs: 500 })).toThrow(/downAfterMs/);
    vi.advanceTimersByTime(WINDOW);
    expect(diffs).toHaveLength(1);
    expect(Object.keys(diffs[0]![1].joins)).toEqual(["k"]);
  });

  it("batches a 3,000-join storm into one diff per window, on every node", () => {
    const a = node("a");
    const b = node("b");
    vi.advanceTimersByTime(2_000);
    // 3,000 joins spread over 60 s: at most one diff per window, not one per join.
    for (let i = 0; i < 3000; i++) {
      a.tracker.track(`s${i}`, "event:1", `user${i}`, { i });
      vi.advanceTimersByTime(20);
    }
    vi.advanceTimersByTime(5_000);
    const windows = (3000 * 20) / WINDOW;
    for (const { diffs, tracker } of [a, b]) {
      expect(diffs.length).toBeLessThanOrEqual(windows + 1);
      expect(diffs.length).toBeGreaterThan(10);
      expect(tracker.count("event:1")).toBe(3000);
    }
    // All at once: a single diff.
    for (let i = 0; i < 3000; i++) a.tracker.untrackOwner(`s${i}`);
    const before = b.diffs.length;
    vi.advanceTimersByTime(1_000);
    expect(b.diffs.length - before).toBe(1);
    expect(b.tracker.count("event:1")).toBe(0);
  });

  it("gives a late node the full state, and a watcher syncs exactly with the phoenix client", () => {
    const a = node("a");
    for (let i = 0; i < 20; i++) a.tracker.track(`s${i}`, "room", `u${i % 7}`, { i });
    vi.advanceTimersByTime(500);
    const b = node("b");
    const lateClient = new PhoenixClients(b.tracker, ["room"]);
    vi.advanceTimersByTime(500);
    expect(b.tracker.list("room")).toEqual(a.tracker.list("room"));
    a.tracker.untrack("s3", "room");
    b.tracker.track("x", "room", "u1", { from: "b" });
    vi.advanceTimersByTime(500);
    expect(lateClient.state("room")).toEqual(wire(b.tracker.list("room")));
    expect(b.tracker.count("room")).toBe(7);
  });

  it("removes a silent node's presences everywhere within 5 s, with leaves", () => {
    const a = node("a");
    const b = node("b");
    const c = node("c");
    c.tracker.track("s", "room", "carol", {});
    vi.advanceTimersByTime(1_000);
    expect(a.tracker.count("room")).toBe(1);
    expect(a.tracker.nodes().sort()).toEqual(["a", "b", "c"]);
    network.crash("c");
    const at = a.diffs.length;
    vi.advanceTimersByTime(5_000);
    for (const { tracker, diffs } of [a, b]) {
      expect(tracker.count("room")).toBe(0);
      expect(diffs.slice(at).some(([, d]) => "carol" in d.leaves)).toBe(true);
      // Supervision places trees on, and reaps leases of, the members presence still hears.
      expect(tracker.nodes().sort()).toEqual(["a", "b"]);
    }
  });

  it("replaces a restarted node's state by its new incarnation", () => {
    const registry = new Registry();
    const a = node("a", { registry });
    const b1 = node("b");
    b1.tracker.track("s", "room", "old", {});
    vi.advanceTimersByTime(1_000);
    const b2 = node("b"); // same node id, new process
    b2.tracker.track("s", "room", "new", {});
    vi.advanceTimersByTime(500);
    expect(Object.keys(a.tracker.list("room"))).toEqual(["new"]);
    expect(a.tracker.stats().nodes).toBe(2);
  });

  it("drops a gracefully closed node at once", () => {
    const a = node("a");
    const b = node("b");
    b.tracker.track("s", "room", "bob", {});
    vi.advanceTimersByTime(1_000);
    b.tracker.close();
    b.tracker.close();
    vi.advanceTimersByTime(200);
    expect(a.tracker.count("room")).toBe(0);
    expect(() => b.tracker.track("s", "room", "bob", {})).toThrow(/closed/);
  });

  it("recovers after a partition longer than the down timeout", () => {
    const a = node("a");
    const b = node("b");
    a.tracker.track("s", "room", "alice", {});
    b.tracker.track("s", "room", "bob", {});
    vi.advanceTimersByTime(1_000);
    network.partition("a", "b");
    vi.advanceTimersByTime(5_000);
    expect(Object.keys(a.tracker.list("room"))).toEqual(["alice"]);
    b.tracker.track("t", "room", "bert", {});
    network.heal();
    vi.advanceTimersByTime(2_500);
    expect(Object.keys(a.tracker.list("room")).sort()).toEqual(["alice", "bert", "bob"]);
    expect(a.tracker.list("room")).toEqual(b.tracker.list("room"));
  });

  it("serves supervision's viewer counts, reporting every change", () => {
    const a = node("a");
    const b = node("b");
    const viewers = trackerViewers(b.tracker);
    const changed: string[] = [];
    const off = viewers.onChange((topic) => changed.push(topic));
    a.tracker.track("s1", "dash:1", "u1", {});
    a.tracker.track("s2", "dash:1", "u1", {});
    a.tracker.track("s3", "dash:1", "u2", {});
    vi.advanceTimersByTime(500);
    expect([viewers.count("dash:1"), [...viewers.topics()], changed]).toEqual([2, ["dash:1"], ["dash:1"]]);
    a.tracker.untrackOwner("s1");
    a.tracker.untrackOwner("s3");
    vi.advanceTimersByTime(500);
    expect(viewers.count("dash:1")).toBe(1);
    off();
    a.tracker.untrackOwner("s2");
    vi.advanceTimersByTime(500);
    expect([viewers.count("dash:1"), changed]).toEqual([0, ["dash:1", "dash:1"]]);
  });
});
