import { describe, expect, it } from "vitest";
import { RateLimiter } from "../../src/auth/rate-limiter.ts";

describe("RateLimiter", () => {
  it("refuses a key after `limit` hits in a window and tells when to retry; checks alone never count", () => {
    const now = 1_000_000;
    const limiter = new RateLimiter({ limit: 3, windowMs: 10_000, now: () => now });
    for (let i = 0; i < 10; i++) expect(limiter.check("a").allowed).toBe(true);
    for (let i = 0; i < 3; i++) limiter.hit("a");
    expect(limiter.check("a")).toEqual({ allowed: false, retryAfterSeconds: 10 });
    expect(limiter.check("b").allowed).toBe(true);
    limiter.close();
  });

  it("slides: the previous window still counts in proportion to its overlap", () => {
    let now = 0;
    const limiter = new RateLimiter({ limit: 4, windowMs: 1000, now: () => now });
    for (let i = 0; i < 4; i++) limiter.hit("k");
    expect(limiter.check("k").allowed).toBe(false);
    now = 1250; // 75% of the previous window overlaps: 3 of 4 still count
    expect(limiter.check("k").allowed).toBe(true);
    limiter.hit("k");
    expect(limiter.check("k").allowed).toBe(false);
    now = 3000; // a whole idle window later, everything is forgotten
    expect(limiter.check("k").allowed).toBe(true);
    limiter.close();
    limiter.close();
  });

  it("rejects nonsensical options", () => {
    expect(() => new RateLimiter({ limit: 0, windowMs: 1000 })).toThrow(RangeError);
  });
});
