import { describe, expect, it } from "vitest";
import fc from "fast-check";
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
});
