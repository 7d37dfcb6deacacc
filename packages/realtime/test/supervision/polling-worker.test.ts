import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Registry } from "prom-client";
import { SupervisionMetrics } from "../../src/supervision/metrics.ts";
import { PollingWorker, type PollingWorkerOptions } from "../../src/supervision/polling-worker.ts";
import { stableHash } from "../../src/supervision/stable-hash.ts";
import { Supervisor } from "../../src/supervision/supervisor.ts";

/** Faked by vi.useFakeTimers (node:timers/promises is not). */
const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("PollingWorker", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  function worker<T>(options: Partial<PollingWorkerOptions<T>> & Pick<PollingWorkerOptions<T>, "query">) {
    const published: T[] = [];
    const onCrash = vi.fn();
    const instance = new PollingWorker<T>({
      name: "dataset",
      intervalMs: 100,
      publish: (value) => {
        published.push(value);
      },
      onCrash,
      ...options,
    });
    return { instance, published, onCrash };
  }

  it("never overlaps: the next query starts an interval after the previous one finished", async () => {
    const starts: number[] = [];
    let running = 0;
    let maxRunning = 0;
    const { instance } = worker({
      intervalMs: 100,
      query: async () => {
        starts.push(Date.now());
        running += 1;
        maxRunning = Math.max(maxRunning, running);
        await delay(300);
        running -= 1;
        return starts.length;
      },
    });
    const t0 = Date.now();
    await instance.start();
    await vi.advanceTimersByTimeAsync(1_650);
    expect(maxRunning).toBe(1);
    expect(starts.map((t) => t - t0)).toEqual([0, 400, 800, 1_200, 1_600]);
    // close() waits for the in-flight query, which ignores its abort signal.
    const closing = instance.close();
    await vi.advanceTimersByTimeAsync(300);
    await closing;
    expect(starts).toHaveLength(5);
  });

  it("publishes only when the result changed, ignoring key order", async () => {
    const results = [
      { a: 1, b: 2 },
      { b: 2, a: 1 },
      { a: 1, b: 3 },
      { a: 1, b: 3 },
      { a: 1, b: 2 },
    ];
    let i = 0;
    const { instance, published } = worker({ query: async () => results[Math.min(i++, results.length - 1)] });
    await instance.start();
    await vi.advanceTimersByTimeAsync(450);
    expect(published).toEqual([
      { a: 1, b: 2 },
      { a: 1, b: 3 },
      { a: 1, b: 2 },
    ]);
    expect(instance.last()).toEqual({ value: { a: 1, b: 2 }, at: expect.any(Number) });
    expect(instance.describe()).toMatchObject({ polls: 5, changes: 3, errors: 0 });
    await instance.close();
  });

  it("keeps the last result for a new viewer even when nothing was published", async () => {
    const { instance, published } = worker({ query: async () => "same" });
    expect(instance.last()).toBeUndefined();
    await instance.start();
    await vi.advanceTimersByTimeAsync(250);
    expect(published).toEqual(["same"]);
    expect(instance.last()?.value).toBe("same");
    await instance.close();
  });

  it("offers a refused result again on the next tick", async () => {
    const attempts: number[] = [];
    const { instance } = worker({
      query: async () => 42,
      publish: (value) => {
        attempts.push(value);
        return attempts.length > 1;
      },
    });
    await instance.start();
    await vi.advanceTimersByTimeAsync(350);
    expect(attempts).toEqual([42, 42]);
    await instance.close();
  });

  it("counts failures and crashes once after maxFailures consecutive ones", async () => {
    const registry = new Registry();
    const metrics = new SupervisionMetrics(registry);
    let calls = 0;
    const outcomes = ["ok", "fail", "ok", "fail", "fail", "fail", "ok"];
    const { instance, onCrash } = worker({
      maxFailures: 3,
      metrics,
      query: async () => {
        const outcome = outcomes[calls++];
        if (outcome === "fail") throw new Error(`db down ${calls}`);
        return calls;
      },
    });
    await instance.start();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(calls).toBe(6);
    expect(onCrash).toHaveBeenCalledOnce();
    expect(onCrash.mock.calls[0]?.[0]).toEqual(new Error("db down 6"));
    expect(instance.describe()).toMatchObject({ errors: 4, consecutiveFailures: 3, lastError: "db down 6" });
    const text = await registry.metrics();
    expect(text).toContain('plenum_poll_errors_total{worker="dataset"} 4');
    expect(text).toContain('plenum_poll_duration_seconds_count{worker="dataset"} 6');
    expect(text).toContain("plenum_workers 1");
    await instance.close();
    expect(await registry.metrics()).toContain("plenum_workers 0");
  });

  it("aborts an in-flight query on close and publishes nothing after", async () => {
    let signal: AbortSignal | undefined;
    const { instance, published } = worker({
      query: (s) => {
        signal = s;
        return new Promise((resolve) => setTimeout(() => resolve("late"), 1_000));
      },
    });
    await instance.start();
    await vi.advanceTimersByTimeAsync(10);
    const closing = instance.close();
    expect(signal?.aborted).toBe(true);
    await vi.advanceTimersByTimeAsync(1_000);
    await closing;
    await instance.close();
    expect(published).toEqual([]);
  });

  it("adds jitter to the pause", async () => {
    const starts: number[] = [];
    const { instance } = worker({
      intervalMs: 100,
      jitterMs: 50,
      random: () => 0.5,
      query: async () => starts.push(Date.now()),
    });
    const t0 = Date.now();
    await instance.start();
    await vi.advanceTimersByTimeAsync(300);
    expect(starts.map((t) => t - t0)).toEqual([0, 125, 250]);
    await instance.close();
  });

  it("is restarted by its supervisor after a crash and publishes afresh", async () => {
    const published: string[] = [];
    let fail = true;
    const supervisor = new Supervisor({
      name: "dashboard:1",
      children: [
        PollingWorker.spec<string>({
          name: "attendance",
          intervalMs: 100,
          maxFailures: 2,
          query: async () => {
            if (fail) throw new Error("db down");
            return "rows";
          },
          publish: (value) => {
            published.push(value);
          },
        }),
      ],
    });
    await supervisor.start();
    await vi.advanceTimersByTimeAsync(150);
    expect(supervisor.children()[0]).toMatchObject({ id: "attendance", restarts: 1, lastError: "db down" });
    fail = false;
    await vi.advanceTimersByTimeAsync(300);
    expect(published).toEqual(["rows"]);
    await supervisor.close();
  });

  it("rejects bad options", () => {
    const base = { name: "w", intervalMs: 100, query: async () => 1, publish: () => {}, onCrash: () => {} };
    expect(() => new PollingWorker({ ...base, intervalMs: 0 })).toThrow(RangeError);
    expect(() => new PollingWorker({ ...base, jitterMs: -1 })).toThrow(RangeError);
    expect(() => new PollingWorker({ ...base, maxFailures: 0 })).toThrow(RangeError);
    expect(() => new PollingWorker({ ...base, name: "" })).toThrow(TypeError);
  });
});

describe("stableHash", () => {
  it("ignores key order and distinguishes values", () => {
    expect(stableHash({ a: [1, { x: 1, y: 2 }], b: null })).toBe(stableHash({ b: null, a: [1, { y: 2, x: 1 }] }));
    expect(stableHash({ a: 1 })).not.toBe(stableHash({ a: "1" }));
    expect(stableHash([1, 2])).not.toBe(stableHash([2, 1]));
    expect(stableHash(new Date(5))).not.toBe(stableHash(new Date(6)));
    expect(stableHash({ a: undefined })).toBe(stableHash({}));
    expect(
      stableHash(
        new Map([
          ["a", 1],
          ["b", 2],
        ]),
      ),
    ).toBe(
      stableHash(
        new Map([
          ["b", 2],
          ["a", 1],
        ]),
      ),
    );
    expect(stableHash(new Map([["a", 1]]))).not.toBe(stableHash(new Map([["a", 2]])));
    expect(stableHash(new Set([1, 2]))).not.toBe(stableHash(new Set([1, 3])));
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => stableHash(cyclic)).toThrow(/cyclic/);
  });
});
