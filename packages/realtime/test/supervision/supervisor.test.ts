import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Registry } from "prom-client";
import { SupervisionMetrics } from "../../src/supervision/metrics.ts";
import { Supervisor, SupervisorGaveUpError, type SupervisorOptions } from "../../src/supervision/supervisor.ts";
import { TrackedChild } from "./tracked-child.ts";

/** Lets queued promise callbacks (restarts are async) run under fake timers. */
const settle = () => vi.advanceTimersByTimeAsync(0);

describe("Supervisor", () => {
  let events: string[];
  beforeEach(() => {
    vi.useFakeTimers();
    events = [];
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  function three(options: Partial<SupervisorOptions> = {}) {
    const a = new TrackedChild("a", events);
    const b = new TrackedChild("b", events);
    const c = new TrackedChild("c", events);
    const supervisor = new Supervisor({ name: "tree", children: [a.spec, b.spec, c.spec], ...options });
    return { a, b, c, supervisor };
  }

  it("starts children in order and closes them in reverse order", async () => {
    const { supervisor } = three();
    await supervisor.start();
    expect(supervisor.state).toBe("running");
    await supervisor.close();
    await supervisor.close();
    expect(events).toEqual(["start:a#1", "start:b#1", "start:c#1", "close:c#1", "close:b#1", "close:a#1"]);
    expect(supervisor.state).toBe("stopped");
  });

  it("restarts only the crashed child (one-for-one)", async () => {
    const { a, b, c, supervisor } = three();
    await supervisor.start();
    b.latest.crash(new Error("boom"));
    await settle();
    expect(events.slice(3)).toEqual(["close:b#1", "start:b#2"]);
    expect([a.starts, b.starts, c.starts]).toEqual([1, 2, 1]);
    expect(supervisor.children().find((child) => child.id === "b")).toMatchObject({
      state: "running",
      restarts: 1,
      lastError: "boom",
    });
    await supervisor.close();
  });

  it("applies permanent, transient and temporary policies", async () => {
    const permanent = new TrackedChild("p", events, { restart: "permanent" });
    const transient = new TrackedChild("t", events, { restart: "transient" });
    const temporary = new TrackedChild("x", events, { restart: "temporary" });
    const supervisor = new Supervisor({
      name: "policies",
      children: [permanent.spec, transient.spec, temporary.spec],
      maxRestarts: 10,
    });
    await supervisor.start();

    permanent.latest.exit();
    transient.latest.crash(new Error("t crashed"));
    temporary.latest.crash(new Error("x crashed"));
    await settle();
    expect([permanent.starts, transient.starts, temporary.starts]).toEqual([2, 2, 1]);

    transient.latest.exit();
    await settle();
    expect(transient.starts).toBe(2);
    expect(supervisor.children().map((child) => child.id)).toEqual(["p"]);
    await supervisor.close();
  });

  it("gives up after more than maxRestarts in the window: stops all in reverse order and reports", async () => {
    const onGiveUp = vi.fn();
    const registry = new Registry();
    const metrics = new SupervisionMetrics(registry);
    const { b, supervisor } = three({ maxRestarts: 2, windowMs: 1_000, onGiveUp, metrics });
    await supervisor.start();
    for (let i = 0; i < 2; i++) {
      b.latest.crash(new Error(`crash ${i}`));
      await settle();
    }
    expect(supervisor.state).toBe("running");
    events.length = 0;
    b.latest.crash(new Error("last straw"));
    await settle();
    expect(supervisor.state).toBe("failed");
    expect(events).toEqual(["close:b#3", "close:c#1", "close:a#1"]);
    expect(onGiveUp).toHaveBeenCalledOnce();
    const error = onGiveUp.mock.calls[0]?.[0];
    expect(error).toBeInstanceOf(SupervisorGaveUpError);
    expect((error as Error).cause).toEqual(new Error("last straw"));
    const text = await registry.metrics();
    expect(text).toContain('plenum_supervisor_restarts_total{child="b"} 2');
    expect(text).toContain("plenum_supervisor_give_ups_total 1");
    await supervisor.close();
    expect(supervisor.state).toBe("failed");
  });

  it("forgets restarts older than the window", async () => {
    const onGiveUp = vi.fn();
    const { b, supervisor } = three({ maxRestarts: 2, windowMs: 1_000, onGiveUp });
    await supervisor.start();
    for (let i = 0; i < 6; i++) {
      b.latest.crash(new Error("sporadic"));
      await vi.advanceTimersByTimeAsync(600);
    }
    expect(onGiveUp).not.toHaveBeenCalled();
    expect(b.starts).toBe(7);
    await supervisor.close();
  });

  it("propagates a nested supervisor's give-up to its parent as a crash", async () => {
    const inner = new TrackedChild("worker", events);
    const parentGaveUp = vi.fn();
    const parent = new Supervisor({
      name: "parent",
      maxRestarts: 0,
      onGiveUp: parentGaveUp,
      children: [Supervisor.spec({ name: "inner", children: [inner.spec], maxRestarts: 1, windowMs: 1_000 })],
    });
    await parent.start();
    inner.latest.crash(new Error("1"));
    await settle();
    inner.latest.crash(new Error("2"));
    await settle();
    // The inner supervisor gave up; the parent (no restarts allowed) gave up in turn.
    expect(parentGaveUp).toHaveBeenCalledOnce();
    expect(parent.state).toBe("failed");
    expect(events.at(-1)).toBe("close:worker#2");
  });

  it("restarts a nested supervisor that gave up, with a fresh incarnation", async () => {
    const inner = new TrackedChild("worker", events);
    const parent = new Supervisor({
      name: "parent",
      children: [Supervisor.spec({ name: "inner", children: [inner.spec], maxRestarts: 0 })],
    });
    await parent.start();
    inner.latest.crash(new Error("once"));
    await settle();
    expect(inner.starts).toBe(2);
    expect(parent.children()[0]).toMatchObject({ id: "inner", state: "running", restarts: 1 });
    await parent.close();
  });

  it("delays restarts with exponential backoff", async () => {
    const { b, supervisor } = three({ maxRestarts: 10, windowMs: 60_000, backoff: { initialMs: 100, maxMs: 250 } });
    await supervisor.start();
    const delays: number[] = [];
    for (let i = 0; i < 4; i++) {
      const before = b.starts;
      b.latest.crash(new Error("x"));
      let waited = 0;
      while (b.starts === before) {
        await vi.advanceTimersByTimeAsync(10);
        waited += 10;
      }
      delays.push(waited);
    }
    expect(delays).toEqual([100, 200, 250, 250]);
    await supervisor.close();
  });

  it("does not restart anything once closing began", async () => {
    const { b, supervisor } = three({ backoff: { initialMs: 100, maxMs: 100 } });
    await supervisor.start();
    b.latest.crash(new Error("x"));
    await settle();
    await supervisor.close();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(b.starts).toBe(1);
  });

  it("ignores reports from a replaced incarnation", async () => {
    const { b, supervisor } = three();
    await supervisor.start();
    const first = b.latest;
    first.crash(new Error("x"));
    await settle();
    first.crash(new Error("late"));
    first.exit();
    await settle();
    expect(b.starts).toBe(2);
    await supervisor.close();
  });

  it("starts and terminates children at run time", async () => {
    const supervisor = new Supervisor({ name: "dynamic" });
    await supervisor.start();
    const d = new TrackedChild("d", events);
    await supervisor.startChild(d.spec);
    await expect(supervisor.startChild(d.spec)).rejects.toThrow(/already exists/);
    await expect(supervisor.terminateChild("nope")).rejects.toThrow(/no child "nope"/);
    const failing = new TrackedChild("f", events);
    failing.failNextStart = true;
    await expect(supervisor.startChild(failing.spec)).rejects.toThrow(/failed to start/);
    expect(supervisor.children().map((child) => child.id)).toEqual(["d"]);
    await supervisor.terminateChild("d");
    d.contexts[0]?.crash(new Error("after terminate"));
    await settle();
    expect(d.starts).toBe(1);
    expect(supervisor.children()).toEqual([]);
    await supervisor.close();
  });

  it("rolls back a failed initial start", async () => {
    const { c, supervisor } = three();
    c.failNextStart = true;
    await expect(supervisor.start()).rejects.toThrow(/c failed to start/);
    expect(events).toEqual(["start:a#1", "start:b#1", "start:c#1", "close:c#1", "close:b#1", "close:a#1"]);
    expect(supervisor.state).toBe("failed");
  });

  it("bounds a hanging child close by shutdownMs", async () => {
    const hanging = new TrackedChild("h", events, { shutdownMs: 500 });
    hanging.closeGate = new Promise(() => {});
    const after = new TrackedChild("z", events);
    const supervisor = new Supervisor({ name: "slow", children: [after.spec, hanging.spec] });
    await supervisor.start();
    const closing = supervisor.close();
    await vi.advanceTimersByTimeAsync(500);
    await closing;
    expect(events).toEqual(["start:z#1", "start:h#1", "close:z#1"]);
  });

  it("rejects bad options and specs", () => {
    expect(() => new Supervisor({ name: "" })).toThrow(TypeError);
    expect(() => new Supervisor({ name: "s", maxRestarts: -1 })).toThrow(RangeError);
    expect(() => new Supervisor({ name: "s", backoff: { initialMs: 10, maxMs: 5 } })).toThrow(RangeError);
    const a = new TrackedChild("a", events);
    expect(() => new Supervisor({ name: "s", children: [a.spec, a.spec] })).toThrow(/duplicate/);
    expect(() => new Supervisor({ name: "s", children: [{ ...a.spec, restart: "sometimes" as never }] })).toThrow(TypeError);
  });
});
