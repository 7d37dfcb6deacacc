import { describe, expect, it } from "vitest";
import { countElection } from "../../../src/domain/election/count.ts";
import { ballot, election, ranked, resultOf } from "./fixtures.ts";

/** `weight` voters with the order spelled as one letter per candidate, e.g. "ACBED". */
const order = (weight: number, letters: string) => ranked(weight, ...letters.split(""));

describe("Schulze method", () => {
  it("Wikipedia, 'Schulze method' (Markus Schulze's example 1): 45 voters, 5 candidates, E > A > C > B > D", () => {
    const five = election(["A", "B", "C", "D", "E"], { method: { kind: "schulze" } });
    const ballots = [
      order(5, "ACBED"),
      order(5, "ADECB"),
      order(8, "BEDAC"),
      order(3, "CABED"),
      order(7, "CAEBD"),
      order(2, "CBADE"),
      order(7, "DCEBA"),
      order(8, "EBADC"),
    ];
    const result = resultOf("schulze", countElection(five, ballots, { seed: "s" }));
    expect(result.pairwise).toEqual([
      [0, 20, 26, 30, 22],
      [25, 0, 16, 33, 18],
      [19, 29, 0, 17, 24],
      [15, 12, 28, 0, 14],
      [23, 27, 21, 31, 0],
    ]);
    expect(result.strongestPaths).toEqual([
      [0, 28, 28, 30, 24],
      [25, 0, 28, 33, 24],
      [25, 29, 0, 29, 24],
      [25, 28, 28, 0, 24],
      [25, 28, 28, 31, 0],
    ]);
    expect(result.ranking).toEqual([["E"], ["A"], ["C"], ["B"], ["D"]]);
    expect(result.elected.map((seat) => seat.candidateId)).toEqual(["E"]);
    expect(result.ballots.valid).toEqual({ count: 8, weight: 45 });
  });

  it("Wikipedia, 'Condorcet method' (Tennessee capital): Nashville > Chattanooga > Knoxville > Memphis", () => {
    const tennessee = election(["Memphis", "Nashville", "Chattanooga", "Knoxville"], {
      seats: 2,
      ordered: true,
      method: { kind: "schulze" },
    });
    const ballots = [
      ranked(42, "Memphis", "Nashville", "Chattanooga", "Knoxville"),
      ranked(26, "Nashville", "Chattanooga", "Knoxville", "Memphis"),
      ranked(15, "Chattanooga", "Knoxville", "Nashville", "Memphis"),
      ranked(17, "Knoxville", "Chattanooga", "Nashville", "Memphis"),
    ];
    const result = resultOf("schulze", countElection(tennessee, ballots, { seed: "s" }));
    expect(result.pairwise).toEqual([
      [0, 42, 42, 42],
      [58, 0, 68, 68],
      [58, 32, 0, 83],
      [58, 32, 17, 0],
    ]);
    expect(result.strongestPaths).toEqual([
      [0, 0, 0, 0],
      [58, 0, 68, 68],
      [58, 0, 0, 83],
      [58, 0, 0, 0],
    ]);
    expect(result.ranking).toEqual([["Nashville"], ["Chattanooga"], ["Knoxville"], ["Memphis"]]);
    expect(result.elected).toEqual([
      { position: 1, candidateId: "Nashville", reserved: false },
      { position: 2, candidateId: "Chattanooga", reserved: false },
    ]);
  });

  it("reads tiers as equal ranks and leaves unranked candidates below the ranked ones", () => {
    const three = election(["A", "B", "C"], { method: { kind: "schulze" } });
    const result = resultOf(
      "schulze",
      countElection(three, [ballot(3, { kind: "tiers", tiers: [["A", "B"]] }), ranked(1, "B")], { seed: "s" }),
    );
    // A = B on three ballots: no preference between them; both above C. B alone above A and C on one.
    expect(result.pairwise).toEqual([
      [0, 0, 3],
      [1, 0, 4],
      [0, 0, 0],
    ]);
    expect(result.ranking).toEqual([["B"], ["A"], ["C"]]);
  });

  it("a Schulze tie at the seat goes to the tie rule, recorded with its seed", () => {
    const two = election(["A", "B"], { method: { kind: "schulze" } });
    const ballots = [ranked(2, "A", "B"), ranked(2, "B", "A")];
    const result = resultOf("schulze", countElection(two, ballots, { seed: "2026-convention" }));
    expect(result.ranking).toEqual([["A", "B"]]);
    expect(result.ties).toHaveLength(1);
    expect(result.ties[0]).toMatchObject({ tieId: "seat:1", kind: "seat", resolvedBy: "lot", candidateIds: ["A", "B"] });
    expect(result.elected.map((seat) => seat.candidateId)).toEqual([result.ties[0]!.order[0]]);
    expect(result.seed).toBe("2026-convention");
  });
});
