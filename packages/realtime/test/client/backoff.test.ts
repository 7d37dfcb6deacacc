import { describe, expect, it } from "vitest";
import { fullJitter } from "../../src/client/backoff.ts";

describe("fullJitter", () => {
  it("waits a random time below base · 2^(tries−1), capped", () => {
    const highest = fullJitter(250, 10_000, () => 0.999_999);
    expect([1, 2, 3, 4, 5, 6, 7, 10].map(highest)).toEqual([249, 499, 999, 1999, 3999, 7999, 9999, 9999]);
    expect(fullJitter(250, 10_000, () => 0)(5)).toBe(0);
  });

  it("spreads retries over the whole window", () => {
    const backoff = fullJitter(1000, 1000);
    const waits = Array.from({ length: 2000 }, () => backoff(3));
    const buckets = [0, 0, 0, 0];
    for (const wait of waits) buckets[Math.floor(wait / 250)]!++;
    expect(Math.min(...waits)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...waits)).toBeLessThan(1000);
    for (const count of buckets) expect(count).toBeGreaterThan(350);
  });

  it("refuses a base above the cap or not positive", () => {
    expect(() => fullJitter(0, 100)).toThrow(RangeError);
    expect(() => fullJitter(200, 100)).toThrow(RangeError);
  });
});
