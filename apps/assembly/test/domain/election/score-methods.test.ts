import { describe, expect, it } from "vitest";
import type { ApprovalResult } from "../../../src/domain/election/approval.ts";
import { countElection, type ElectionResult } from "../../../src/domain/election/count.ts";
import type { CumulativeResult } from "../../../src/domain/election/cumulative.ts";
import { abstain, approve, ballot, distribute, election, marks, resultOf } from "./fixtures.ts";

const elected = (result: ElectionResult): string[] => result.elected.map((seat) => seat.candidateId);

describe("yes / no / abstain per candidate", () => {
  const board = (requirement: object) =>
    election(["ada", "ben", "cy"], { seats: 2, method: { kind: "yes_no_abstain", requirement: requirement as never } });
  const ballots = [
    marks(40, { ada: "yes", ben: "yes", cy: "no" }),
    marks(30, { ada: "no", ben: "yes", cy: "yes" }),
    marks(20, { ada: "yes", cy: "yes" }),
    abstain(10),
  ];

  it("reports yes, no and abstain per candidate; unmarked and whole abstentions count as abstain", () => {
    const result = resultOf("yes_no_abstain", countElection(board({ kind: "yes_over_no" }), ballots, { seed: "s" }));
    expect(result.candidates).toEqual([
      { candidateId: "ada", yes: 60, no: 30, abstain: 10, qualified: true },
      { candidateId: "ben", yes: 70, no: 0, abstain: 30, qualified: true },
      { candidateId: "cy", yes: 50, no: 40, abstain: 10, qualified: true },
    ]);
    expect(elected(result)).toEqual(["ben", "ada"]);
    expect(result.ballots).toMatchObject({ valid: { count: 4, weight: 100 }, abstain: { count: 1, weight: 10 }, base: 90 });
  });

  it("majority of valid ballots: yes must exceed half the base (abstaining ballots in it only when they count)", () => {
    // base 90: ada 60 ✓, ben 70 ✓, cy 50 ✓ (> 45); with abstentions counting, base 100: cy 50 fails.
    expect(elected(countElection(board({ kind: "majority_of_valid" }), ballots, { seed: "s" }))).toEqual(["ben", "ada"]);
    const counting = election(["ada", "ben", "cy"], {
      seats: 3,
      abstentionsCount: true,
      method: { kind: "yes_no_abstain", requirement: { kind: "majority_of_valid" } },
    });
    const result = resultOf("yes_no_abstain", countElection(counting, ballots, { seed: "s" }));
    expect(result.candidates.map((c) => c.qualified)).toEqual([true, true, false]);
    expect(elected(result)).toEqual(["ben", "ada"]);
    expect(result.vacantSeats).toBe(1);
  });

  it("threshold: exactly at the fraction qualifies", () => {
    const twoThirds = election(["ada", "ben"], {
      seats: 2,
      method: { kind: "yes_no_abstain", requirement: { kind: "threshold", numerator: 2, denominator: 3 } },
    });
    const result = resultOf(
      "yes_no_abstain",
      countElection(twoThirds, [marks(2, { ada: "yes", ben: "yes" }), marks(1, { ada: "no" })], { seed: "s" }),
    );
    expect(result.candidates.map((c) => c.qualified)).toEqual([true, true]);
    const below = resultOf(
      "yes_no_abstain",
      countElection(twoThirds, [marks(199, { ada: "yes" }), marks(101, { ada: "no" })], { seed: "s" }),
    );
    expect(below.candidates[0]!.qualified).toBe(false);
  });

  it("a tie at the cut is drawn by lot from the seed, the same every time", () => {
    const e = election(["ada", "ben", "cy"], { seats: 1, method: { kind: "yes_no_abstain", maxYes: 3 } });
    const tied = [marks(5, { ada: "yes", ben: "yes" }), marks(1, { cy: "yes" })];
    const first = countElection(e, tied, { seed: "seed-1" });
    expect(first.ballots.invalid.count).toBe(0);
    expect(first.ties).toEqual([
      { tieId: "seat:1", kind: "seat", at: 1, candidateIds: ["ada", "ben"], resolvedBy: "lot", order: first.ties[0]!.order },
    ]);
    expect(countElection(e, [...tied].reverse(), { seed: "seed-1" })).toEqual(first);
    const winners = new Set(["a", "b", "c", "d", "e", "f", "g", "h"].map((seed) => elected(countElection(e, tied, { seed }))[0]));
    expect(winners).toEqual(new Set(["ada", "ben"]));
  });
});

describe("approval (block vote)", () => {
  const block = election(["a", "b", "c", "d"], {
    seats: 2,
    method: { kind: "approval", maxApprovals: 2, allowNoToAll: true, requirement: { kind: "majority_of_valid" } },
  });

  it("elects the most approved meeting the share; no-to-all ballots are valid and in the base", () => {
    const result = countElection(block, [approve(6, "a", "b"), approve(3, "b", "c"), ballot(2, { kind: "no_to_all" })], {
      seed: "s",
    }) as ApprovalResult;
    expect(result.candidates.map((c) => [c.candidateId, c.approvals, c.qualified])).toEqual([
      ["a", 6, true],
      ["b", 9, true],
      ["c", 3, false],
      ["d", 0, false],
    ]);
    expect(result.noToAll).toEqual({ count: 1, weight: 2 });
    expect(result.ballots.base).toBe(11);
    expect(elected(result)).toEqual(["b", "a"]);
  });

  it("ballots marking too many, too few or unknown candidates are invalid and counted as such", () => {
    const result = countElection(block, [approve(1, "a", "b", "c"), approve(1), approve(1, "zed"), approve(4, "a")], { seed: "s" });
    expect(result.ballots.invalid).toEqual({ count: 3, weight: 3 });
    expect(result.ballots.valid).toEqual({ count: 1, weight: 4 });
  });

  it("a minimum number of marks is enforced", () => {
    const strict = election(["a", "b", "c"], { seats: 2, method: { kind: "approval", minApprovals: 2 } });
    const result = countElection(strict, [approve(1, "a"), approve(1, "a", "b")], { seed: "s" });
    expect(result.ballots.invalid.count).toBe(1);
  });
});

describe("cumulative", () => {
  const council = election(["a", "b", "c"], { seats: 2, method: { kind: "cumulative", votesPerBallot: 3, maxPerCandidate: 2 } });

  it("weights every vote by its ballot's weight", () => {
    const result = countElection(council, [distribute(10, { a: 2, b: 1 }), distribute(5, { c: 2 }), distribute(1, { b: 2, c: 1 })], {
      seed: "s",
    }) as CumulativeResult;
    expect(result.candidates).toEqual([
      { candidateId: "a", votes: 20 },
      { candidateId: "b", votes: 12 },
      { candidateId: "c", votes: 11 },
    ]);
    expect(elected(result)).toEqual(["a", "b"]);
  });

  it("more than the limit per candidate or in total is invalid", () => {
    const result = countElection(council, [distribute(1, { a: 3 }), distribute(1, { a: 2, b: 2 }), distribute(1, { a: -1 })], {
      seed: "s",
    });
    expect(result.ballots.invalid.count).toBe(3);
  });
});
