import { describe, expect, it } from "vitest";
import { accountBallots, busiestWindow, rampSchedule, within } from "./accounting.ts";

describe("rampSchedule", () => {
  const ramp = { participants: 20_000, seconds: 300, peakCount: 2_000, peakSeconds: 10, peakAtSeconds: 120 };

  it("opens every link once within the ramp, in order", () => {
    const offsets = rampSchedule(ramp);
    expect(offsets).toHaveLength(20_000);
    expect(offsets.every((t, i) => t >= 0 && t < 300_000 && (i === 0 || t >= offsets[i - 1]!))).toBe(true);
  });

  it("puts the peak in its window and spreads the rest evenly outside it", () => {
    const offsets = rampSchedule(ramp);
    const inPeak = offsets.filter((t) => t >= 120_000 && t < 130_000).length;
    // The peak's own 2,000 plus none of the calm arrivals, which skip the window.
    expect(inPeak).toBe(2_000);
    // Any 10 s holds the peak and, at its edge, at most a calm neighbour or two.
    expect(busiestWindow(offsets, 10)).toBeGreaterThanOrEqual(2_000);
    expect(busiestWindow(offsets, 10)).toBeLessThan(2_005);
    const firstMinute = offsets.filter((t) => t < 60_000).length;
    expect(firstMinute).toBeCloseTo((18_000 * 60) / 290, -1);
  });

  it("refuses a peak outside the ramp", () => {
    expect(() => rampSchedule({ ...ramp, peakAtSeconds: 295 })).toThrow(RangeError);
  });
});

describe("busiestWindow", () => {
  it("counts the most starts within any window of that length", () => {
    // 100, 900, 1,000 and 1,050 lie within 1 s of each other.
    expect(busiestWindow([0, 100, 900, 1_000, 1_050, 5_000], 1)).toBe(4);
    expect(busiestWindow([], 1)).toBe(0);
  });
});

describe("within", () => {
  it("takes the samples from the phase's start up to, not including, its end", () => {
    const samples = [0, 5, 10, 15].map((t) => ({ t }));
    expect(within(samples, { name: "p", from: 5, to: 15 }).map((s) => s.t)).toEqual([5, 10]);
  });
});

describe("accountBallots", () => {
  it("is exact when the stored tally is the acknowledged ballots", () => {
    const account = accountBallots({ yes: 2, no: 1 }, {}, { yes: 2, no: 1, abstain: 0 });
    expect(account).toEqual({ acknowledged: 3, stored: 3, lost: 0, duplicated: 0, unacknowledgedStored: 0, exact: true });
  });

  it("counts an acknowledged ballot missing from the store as lost", () => {
    const account = accountBallots({ yes: 3, no: 1 }, {}, { yes: 2, no: 1 });
    expect(account.lost).toBe(1);
    expect(account.duplicated).toBe(0);
    expect(account.exact).toBe(false);
  });

  it("counts a stored ballot beyond the acknowledged and unanswered ones as duplicated", () => {
    const account = accountBallots({ yes: 2 }, { yes: 1 }, { yes: 4 });
    expect(account.duplicated).toBe(1);
    expect(account.unacknowledgedStored).toBe(1);
    expect(account.lost).toBe(0);
  });

  it("neither loses nor duplicates a ballot stored whose answer never came", () => {
    const account = accountBallots({ yes: 2 }, { yes: 1 }, { yes: 3 });
    expect(account).toMatchObject({ lost: 0, duplicated: 0, unacknowledgedStored: 1, exact: false });
  });

  it("does not let a surplus of one choice hide a loss of another", () => {
    const account = accountBallots({ yes: 2, no: 2 }, {}, { yes: 3, no: 1 });
    expect(account).toMatchObject({ acknowledged: 4, stored: 4, lost: 1, duplicated: 1, exact: false });
  });
});
