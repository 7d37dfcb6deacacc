import { describe, expect, it } from "vitest";
import { contentAt, nextTimeOfDay } from "../../src/domain/projector.ts";
import { errorCode } from "./error-code.ts";

const at = (iso: string) => Date.parse(iso);

describe("what a screen shows", () => {
  it("finds the next time the hall's clock reads HH:MM, across midnight and clock changes", () => {
    // 12:00 in Berlin (summer: UTC+2) is 10:00 UTC.
    expect(new Date(nextTimeOfDay("14:30", "Europe/Berlin", at("2026-05-28T10:00:00Z"))).toISOString()).toBe("2026-05-28T12:30:00.000Z");
    // Past 14:30 already: tomorrow's.
    expect(new Date(nextTimeOfDay("14:30", "Europe/Berlin", at("2026-05-28T13:00:00Z"))).toISOString()).toBe("2026-05-29T12:30:00.000Z");
    // The night the clocks go back (25 October 2026): 09:00 is then UTC+1.
    expect(new Date(nextTimeOfDay("09:00", "Europe/Berlin", at("2026-10-24T22:30:00Z"))).toISOString()).toBe("2026-10-25T08:00:00.000Z");
    expect(new Date(nextTimeOfDay("00:15", "America/New_York", at("2026-01-10T04:00:00Z"))).toISOString()).toBe("2026-01-10T05:15:00.000Z");
    expect(errorCode(() => nextTimeOfDay("24:00", "Europe/Berlin", 0))).toBe("invalid");
    expect(errorCode(() => nextTimeOfDay("9:5", "Europe/Berlin", 0))).toBe("invalid");
  });

  it("turns a countdown into the instant it ends and leaves every other content as given", () => {
    const now = at("2026-05-28T10:00:00Z");
    expect(contentAt({ kind: "poll", pollId: "p1" }, now, "UTC")).toEqual({ kind: "poll", pollId: "p1" });
    expect(contentAt({ kind: "countdown", label: " Break ", durationSeconds: 900 }, now, "UTC")).toEqual({
      kind: "countdown",
      label: "Break",
      endsAt: "2026-05-28T10:15:00.000Z",
    });
    expect(contentAt({ kind: "countdown", label: "", at: "13:00" }, now, "Europe/Berlin")).toMatchObject({
      endsAt: "2026-05-28T11:00:00.000Z",
    });
    expect(errorCode(() => contentAt({ kind: "countdown", label: "", endsAt: "2026-05-28T09:59:00Z" }, now, "UTC"))).toBe("invalid");
    expect(errorCode(() => contentAt({ kind: "countdown", label: "", endsAt: "2026-05-29T10:00:01Z" }, now, "UTC"))).toBe("invalid");
  });
});
