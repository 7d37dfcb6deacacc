import { describe, expect, it } from "vitest";
import type { HistoryEntry, StreamPosition } from "../../src/history/history.ts";
import { OffsetOrder } from "../../src/history/offset-order.ts";
import type { PubSubMessage } from "../../src/pubsub/pubsub.ts";
import { eventually } from "../pubsub/eventually.ts";

const at = (offset: number, epoch = "e"): PubSubMessage => ({ topic: "t", event: "msg", payload: { offset }, position: { epoch, offset } });

function order(start: StreamPosition | undefined, store: HistoryEntry[] = [], waitMs = 30) {
  const delivered: PubSubMessage[] = [];
  const fills: StreamPosition[] = [];
  const offsets = () => delivered.map((m) => m.position?.offset ?? null);
  const o = new OffsetOrder(
    "t",
    (m) => delivered.push(m),
    async (since) => {
      fills.push(since);
      return store.filter((e) => e.offset > since.offset);
    },
    waitMs,
    Promise.resolve(start),
  );
  return { o, delivered, fills, offsets };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe("OffsetOrder", () => {
  it("delivers crossed arrivals in offset order and drops duplicates and what the start position covers", async () => {
    const { o, offsets, fills } = order({ epoch: "e", offset: 2 });
    for (const n of [2, 4, 3, 3, 5, 1, 6]) o.accept(at(n));
    await tick();
    expect(offsets()).toEqual([3, 4, 5, 6]);
    expect(fills).toEqual([]);
  });

  it("reads a gap that does not fill by itself from the store", async () => {
    const store = [3, 4, 5].map((offset) => ({ offset, event: "msg", payload: { offset } }));
    const { o, offsets, fills } = order({ epoch: "e", offset: 2 }, store);
    await tick();
    o.accept(at(5));
    o.accept(at(6));
    expect(offsets()).toEqual([]);
    await eventually(() => expect(offsets()).toEqual([3, 4, 5, 6]));
    expect(fills).toEqual([{ epoch: "e", offset: 2 }]);
  });

  it("skips what the store no longer has, and starts over on a new epoch", async () => {
    const { o, offsets } = order({ epoch: "e", offset: 0 });
    await tick();
    o.accept(at(1));
    o.accept(at(4));
    await eventually(() => expect(offsets()).toEqual([1, 4]));
    o.accept(at(9, "f"));
    o.accept(at(10, "f"));
    expect(offsets()).toEqual([1, 4, 9, 10]);
  });

  it("passes messages without a position through, and delivers nothing after close", async () => {
    const { o, delivered } = order(undefined);
    o.accept({ topic: "t", event: "presence_diff", payload: {} });
    await tick();
    expect(delivered).toHaveLength(1);
    o.close();
    o.accept(at(1));
    expect(delivered).toHaveLength(1);
  });
});
