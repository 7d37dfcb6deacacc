import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { History, Retention } from "../../src/history/history.ts";

export interface HistoryHarness {
  /** Two handles on one store, as two nodes of a cluster see it (the memory store: the same object twice). */
  nodes(): readonly [History, History];
  /** Makes the store lose everything it knows (a restart without persistence); `nodes()` then answers the handles on what is left. */
  lose(): Promise<void>;
  close(): Promise<void>;
}

const keep: Retention = { maxMessages: 100 };

/** The contract of {@link History}, run against every implementation. */
export function describeHistory(name: string, open: (options: { metaTtlSeconds: number }) => Promise<HistoryHarness>): void {
  describe(`History contract: ${name}`, () => {
    let harness: HistoryHarness;
    const run = `run-${randomUUID()}:`;
    let n = 0;
    const fresh = (): string => `${run}t${++n}`;
    const append = (history: History, topic: string, i: number, retention: Retention = keep) =>
      history.append(topic, { event: "msg", payload: { i } }, retention);

    beforeAll(async () => {
      harness = await open({ metaTtlSeconds: 1 });
    });
    afterAll(async () => {
      await harness?.close();
    });

    it("starts a topic at offset 0 in an epoch that stays the same while the store keeps it", async () => {
      const [a, b] = harness.nodes();
      const topic = fresh();
      const first = await a.position(topic);
      expect(first).toEqual({ epoch: expect.any(String), offset: 0 });
      expect(await b.position(topic)).toEqual(first);
      expect(await append(a, topic, 1)).toEqual({ epoch: first.epoch, offset: 1 });
    });

    it("gives consecutive offsets in one epoch across nodes, also to concurrent appends", async () => {
      const [a, b] = harness.nodes();
      const topic = fresh();
      const positions = await Promise.all(Array.from({ length: 40 }, (_, i) => append(i % 2 === 0 ? a : b, topic, i)));
      const epochs = new Set(positions.map((p) => p.epoch));
      expect(epochs.size).toBe(1);
      expect(positions.map((p) => p.offset).sort((x, y) => x - y)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
      // One caller's appends resolve in the order it issued them.
      const mine = await Promise.all([append(a, topic, 100), append(a, topic, 101), append(a, topic, 102)]);
      expect(mine.map((p) => p.offset)).toEqual([41, 42, 43]);
      expect(await b.position(topic)).toEqual({ epoch: [...epochs][0], offset: 43 });
    });

    it("recovers what was appended after a position, in order, with events and payloads, on any node", async () => {
      const [a, b] = harness.nodes();
      const topic = fresh();
      await append(a, topic, 1);
      const since = await append(a, topic, 2);
      await b.append(topic, { event: "other", payload: { nested: { list: [1, "two", null] } } }, keep);
      await append(a, topic, 4);
      const recovery = await b.recover(topic, since, keep);
      expect(recovery).toEqual({
        recovered: true,
        position: { epoch: since.epoch, offset: 4 },
        entries: [
          { offset: 3, event: "other", payload: { nested: { list: [1, "two", null] } } },
          { offset: 4, event: "msg", payload: { i: 4 } },
        ],
      });
    });

    it("recovers nothing, successfully, from the top and from offset 0 of a fresh topic", async () => {
      const [a, b] = harness.nodes();
      const topic = fresh();
      const start = await a.position(topic);
      expect(await b.recover(topic, start, keep)).toEqual({ recovered: true, position: start, entries: [] });
      const top = await append(a, topic, 1);
      expect(await b.recover(topic, top, keep)).toEqual({ recovered: true, position: top, entries: [] });
      expect(await b.recover(topic, start, keep)).toMatchObject({ recovered: true, entries: [{ offset: 1 }] });
    });

    it("keeps the last maxMessages: a position whose successors were trimmed does not recover", async () => {
      const [a, b] = harness.nodes();
      const topic = fresh();
      const retention = { maxMessages: 3 };
      const positions = [];
      for (let i = 1; i <= 6; i++) positions.push(await append(a, topic, i, retention));
      const top = positions[5]!;
      expect(await b.recover(topic, positions[2]!, retention)).toMatchObject({
        recovered: true,
        entries: [{ offset: 4 }, { offset: 5 }, { offset: 6 }],
      });
      expect(await b.recover(topic, positions[1]!, retention)).toEqual({ recovered: false, position: top });
      expect(await b.recover(topic, { epoch: top.epoch, offset: 0 }, retention)).toEqual({ recovered: false, position: top });
    });

    it("keeps the last ttlSeconds: expired entries do not recover, the offsets go on", async () => {
      const [a, b] = harness.nodes();
      const topic = fresh();
      const retention = { ttlSeconds: 0.3 };
      const start = await a.position(topic);
      const first = await append(a, topic, 1, retention);
      expect(await b.recover(topic, start, retention)).toMatchObject({ recovered: true, entries: [{ offset: 1 }] });
      await sleep(450);
      expect(await b.recover(topic, start, retention)).toEqual({ recovered: false, position: first });
      // Nothing was missed after the top, expired or not.
      expect(await b.recover(topic, first, retention)).toEqual({ recovered: true, position: first, entries: [] });
      expect(await append(a, topic, 2, retention)).toEqual({ epoch: first.epoch, offset: 2 });
      expect(await b.recover(topic, first, retention)).toMatchObject({ recovered: true, entries: [{ offset: 2 }] });
    });

    it("answers recovered: false with the current position for another epoch or an offset ahead of the top", async () => {
      const [a, b] = harness.nodes();
      const topic = fresh();
      const top = await append(a, topic, 1);
      expect(await b.recover(topic, { epoch: `${top.epoch}x`, offset: 1 }, keep)).toEqual({ recovered: false, position: top });
      expect(await b.recover(topic, { epoch: top.epoch, offset: 2 }, keep)).toEqual({ recovered: false, position: top });
    });

    it("begins a new epoch when the store lost the topic; old positions no longer recover", async () => {
      const [a] = harness.nodes();
      const topic = fresh();
      await append(a, topic, 1);
      const before = await append(a, topic, 2);
      await harness.lose();
      const [c, d] = harness.nodes();
      const after = await d.position(topic);
      expect(after.epoch).not.toBe(before.epoch);
      expect(after.offset).toBe(0);
      expect(await append(c, topic, 3)).toEqual({ epoch: after.epoch, offset: 1 });
      expect(await d.recover(topic, before, keep)).toEqual({ recovered: false, position: { epoch: after.epoch, offset: 1 } });
    });

    it("forget ends the topic's epoch on every node: old positions no longer recover, offsets start again", async () => {
      const [a, b] = harness.nodes();
      const topic = fresh();
      const other = fresh();
      const since = await append(a, topic, 1);
      await append(a, topic, 2);
      const untouched = await append(a, other, 1);
      await b.forget(topic);
      const after = await a.position(topic);
      expect(after.epoch).not.toBe(since.epoch);
      expect(after.offset).toBe(0);
      expect(await b.recover(topic, since, keep)).toEqual({ recovered: false, position: after });
      expect(await append(b, topic, 3)).toEqual({ epoch: after.epoch, offset: 1 });
      expect(await a.recover(topic, after, keep)).toMatchObject({ recovered: true, entries: [{ offset: 1, payload: { i: 3 } }] });
      // Another topic keeps its epoch and entries; forgetting an unknown topic is no error.
      expect(await a.position(other)).toEqual(untouched);
      await a.forget(fresh());
      await expect(a.forget("")).rejects.toThrow(TypeError);
    });

    it("forgets a topic nobody appended to for metaTtlSeconds: a new epoch", async () => {
      const [a, b] = harness.nodes();
      const topic = fresh();
      const before = await append(a, topic, 1, { ttlSeconds: 0.2 });
      await sleep(1_300);
      const after = await b.position(topic);
      expect(after).toEqual({ epoch: expect.any(String), offset: 0 });
      expect(after.epoch).not.toBe(before.epoch);
    });

    it("refuses bad input, changing nothing", async () => {
      const [a] = harness.nodes();
      const topic = fresh();
      await expect(a.append("", { event: "e", payload: {} }, keep)).rejects.toThrow(TypeError);
      await expect(a.append(topic, { event: "e", payload: {} }, {})).rejects.toThrow(/maxMessages, ttlSeconds/);
      await expect(a.append(topic, { event: "e", payload: {} }, { maxMessages: 0 })).rejects.toThrow(RangeError);
      await expect(a.recover(topic, { epoch: "e", offset: -1 }, keep)).rejects.toThrow(TypeError);
      await expect(a.recover(topic, { epoch: 1 as never, offset: 0 }, keep)).rejects.toThrow(TypeError);
      expect((await a.position(topic)).offset).toBe(0);
    });
  });
}
