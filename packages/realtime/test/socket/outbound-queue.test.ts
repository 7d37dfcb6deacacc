import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { ByteBudget } from "../../src/socket/byte-budget.ts";
import { OutboundQueue, type Sink } from "../../src/socket/outbound-queue.ts";

/** A sink that holds write callbacks until the test flushes, like a socket whose peer is slow. */
function heldSink(): Sink & { written: string[]; flushOne(): boolean } {
  const pending: (() => void)[] = [];
  const written: string[] = [];
  return {
    written,
    write(frame, done) {
      written.push(String(frame));
      pending.push(done);
    },
    flushOne() {
      const done = pending.shift();
      done?.();
      return done !== undefined;
    },
  };
}

describe("OutboundQueue", () => {
  it("writes straight through under the high-water mark, then queues", () => {
    const sink = heldSink();
    const queue = new OutboundQueue(sink, { maxMessages: 10, maxBytes: 10_000 }, { highWater: 4 });
    expect(queue.enqueue("ab")).toBe("written");
    expect(queue.enqueue("cd")).toBe("written");
    expect(queue.enqueue("ef")).toBe("queued");
    expect(sink.written).toEqual(["ab", "cd"]);
    sink.flushOne();
    expect(sink.written).toEqual(["ab", "cd", "ef"]);
  });

  it("replaces a waiting frame with the same coalesce key in place", () => {
    const sink = heldSink();
    const queue = new OutboundQueue(sink, { maxMessages: 10, maxBytes: 10_000 }, { highWater: 1 });
    queue.enqueue("first");
    expect(queue.enqueue("k1", "k")).toBe("queued");
    expect(queue.enqueue("x")).toBe("queued");
    expect(queue.enqueue("k2", "k")).toBe("coalesced");
    while (sink.flushOne());
    expect(sink.written).toEqual(["first", "k2", "x"]);
  });

  it("overflows on message count and on bytes", () => {
    const byCount = new OutboundQueue(heldSink(), { maxMessages: 2, maxBytes: 10_000 }, { highWater: 1 });
    expect(["a", "b", "c", "d"].map((f) => byCount.enqueue(f))).toEqual(["written", "queued", "queued", "overflow"]);
    const byBytes = new OutboundQueue(heldSink(), { maxMessages: 100, maxBytes: 10 }, { highWater: 1 });
    expect(["aaaa", "bbbb", "cccc"].map((f) => byBytes.enqueue(f))).toEqual(["written", "queued", "overflow"]);
  });

  it("never holds more than its limits, whatever the schedule (property)", () => {
    const op = fc.oneof(
      fc.record({
        kind: fc.constant("push" as const),
        size: fc.integer({ min: 1, max: 50 }),
        key: fc.option(fc.constantFrom("a", "b", "c"), { nil: undefined }),
      }),
      fc.record({ kind: fc.constant("drain" as const), n: fc.integer({ min: 1, max: 5 }) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 200 }), (ops) => {
        const sink = heldSink();
        const limits = { maxMessages: 8, maxBytes: 200 };
        const queue = new OutboundQueue(sink, limits, { highWater: 30 });
        let overflowed = false;
        for (const o of ops) {
          if (o.kind === "push") {
            if (queue.enqueue("x".repeat(o.size), o.key) === "overflow") overflowed = true;
          } else for (let i = 0; i < o.n; i++) sink.flushOne();
          if (overflowed) break;
          expect(queue.length).toBeLessThanOrEqual(limits.maxMessages);
          expect(queue.bytes).toBeLessThanOrEqual(limits.maxBytes + 50);
        }
      }),
    );
  });

  it("shares a node budget: past it, the queue furthest behind is shed, a reader keeping up is not", () => {
    const budget = new ByteBudget(10);
    const limits = { maxMessages: 100, maxBytes: 10_000 };
    const shed: string[] = [];
    const hog = new OutboundQueue(heldSink(), limits, { highWater: 1, budget, onShed: () => shed.push("hog") });
    const other = new OutboundQueue(heldSink(), limits, { highWater: 1, budget, onShed: () => shed.push("other") });
    expect(["aaaa", "bbbb", "cc"].map((f) => hog.enqueue(f))).toEqual(["written", "queued", "queued"]);
    expect(budget.used).toBe(10);
    // The hog is furthest behind itself: refused.
    expect(hog.enqueue("d")).toBe("over_budget");
    // Nothing waiting: `other` is never refused for the hog's backlog.
    expect(other.enqueue("eeee")).toBe("written");
    expect(other.enqueue("f")).toBe("queued");
    // Behind now, `other` gets room by shedding the hog's 6 waiting bytes.
    expect(other.enqueue("g")).toBe("queued");
    expect(shed).toEqual(["hog"]);
    expect(hog.enqueue("h")).toBe("overflow");
    expect(budget.used).toBe(4 + 4 + 1 + 1);
  });

  it("keeps waiting frames within a shared budget and sheds only queues further behind (property)", () => {
    const op = fc.record({ queue: fc.integer({ min: 0, max: 3 }), size: fc.integer({ min: 1, max: 40 }), drain: fc.boolean() });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 300 }), (ops) => {
        const budget = new ByteBudget(100);
        const sinks = Array.from({ length: 4 }, () => heldSink());
        const shedNow: number[] = [];
        const limits = { maxMessages: 50, maxBytes: 1000 };
        const queues = sinks.map((sink, i) => new OutboundQueue(sink, limits, { highWater: 20, budget, onShed: () => shedNow.push(i) }));
        for (const o of ops) {
          const queue = queues[o.queue]!;
          if (o.drain) {
            sinks[o.queue]!.flushOne();
          } else {
            const before = queues.map((q) => q.waitingBytes);
            if (queue.enqueue("x".repeat(o.size)) === "over_budget") queue.close();
            // Whoever was dropped to make room was further behind than the queue asking.
            for (const i of shedNow.splice(0)) expect(before[i]!).toBeGreaterThan(before[o.queue]!);
          }
          expect(budget.used).toBe(queues.reduce((sum, q) => sum + q.bytes, 0));
          // Waiting bytes within the budget, plus the one frame each queue keeping up may add.
          expect(queues.reduce((sum, q) => sum + q.waitingBytes, 0)).toBeLessThanOrEqual(100 + 4 * 40);
        }
      }),
    );
  });
});
