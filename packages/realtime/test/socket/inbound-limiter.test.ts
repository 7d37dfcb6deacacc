import { describe, expect, it } from "vitest";
import { InboundLimiter, defaultSocketLimits, socketLimits } from "../../src/socket/inbound-limiter.ts";

describe("InboundLimiter", () => {
  const limits = socketLimits({ messagesPerSecond: 10, burst: 2, closeAfterRefused: 3 });

  it("refuses past the burst and closes after closeAfterRefused refusals", () => {
    const limiter = new InboundLimiter(limits, 0);
    expect([0, 0, 0, 0, 0].map((t) => limiter.admit(t))).toEqual(["ok", "ok", "refuse", "refuse", "close"]);
  });

  it("forgives a client that backs off until its whole burst is back", () => {
    const limiter = new InboundLimiter(limits, 0);
    expect([0, 0, 0, 0].map((t) => limiter.admit(t))).toEqual(["ok", "ok", "refuse", "refuse"]);
    // 200 ms at 10/s refills the burst of 2: the refusals are forgotten.
    expect([200, 200, 200, 200].map((t) => limiter.admit(t))).toEqual(["ok", "ok", "refuse", "refuse"]);
  });

  it("keeps counting refusals of a client that floods at twice the rate", () => {
    const limiter = new InboundLimiter(limits, 0);
    const answers = Array.from({ length: 12 }, (_, i) => limiter.admit(i * 50));
    expect(answers).toContain("close");
  });

  it("fills in defaults and refuses nonsense, naming the limit", () => {
    expect(socketLimits()).toEqual(defaultSocketLimits);
    expect(defaultSocketLimits).toEqual({ maxChannels: 100, messagesPerSecond: 50, burst: 200, closeAfterRefused: 100 });
    expect(() => socketLimits({ maxChannels: 0 })).toThrow(/maxChannels/);
    expect(() => socketLimits({ messagesPerSecond: Number.NaN })).toThrow(/messagesPerSecond/);
    expect(() => socketLimits({ maxChannels: 2.5 })).toThrow(/integers/);
    expect(() => socketLimits({ burst: 0.5 })).toThrow(/burst/);
  });
});
