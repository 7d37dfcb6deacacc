import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  holdsLease,
  idle,
  singletonTimings,
  transition,
  type SingletonAction,
  type SingletonEvent,
  type SingletonState,
} from "../../src/supervision/singleton-state.ts";
import { ClusterSim } from "./singleton-sim.ts";

const timings = singletonTimings({ ttlMs: 300, retryMs: 100, graceMs: 100, failureBackoffMs: 200 });
const { ttlMs, renewMs, marginMs, retryMs, graceMs, failureBackoffMs, yieldMs } = timings;

/** Runs `events` from `state`, event i at time `at[i]` (default: all at 0); returns every step. */
function run(state: SingletonState, events: Array<[number, SingletonEvent]>) {
  const steps: Array<{ state: SingletonState; actions: readonly SingletonAction[] }> = [];
  for (const [now, event] of events) {
    const step = transition(state, event, { now, timings });
    steps.push(step);
    state = step.state;
  }
  return { state, steps, actions: steps.flatMap((step) => step.actions) };
}

const viewers = (count: number, placementDelayMs = 0): SingletonEvent => ({ kind: "viewers", count, placementDelayMs });
const timer = (name: "retry" | "renew" | "deadline" | "grace"): SingletonEvent => ({ kind: "timer", timer: name });

/** A key leading under token 7, acquired by a request sent at 0 and answered at 10. */
function leading(): SingletonState {
  return run(idle, [
    [0, viewers(1)],
    [10, { kind: "acquired", token: 7, sentAt: 0 }],
  ]).state;
}

describe("singleton state machine", () => {
  it("acquires for the first viewer, after this node's placement delay", () => {
    expect(transition(idle, viewers(1), { now: 0, timings })).toEqual({
      state: { kind: "acquiring", viewers: 1, handoffAskedAt: -Infinity, closing: false },
      actions: [{ kind: "acquire" }],
    });
    const delayed = run(idle, [
      [0, viewers(2, 50)],
      [30, timer("retry")],
      [50, timer("retry")],
    ]);
    expect(delayed.actions).toEqual([
      { kind: "schedule", timer: "retry", ms: 50 },
      { kind: "schedule", timer: "retry", ms: 20 },
      { kind: "acquire" },
    ]);
    expect(transition(idle, viewers(0), { now: 0, timings }).state).toBe(idle);
    expect(transition(idle, viewers(Number.NaN), { now: 0, timings }).state).toBe(idle);
    expect(transition(idle, viewers(-3), { now: 0, timings }).state).toBe(idle);
  });

  it("starts the tree under the acquired token, with the deadline counted from when the request was sent", () => {
    const { state, steps } = run(idle, [
      [0, viewers(1)],
      [10, { kind: "acquired", token: 7, sentAt: 0 }],
    ]);
    expect(state).toEqual({
      kind: "leading",
      viewers: 1,
      token: 7,
      deadline: ttlMs - marginMs,
      since: 10,
      graceEndsAt: null,
      renewing: false,
    });
    expect(steps[1]!.actions).toEqual([
      { kind: "schedule", timer: "deadline", ms: ttlMs - marginMs - 10 },
      { kind: "schedule", timer: "renew", ms: renewMs },
      { kind: "startTree", token: 7 },
    ]);
    expect(holdsLease(state, 7, ttlMs - marginMs - 1)).toBe(true);
    expect(holdsLease(state, 7, ttlMs - marginMs)).toBe(false);
    expect(holdsLease(state, 6, 20)).toBe(false);
  });

  it("retries a refused acquire every retryMs; the preferred node asks the holder at most once per handoff period", () => {
    const { actions, state } = run(idle, [
      [0, viewers(1)],
      [5, { kind: "acquireFailed", preferred: true }],
      [105, timer("retry")],
      [110, { kind: "acquireFailed", preferred: true }],
      [600, timer("retry")],
      [605, { kind: "acquireFailed", preferred: true }],
    ]);
    expect(actions.filter((action) => action.kind === "requestHandoff")).toHaveLength(2);
    expect(actions.filter((action) => action.kind === "schedule")).toEqual(
      Array(3).fill({ kind: "schedule", timer: "retry", ms: retryMs }),
    );
    expect(state).toMatchObject({ kind: "following", handoffAskedAt: 605 });
    const other = run(idle, [
      [0, viewers(1)],
      [5, { kind: "acquireFailed", preferred: false }],
    ]);
    expect(other.actions.some((action) => action.kind === "requestHandoff")).toBe(false);
  });

  it("hands the lease back, starting nothing, when the last viewer left while acquiring", () => {
    const { state, actions } = run(idle, [
      [0, viewers(1)],
      [1, viewers(0)],
      [5, { kind: "acquired", token: 3, sentAt: 0 }],
      [9, { kind: "treeStopped" }],
    ]);
    expect(actions).toEqual([{ kind: "acquire" }, { kind: "stopTree", token: 3, reason: "no viewers" }]);
    expect(state).toBe(idle);
  });

  it("renews every renewMs, extends the deadline from the request's send time, and keeps trying through failures", () => {
    const { state, actions } = run(leading(), [
      [100, timer("renew")],
      [150, { kind: "renewed", token: 7, sentAt: 100 }],
      [200, timer("renew")],
      [230, { kind: "renewFailed", token: 7 }],
      [300, timer("renew")],
    ]);
    expect(actions).toEqual([
      { kind: "renew", token: 7, timeoutMs: ttlMs - marginMs - 100 },
      { kind: "schedule", timer: "renew", ms: renewMs },
      { kind: "schedule", timer: "deadline", ms: 100 + ttlMs - marginMs - 150 },
      { kind: "renew", token: 7, timeoutMs: 100 + ttlMs - marginMs - 200 },
      { kind: "schedule", timer: "renew", ms: renewMs },
      { kind: "renew", token: 7, timeoutMs: 100 + ttlMs - marginMs - 300 },
      { kind: "schedule", timer: "renew", ms: renewMs },
    ]);
    expect(state).toMatchObject({ kind: "leading", deadline: 100 + ttlMs - marginMs, renewing: true });
    // One renewal in flight at a time: a slow store is not flooded.
    expect(run(state, [[330, timer("renew")]]).actions).toEqual([{ kind: "schedule", timer: "renew", ms: renewMs }]);
  });

  it.each<[string, SingletonEvent, number]>([
    ["a refused renewal", { kind: "leaseLost", token: 7, reason: "lease taken or lapsed" }, 50],
    ["a stale lease seen at publish", { kind: "leaseLost", token: 7, reason: "lease no longer current at publish" }, 50],
    ["the local deadline", timer("deadline"), ttlMs - marginMs],
    ["a renew timer past the deadline", timer("renew"), ttlMs - marginMs],
  ])("stops the tree at once on %s", (_name, event, now) => {
    const { state, actions } = transition(leading(), event, { now, timings });
    expect(state).toMatchObject({ kind: "releasing", token: 7 });
    expect(actions).toEqual([
      { kind: "cancel", timer: "renew" },
      { kind: "cancel", timer: "deadline" },
      { kind: "cancel", timer: "grace" },
      { kind: "stopTree", token: 7, reason: "lease lost", cause: expect.any(String) },
    ]);
    expect(holdsLease(state, 7, now)).toBe(false);
  });

  it("ignores news about a token it no longer runs", () => {
    const state = leading();
    for (const event of [
      { kind: "leaseLost", token: 6, reason: "old" },
      { kind: "crashed", token: 6, error: new Error("old tree") },
      { kind: "renewed", token: 6, sentAt: 50 },
      { kind: "acquired", token: 9, sentAt: 50 },
      { kind: "treeStopped" },
    ] satisfies SingletonEvent[]) {
      expect(transition(state, event, { now: 50, timings })).toEqual({ state, actions: [] });
    }
  });

  it("keeps the tree through a grace period without viewers, and stops it after", () => {
    const kept = run(leading(), [
      [20, viewers(0)],
      [60, viewers(1)],
    ]);
    expect(kept.actions).toEqual([
      { kind: "schedule", timer: "grace", ms: graceMs },
      { kind: "cancel", timer: "grace" },
    ]);
    expect(kept.state).toMatchObject({ kind: "leading", graceEndsAt: null });
    const ended = run(leading(), [
      [20, viewers(0)],
      [20 + graceMs, timer("grace")],
    ]);
    expect(ended.steps[0]!.state).toMatchObject({ graceEndsAt: 20 + graceMs });
    expect(ended.actions.at(-1)).toEqual({ kind: "stopTree", token: 7, reason: "no viewers" });
    expect(run(ended.state, [[200, { kind: "treeStopped" }]]).state).toBe(idle);
  });

  it("evicts a tree without viewers, never one with viewers", () => {
    expect(transition(leading(), { kind: "evict" }, { now: 20, timings }).state.kind).toBe("leading");
    const evicted = run(leading(), [
      [20, viewers(0)],
      [30, { kind: "evict" }],
    ]);
    expect(evicted.state.kind).toBe("releasing");
  });

  it("gives a viewer who arrives during the teardown a fresh tree once the stop finished", () => {
    const { state, actions } = run(leading(), [
      [20, viewers(0)],
      [20 + graceMs, timer("grace")],
      [130, viewers(1)],
      [150, { kind: "treeStopped" }],
      [155, { kind: "acquired", token: 8, sentAt: 150 }],
    ]);
    expect(actions.filter((action) => action.kind === "acquire" || action.kind === "startTree" || action.kind === "stopTree")).toEqual([
      { kind: "stopTree", token: 7, reason: "no viewers" },
      { kind: "acquire" },
      { kind: "startTree", token: 8 },
    ]);
    expect(state).toMatchObject({ kind: "leading", token: 8 });
  });

  it("backs off after a crash, and yields after a handoff, before acquiring again", () => {
    const crash = run(leading(), [
      [50, { kind: "crashed", token: 7, error: new Error("gave up") }],
      [60, { kind: "treeStopped" }],
    ]);
    expect(crash.actions).toContainEqual({ kind: "stopTree", token: 7, reason: "tree failed", cause: new Error("gave up") });
    expect(crash.state).toEqual({ kind: "following", viewers: 1, notBefore: 50 + failureBackoffMs, handoffAskedAt: -Infinity });
    expect(crash.actions.at(-1)).toEqual({ kind: "schedule", timer: "retry", ms: 50 + failureBackoffMs - 60 });
    const handoff = run(leading(), [
      [50, { kind: "handoffRequested" }],
      [60, { kind: "treeStopped" }],
    ]);
    expect(handoff.actions).toContainEqual({ kind: "stopTree", token: 7, reason: "handed over" });
    expect(handoff.state).toMatchObject({ kind: "following", notBefore: 50 + yieldMs });
  });

  it("ends in stopped from every state, waiting for calls in flight, and never acts again", () => {
    const close: SingletonEvent = { kind: "close" };
    expect(transition(idle, close, { now: 0, timings }).state.kind).toBe("stopped");
    expect(
      run(idle, [
        [0, viewers(1, 50)],
        [1, close],
      ]).steps[1],
    ).toEqual({
      state: { kind: "stopped" },
      actions: [{ kind: "cancel", timer: "retry" }],
    });
    const acquiring = run(idle, [
      [0, viewers(1)],
      [1, close],
      [5, { kind: "acquired", token: 4, sentAt: 0 }],
      [9, { kind: "treeStopped" }],
    ]);
    expect(acquiring.actions).toEqual([{ kind: "acquire" }, { kind: "stopTree", token: 4, reason: "shutdown" }]);
    expect(acquiring.state.kind).toBe("stopped");
    const tree = run(leading(), [
      [20, close],
      [25, viewers(3)],
      [30, { kind: "treeStopped" }],
    ]);
    expect(tree.actions.at(-1)).toEqual({ kind: "stopTree", token: 7, reason: "shutdown" });
    expect(tree.state.kind).toBe("stopped");
    for (const event of [viewers(1), timer("retry"), { kind: "acquired", token: 9, sentAt: 40 }] satisfies SingletonEvent[]) {
      expect(transition(tree.state, event, { now: 40, timings })).toEqual({ state: tree.state, actions: [] });
    }
  });
});

/** Events in any order, including ones the interpreter would never send in that state (late, duplicated, stale). */
const anyEvent: fc.Arbitrary<SingletonEvent> = fc.oneof(
  fc.record({ kind: fc.constant("viewers" as const), count: fc.integer({ min: -1, max: 3 }), placementDelayMs: fc.nat(150) }),
  fc.record({
    kind: fc.constant("timer" as const),
    timer: fc.constantFrom("retry" as const, "renew" as const, "deadline" as const, "grace" as const),
  }),
  fc.record({ kind: fc.constant("acquired" as const), token: fc.integer({ min: 1, max: 6 }), sentAt: fc.constant(0) }),
  fc.record({ kind: fc.constant("acquireFailed" as const), preferred: fc.boolean() }),
  fc.record({ kind: fc.constant("renewed" as const), token: fc.integer({ min: 1, max: 6 }), sentAt: fc.constant(0) }),
  fc.record({ kind: fc.constant("renewFailed" as const), token: fc.integer({ min: 1, max: 6 }) }),
  fc.record({ kind: fc.constant("leaseLost" as const), token: fc.integer({ min: 1, max: 6 }), reason: fc.constant("lost") }),
  fc.record({ kind: fc.constant("crashed" as const), token: fc.integer({ min: 1, max: 6 }), error: fc.constant("boom") }),
  fc.constantFrom<SingletonEvent>({ kind: "handoffRequested" }, { kind: "evict" }, { kind: "treeStopped" }, { kind: "close" }),
);

describe("singleton state machine, any event sequence", () => {
  it("never runs two trees, starts only what it acquired, stops whenever it leaves leading, and stays stopped", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(120), anyEvent), { maxLength: 80 }), (script) => {
        let state: SingletonState = idle;
        let now = 0;
        let tree: number | null = null;
        for (const [gap, event] of script) {
          now += gap;
          // Real answers carry the time their request was sent: shortly before now.
          const timed = event.kind === "acquired" || event.kind === "renewed" ? { ...event, sentAt: Math.max(0, now - 5) } : event;
          const before = state;
          const { state: after, actions } = transition(before, timed, { now, timings });
          for (const action of actions) {
            if (action.kind === "startTree") {
              expect(tree).toBeNull();
              expect(before.kind).toBe("acquiring");
              expect(timed).toMatchObject({ kind: "acquired", token: action.token });
              tree = action.token;
            }
            if (action.kind === "stopTree" && action.token === tree) tree = null;
            if (action.kind === "acquire") expect(tree).toBeNull();
          }
          if (before.kind === "leading" && after.kind !== "leading")
            expect(actions).toContainEqual(expect.objectContaining({ kind: "stopTree", token: before.token }));
          if (after.kind === "leading") {
            expect(tree).toBe(after.token);
            expect(after.deadline).toBeLessThanOrEqual(now + ttlMs - marginMs);
          } else {
            expect(holdsLease(after, tree ?? 0, now)).toBe(false);
          }
          if (before.kind === "stopped") expect({ state: after, actions }).toEqual({ state: before, actions: [] });
          state = after;
        }
      }),
      { numRuns: 500 },
    );
  });
});

type Fault =
  | { readonly op: "viewers"; readonly count: number }
  | { readonly op: "pause"; readonly node: number; readonly ms: number }
  | { readonly op: "crash"; readonly node: number }
  | { readonly op: "handoff"; readonly node: number }
  | { readonly op: "store"; readonly maxLatencyMs: number };

const fault: fc.Arbitrary<Fault> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ op: fc.constant("viewers" as const), count: fc.integer({ min: 0, max: 2 }) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("pause" as const), node: fc.nat(2), ms: fc.integer({ min: 1, max: 2 * ttlMs }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("crash" as const), node: fc.nat(2) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("handoff" as const), node: fc.nat(2) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("store" as const), maxLatencyMs: fc.constantFrom(2, 20, 80, 200) }) },
);

/** Small seeded generator, so a failing run replays from fast-check's counterexample. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("singleton state machines in a simulated cluster", () => {
  it("keep at most one holder at any instant (the one the store names), hand out tokens in order, recover, tear down and close", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fault, fc.nat(400)), { maxLength: 40 }), fc.integer(), (faults, seed) => {
        const random = seeded(seed);
        const sim = new ClusterSim({ nodes: 3, timings, random });
        const setViewers = (count: number) => sim.setViewers(count, 30);
        setViewers(1);
        for (const [step, gap] of faults) {
          const node = sim.nodes[step.op === "viewers" || step.op === "store" ? 0 : step.node]!;
          if (step.op === "viewers") setViewers(step.count);
          if (step.op === "pause") node.pausedUntil = Math.max(node.pausedUntil, sim.now + step.ms);
          if (step.op === "crash" && node.state.kind === "leading")
            sim.deliver(node, { kind: "crashed", token: node.state.token, error: "gave up" });
          if (step.op === "handoff") sim.deliver(node, { kind: "handoffRequested" });
          if (step.op === "store") sim.latency = () => random() * step.maxLatencyMs;
          sim.runUntil(sim.now + gap);
        }

        // Faults over, viewers everywhere: one node runs the tree within the failover bound. (Without
        // placement: a handoff pauses the key on purpose, and may be repeated until the preferred node wins the race.)
        sim.latency = () => random() * 2;
        sim.preferred = null;
        setViewers(1);
        sim.runUntil(sim.now + 2 * ttlMs + ttlMs + Math.max(failureBackoffMs, yieldMs) + 2 * retryMs + 200);
        const leaders = sim.nodes.filter((node) => node.state.kind === "leading");
        expect(leaders).toHaveLength(1);
        expect(leaders[0]!.tree).not.toBeNull();

        // Every viewer gone: after the grace, nothing runs and the lease is released.
        setViewers(0);
        sim.runUntil(sim.now + graceMs + 2 * ttlMs);
        expect(sim.nodes.map((node) => node.state.kind)).toEqual(["idle", "idle", "idle"]);
        expect(sim.lease && sim.lease.expiresAt > sim.now ? sim.lease : null).toBeNull();

        // Closing mid-acquire or mid-run ends every key, and nothing is acquired or started after.
        setViewers(1);
        sim.runUntil(sim.now + random() * 50);
        const closedAt = sim.now;
        for (const node of sim.nodes) sim.deliver(node, { kind: "close" });
        sim.runUntil(sim.now + 3 * ttlMs);
        expect(sim.nodes.map((node) => node.state.kind)).toEqual(["stopped", "stopped", "stopped"]);
        const afterClose = sim.nodes.flatMap((node) => node.trace.filter((entry) => entry.at > closedAt)).flatMap((entry) => entry.actions);
        expect(afterClose.filter((action) => action.kind === "acquire" || action.kind === "startTree")).toEqual([]);

        // Fencing: trees start, cluster-wide and in time order, under strictly growing tokens.
        const started = sim.nodes
          .flatMap((node) =>
            node.trace.flatMap((entry) =>
              entry.actions.filter((action) => action.kind === "startTree").map((action) => ({ at: entry.at, token: action.token })),
            ),
          )
          .sort((x, y) => x.at - y.at || x.token - y.token);
        const tokens = started.map((start) => start.token);
        expect(new Set(tokens).size).toBe(tokens.length);
        expect(tokens).toEqual([...tokens].sort((x, y) => x - y));
        expect(sim.violations).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });
});
