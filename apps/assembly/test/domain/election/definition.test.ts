import { describe, expect, it } from "vitest";
import { type NewElection, validateElection } from "../../../src/domain/election/definition.ts";
import { isDomainError } from "../../../src/domain/errors.ts";

function field(input: NewElection): unknown {
  try {
    validateElection(input);
  } catch (error) {
    if (isDomainError(error, "invalid")) return (error.details as { field: string }).field;
    throw error;
  }
  throw new Error("expected an invalid DomainError");
}

const candidates = [{ name: "Ada" }, { name: "Ben", gender: "m" }, { id: "cy", name: "Cy", gender: "f", statement: "Hello" }];

describe("election definitions", () => {
  it("fills defaults and survives JSON", () => {
    const definition = validateElection({ title: " Board ", seats: 2, candidates, method: { kind: "approval" } });
    expect(definition).toMatchObject({
      title: "Board",
      seats: 2,
      method: { kind: "approval", minApprovals: 1, maxApprovals: 2, allowNoToAll: false, requirement: { kind: "none" } },
      tieRule: { kind: "lot" },
      constraint: null,
      allowSplit: false,
      allowAbstain: true,
      abstentionsCount: false,
      ordered: false,
      round: 1,
    });
    expect(definition.candidates.map((c) => [c.id, c.gender, c.statement])).toEqual([
      ["c1", null, ""],
      ["c2", "m", ""],
      ["cy", "f", "Hello"],
    ]);
    expect(JSON.parse(JSON.stringify(definition))).toEqual(definition);
    expect(validateElection({ title: "T", candidates, method: { kind: "yes_no_abstain" } }).method).toEqual({
      kind: "yes_no_abstain",
      requirement: { kind: "yes_over_no" },
      maxYes: 1,
    });
    expect(validateElection({ title: "T", candidates, method: { kind: "single_choice" } }).method).toEqual({
      kind: "single_choice",
      requirement: { kind: "majority_of_valid" },
      runoffSize: 2,
      runoffRequirement: { kind: "none" },
    });
  });

  it("reserved positions make the election ordered", () => {
    const zipper = { kind: "reserved_positions", attribute: "gender", value: "f", positions: "odd", ifShort: "vacant" } as const;
    expect(validateElection({ title: "List", seats: 3, candidates, method: { kind: "schulze" }, constraint: zipper }).ordered).toBe(true);
  });

  it("rejects what cannot be counted", () => {
    const base = { title: "T", candidates, method: { kind: "approval" } } as const;
    expect(field({ ...base, seats: 4 })).toBe("seats");
    expect(field({ ...base, seats: 0 })).toBe("seats");
    expect(field({ ...base, candidates: [] })).toBe("candidates");
    expect(
      field({
        ...base,
        candidates: [
          { id: "x", name: "A" },
          { id: "x", name: "B" },
        ],
      }),
    ).toBe("candidates");
    expect(field({ ...base, candidates: [{ id: "a b", name: "A" }] })).toBe("candidates");
    expect(field({ ...base, method: { kind: "borda" as never } })).toBe("method");
    expect(field({ ...base, method: { kind: "approval", minApprovals: 2, maxApprovals: 1 } })).toBe("minApprovals");
    expect(field({ ...base, method: { kind: "approval", requirement: { kind: "yes_over_no" } } })).toBe("requirement");
    expect(field({ ...base, method: { kind: "yes_no_abstain", requirement: { kind: "threshold", numerator: 3, denominator: 2 } } })).toBe(
      "requirement",
    );
    expect(field({ ...base, method: { kind: "cumulative", votesPerBallot: 2, maxPerCandidate: 3 } })).toBe("maxPerCandidate");
    expect(field({ ...base, seats: 2, method: { kind: "single_choice" } })).toBe("seats");
    expect(field({ ...base, tieRule: { kind: "coin" as never } })).toBe("tieRule");
    expect(field({ ...base, constraint: { kind: "minimum", attribute: "gender", value: "f", minSeats: 2, ifShort: "vacant" } })).toBe(
      "constraint",
    );
    expect(field({ ...base, constraint: { kind: "minimum", attribute: "age" as never, value: "f", minSeats: 1, ifShort: "vacant" } })).toBe(
      "constraint",
    );
    expect(
      field({
        ...base,
        seats: 2,
        method: { kind: "stv" },
        constraint: { kind: "reserved_positions", attribute: "gender", value: "f", positions: "odd", ifShort: "vacant" },
      }),
    ).toBe("constraint");
    expect(field({ ...base, method: { kind: "stv" }, ordered: true })).toBe("ordered");
  });
});
