import { describe, expect, it } from "vitest";
import { changesElectorate, electorateFrozen } from "../../src/domain/electorate.ts";

describe("frozen electorate", () => {
  it("counts a change when eligibility flips, an eligible weight changes, or someone eligible joins", () => {
    expect(changesElectorate(undefined, { weight: 1, eligible: true })).toBe(true);
    expect(changesElectorate({ weight: 1, eligible: true }, { weight: 2, eligible: true })).toBe(true);
    expect(changesElectorate({ weight: 1, eligible: true }, { weight: 1, eligible: false })).toBe(true);
    expect(changesElectorate({ weight: 3, eligible: false }, { weight: 3, eligible: true })).toBe(true);
  });

  it("leaves alone what does not touch the count or weight", () => {
    expect(changesElectorate(undefined, { weight: 5, eligible: false })).toBe(false);
    expect(changesElectorate({ weight: 1, eligible: true }, { weight: 1, eligible: true })).toBe(false);
    // The weight of someone without a vote counts nowhere.
    expect(changesElectorate({ weight: 1, eligible: false }, { weight: 7, eligible: false })).toBe(false);
  });

  it("refuses with electorate_frozen, naming the open polls", () => {
    const error = electorateFrozen([{ id: "p1", title: "Budget" }]);
    expect(error).toMatchObject({ code: "electorate_frozen", details: { polls: [{ id: "p1", title: "Budget" }] } });
    expect(error.message).toContain('"Budget"');
  });
});
