import { describe, expect, it } from "vitest";
import { defaultDrain, drainInBatches, drainOptions, drainPauseMs } from "../../src/socket/drainer.ts";

describe("drainer", () => {
  it("defaults to Phoenix's drainer: 10,000 a batch, every 2 s, 30 s at most", () => {
    expect(drainOptions()).toEqual(defaultDrain);
    expect(defaultDrain).toEqual({ batchSize: 10_000, intervalMs: 2_000, shutdownMs: 30_000 });
  });

  it("pauses intervalMs between batches, shortened so every batch fits in shutdownMs", () => {
    const options = drainOptions({ batchSize: 100, intervalMs: 1000, shutdownMs: 5000 });
    expect(drainPauseMs(0, options)).toBe(0);
    expect(drainPauseMs(100, options)).toBe(0);
    expect(drainPauseMs(300, options)).toBe(1000);
    // 21 batches, 20 pauses: 5 s / 20.
    expect(drainPauseMs(2100, options)).toBe(250);
  });

  it("closes in batches with the pause between them", async () => {
    const closedAt: number[] = [];
    const started = Date.now();
    const count = await drainInBatches([1, 2, 3, 4, 5], drainOptions({ batchSize: 2, intervalMs: 100 }), () =>
      closedAt.push(Date.now() - started),
    );
    expect(count).toBe(5);
    expect(closedAt).toHaveLength(5);
    expect(closedAt[1]! - closedAt[0]!).toBeLessThan(50);
    expect(closedAt[2]! - closedAt[1]!).toBeGreaterThanOrEqual(90);
    expect(closedAt[4]! - closedAt[2]!).toBeGreaterThanOrEqual(90);
  });

  it("refuses nonsense, naming the option", () => {
    expect(() => drainOptions({ batchSize: 0 })).toThrow(/batchSize/);
    expect(() => drainOptions({ intervalMs: -1 })).toThrow(/intervalMs/);
    expect(() => drainOptions({ shutdownMs: Number.POSITIVE_INFINITY })).toThrow(/shutdownMs/);
  });
});
