import { describe, expect, it } from "vitest";
import { selfCheckInRefusal } from "../../src/domain/attendance.ts";

describe("self check-in", () => {
  it("is allowed only while the event is open", () => {
    expect(selfCheckInRefusal("open")).toBeUndefined();
    for (const status of ["draft", "closed"] as const) {
      expect(selfCheckInRefusal(status)).toMatchObject({ code: "event_not_open", details: { status } });
    }
  });
});
