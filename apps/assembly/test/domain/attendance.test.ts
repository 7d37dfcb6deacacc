import { describe, expect, it } from "vitest";
import { checkedOutByChair, checkInRefusal, lapsesWhenOffline } from "../../src/domain/attendance.ts";

describe("presence", () => {
  it("starts only while the event is open, for the member and a chair alike", () => {
    expect(checkInRefusal("open")).toBeUndefined();
    for (const status of ["draft", "closed"] as const) {
      expect(checkInRefusal(status)).toMatchObject({ code: "event_not_open", details: { status } });
    }
  });

  it("lapses when offline only when the member checked themselves in", () => {
    expect(lapsesWhenOffline({ kind: "in", by: "member" })).toBe(true);
    expect(lapsesWhenOffline({ kind: "in", by: "chair" })).toBe(false);
    expect(lapsesWhenOffline({ kind: "out", by: "member" })).toBe(false);
    expect(lapsesWhenOffline({ kind: "out", by: "lapse" })).toBe(false);
    expect(lapsesWhenOffline(null)).toBe(false);
  });

  it("tells the member when a chair checked them out, until they check in again", () => {
    expect(checkedOutByChair({ kind: "out", by: "chair" })).toBe(true);
    expect(checkedOutByChair({ kind: "in", by: "member" })).toBe(false);
    expect(checkedOutByChair({ kind: "out", by: "member" })).toBe(false);
    expect(checkedOutByChair({ kind: "out", by: "lapse" })).toBe(false);
    expect(checkedOutByChair(null)).toBe(false);
  });
});
