import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { KeyedThrottle, Throttle } from "../../src/live/throttle.ts";

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe("Throttle", () => {
  it("fires on the leading edge, once more on the trailing edge, never more than once per interval", () => {
    const fired: number[] = [];
    const throttle = new Throttle(1000, () => fired.push(Date.now()));
    const start = Date.now();
    for (let i = 0; i < 50; i++) {
      throttle.touch();
      vi.advanceTimersByTime(100);
    }
    vi.advanceTimersByTime(2000);
    const offsets = fired.map((t) => t - start);
    expect(offsets[0]).toBe(0);
    for (let i = 1; i < offsets.length; i++) expect(offsets[i]! - offsets[i - 1]!).toBeGreaterThanOrEqual(1000);
    // 5 s of changes: ~6 calls, and the last change (t = 4.9 s) is covered by a call after it.
    expect(fired.length).toBeLessThanOrEqual(6);
    expect(offsets.at(-1)).toBeGreaterThanOrEqual(4900);
  });

  it("does nothing more after close", () => {
    let n = 0;
    const throttle = new Throttle(100, () => n++);
    throttle.touch();
    throttle.touch();
    throttle.close();
    throttle.close();
    vi.advanceTimersByTime(500);
    throttle.touch();
    expect(n).toBe(1);
  });

  it("throttles per key independently", () => {
    const fired: string[] = [];
    const keyed = new KeyedThrottle(1000, (key) => fired.push(key));
    for (let i = 0; i < 10; i++) {
      keyed.touch("a");
      keyed.touch("b");
    }
    vi.advanceTimersByTime(1500);
    expect(fired.sort()).toEqual(["a", "a", "b", "b"]);
    keyed.close();
  });
});
