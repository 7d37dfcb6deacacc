import { describe, expect, it } from "vitest";
import { RateLimiter } from "../../src/auth/rate-limiter.ts";

describe("RateLimiter", () => {
  it("allows `limit` attempts per key per window, then tells when to retry", () => {
    let now = 1_000_000;
    const limiter = new RateLimiter({ limit: 3, windowMs: 10_000, now: () => now });
    expect([1, 2, 3].map(() => limiter.attempt("a").allowed)).toEqual([true, true, true]);
    expect(limiter.attempt("a")).toEqual({ allowed: false, retryAfterSeconds: 10 });
    expect(limiter.attempt("b").allowed).toBe(true);
    limiter.close();
  });

  it("slides: the previous window still counts in proportion to its overlap", () => {
    let now = 0;
    const limiter = new RateLimiter({ limit: 4, windowMs: 1000, now: () => now });
    for (let i = 0; i < 4; i++) expect(limiter.attempt("k").allowed).toBe(true);
    now = 1250; // 75% of the previous window overlaps: 3 of 4 still count
    expect(limiter.attempt("k").allowed).toBe(true);
    expect(limiter.attempt("k").allowed).toBe(false);
    now = 3000; // a whole idle window later, everything is forgotten
    for (let i = 0; i < 4; i++) expect(limiter.attempt("k").allowed).toBe(true);
    limiter.close();
    limiter.close();
  });

  it("rejects nonsensical options", () => {
    expect(() => new RateLimiter({ limit: 0, windowMs: 1000 })).toThrow(RangeError);
  });
});
