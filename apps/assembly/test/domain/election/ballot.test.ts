import { describe, expect, it } from "vitest";
import { validateElectionBallot, validateElectionChoice } from "../../../src/domain/election/ballot.ts";
import { type DomainErrorCode, isDomainError } from "../../../src/domain/errors.ts";
import { election } from "./fixtures.ts";

function field(action: () => unknown, code: DomainErrorCode = "invalid"): unknown {
  try {
    action();
  } catch (error) {
    if (isDomainError(error, code)) return (error.details as { field: string }).field;
    throw error;
  }
  throw new Error(`expected a DomainError ${code}`);
}

const yesNo = election(["a", "b", "c"], { seats: 2, method: { kind: "yes_no_abstain" }, allowSplit: true });
const ranked = election(["a", "b", "c"], { seats: 2, method: { kind: "stv" }, allowAbstain: false });

describe("election ballots", () => {
  it("normalises marks: candidate order, abstain-marks dropped, nothing marked becomes abstain", () => {
    expect(validateElectionChoice(yesNo, { kind: "marks", marks: { c: "no", a: "yes", b: "abstain" } })).toEqual({
      kind: "marks",
      marks: { a: "yes", c: "no" },
    });
    expect(validateElectionChoice(yesNo, { kind: "marks", marks: { a: "abstain" } })).toEqual({ kind: "abstain" });
  });

  it("rejects bad choices with field choice", () => {
    expect(field(() => validateElectionChoice(yesNo, { kind: "marks", marks: { a: "yes", b: "yes", c: "yes" } }))).toBe("choice");
    expect(field(() => validateElectionChoice(yesNo, { kind: "marks", marks: { zed: "yes" } }))).toBe("choice");
    expect(field(() => validateElectionChoice(yesNo, { kind: "marks", marks: { a: "maybe" as never } }))).toBe("choice");
    expect(field(() => validateElectionChoice(yesNo, { kind: "ranking", candidateIds: ["a"] }))).toBe("choice");
    expect(field(() => validateElectionChoice(ranked, { kind: "ranking", candidateIds: ["a", "a"] }))).toBe("choice");
    expect(field(() => validateElectionChoice(ranked, { kind: "ranking", candidateIds: [] }))).toBe("choice");
    expect(field(() => validateElectionChoice(ranked, { kind: "abstain" }))).toBe("choice");
    expect(field(() => validateElectionChoice(ranked, null as never))).toBe("choice");
  });

  it("keeps the order of a ranking, which carries its meaning", () => {
    expect(validateElectionChoice(ranked, { kind: "ranking", candidateIds: ["c", "a"] })).toEqual({
      kind: "ranking",
      candidateIds: ["c", "a"],
    });
  });

  it("checks the weight", () => {
    expect(field(() => validateElectionBallot(yesNo, { weight: 0, choice: { kind: "abstain" } }))).toBe("weight");
    expect(field(() => validateElectionBallot(yesNo, { weight: 1.5, choice: { kind: "abstain" } }))).toBe("weight");
  });

  it("split: parts must sum to the weight; equal choices merge; one part left becomes a plain ballot", () => {
    const split = validateElectionBallot(yesNo, {
      weight: 100,
      parts: [
        { weight: 30, choice: { kind: "marks", marks: { a: "no" } } },
        { weight: 50, choice: { kind: "marks", marks: { a: "yes" } } },
        { weight: 20, choice: { kind: "marks", marks: { a: "yes", b: "abstain" } } },
      ],
    });
    expect(split).toEqual({
      weight: 100,
      parts: [
        { weight: 30, choice: { kind: "marks", marks: { a: "no" } } },
        { weight: 70, choice: { kind: "marks", marks: { a: "yes" } } },
      ],
    });
    expect(
      validateElectionBallot(yesNo, {
        weight: 2,
        parts: [
          { weight: 1, choice: { kind: "abstain" } },
          { weight: 1, choice: { kind: "abstain" } },
        ],
      }),
    ).toEqual({ weight: 2, choice: { kind: "abstain" } });
    const parts = [
      { weight: 60, choice: { kind: "abstain" as const } },
      { weight: 30, choice: { kind: "marks" as const, marks: { a: "yes" as const } } },
    ];
    expect(field(() => validateElectionBallot(yesNo, { weight: 100, parts }), "split_mismatch")).toBe("parts");
    expect(field(() => validateElectionBallot(yesNo, { weight: 90, parts: [{ weight: 0, choice: { kind: "abstain" } }, ...parts] }))).toBe(
      "parts",
    );
    expect(field(() => validateElectionBallot(ranked, { weight: 90, parts }), "split_not_allowed")).toBe("parts");
  });
});
