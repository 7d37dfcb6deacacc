import { describe, expect, it } from "vitest";
import { countElection, decideTie, type ElectionResult } from "../../../src/domain/election/count.ts";
import type { StvResult } from "../../../src/domain/election/stv.ts";
import { election, ranked, resultOf, times } from "./fixtures.ts";

/** The votes at the end of each stage, candidate by candidate, as the reference tables print them. */
function table(result: StvResult): Record<string, string[]> {
  const rows: Record<string, string[]> = {};
  for (const stage of result.stages) for (const s of stage.standings) (rows[s.candidateId] ??= []).push(s.votes);
  return rows;
}

const elected = (result: ElectionResult): string[] => result.elected.map((seat) => seat.candidateId);

describe("Scottish STV: published reference cases", () => {
  it("Wikipedia, 'Single transferable vote', the food election: 20 guests, 3 of 5 foods", () => {
    // Ballots and rounds as in the article's example (Droop quota 6): Chocolate elected in round 1,
    // its surplus goes to Strawberries and Sweets, Pears are excluded and Oranges reach the quota,
    // Sweets are excluded and Strawberries take the last seat.
    const food = election(["oranges", "pears", "chocolate", "strawberries", "sweets"], { seats: 3, method: { kind: "stv" } });
    const ballots = [
      ...times(4, () => ranked(1, "oranges")),
      ...times(2, () => ranked(1, "pears", "oranges")),
      ...times(8, () => ranked(1, "chocolate", "strawberries")),
      ...times(4, () => ranked(1, "chocolate", "sweets")),
      ranked(1, "strawberries"),
      ranked(1, "sweets"),
    ];
    const result = resultOf("stv", countElection(food, ballots, { seed: "food" }));
    expect(result.quota).toBe("6.00000");
    expect(table(result)).toEqual({
      oranges: ["4.00000", "4.00000", "6.00000", "6.00000"],
      pears: ["2.00000", "2.00000", "0.00000", "0.00000"],
      chocolate: ["12.00000", "6.00000", "6.00000", "6.00000"],
      strawberries: ["1.00000", "5.00000", "5.00000", "5.00000"],
      sweets: ["1.00000", "3.00000", "3.00000", "0.00000"],
    });
    expect(result.stages.map((s) => [s.action, s.from, s.elected, s.excluded])).toEqual([
      ["first_preferences", [], ["chocolate"], []],
      ["surplus", ["chocolate"], [], []],
      ["exclusion", ["pears"], ["oranges"], ["pears"]],
      ["exclusion", ["sweets"], ["strawberries"], ["sweets"]],
    ]);
    expect(result.stages[1]).toMatchObject({
      surplus: "6.00000",
      transfers: [
        { candidateId: "strawberries", votes: "4.00000" },
        { candidateId: "sweets", votes: "2.00000" },
      ],
      lostToRounding: "0.00000",
    });
    expect(result.stages[3]!.nonTransferable).toBe("3.00000");
    expect(elected(result)).toEqual(["chocolate", "oranges", "strawberries"]);
    expect(result.status).toBe("complete");
  });

  // Droop (Jonathan Lundell's STV package), rule "scotland", reference dumps test/ref/dump/<name>-scotland-fixed-p5-d5.txt.
  // Droop also numbers a round for a surplus of zero; the Order transfers only votes exceeding the quota
  // (rule 48(1)), so here such rounds do not exist and Droop's round r is our stage r + 1 where none occurred.
  it("Droop 42.blt (Castor, Pollux, Helen; 2 seats): transfer value 0.25, then rule 52", () => {
    const castor = election(["Castor", "Pollux", "Helen"], { seats: 2, method: { kind: "stv" } });
    const result = resultOf(
      "stv",
      countElection(castor, [...times(4, () => ranked(1, "Castor", "Pollux")), ...times(2, () => ranked(1, "Helen"))], { seed: "42" }),
    );
    expect(result.quota).toBe("3.00000");
    expect(table(result)).toEqual({
      Castor: ["4.00000", "3.00000", "3.00000"],
      Pollux: ["0.00000", "1.00000", "0.00000"],
      Helen: ["2.00000", "2.00000", "2.00000"],
    });
    expect(result.stages.map((s) => s.nonTransferableTotal)).toEqual(["0.00000", "0.00000", "1.00000"]);
    expect(elected(result)).toEqual(["Castor", "Helen"]);
  });

  it("Droop 513.blt (2 seats): transfer value 0.2, the excluded candidate's papers exhaust", () => {
    const castor = election(["Castor", "Pollux", "Helen"], { seats: 2, method: { kind: "stv" } });
    const ballots = [...times(5, () => ranked(1, "Castor", "Pollux")), ranked(1, "Pollux"), ...times(3, () => ranked(1, "Helen"))];
    const result = resultOf("stv", countElection(castor, ballots, { seed: "513" }));
    expect(result.quota).toBe("4.00000");
    expect(table(result)).toEqual({
      Castor: ["5.00000", "4.00000", "4.00000"],
      Pollux: ["1.00000", "2.00000", "0.00000"],
      Helen: ["3.00000", "3.00000", "3.00000"],
    });
    expect(result.stages[2]!.nonTransferable).toBe("2.00000");
    expect(elected(result)).toEqual(["Castor", "Helen"]);
  });

  it("Droop scotland/weak-defeat.blt: equal lowest, the one lower at the preceding stage is excluded (rule 51(2))", () => {
    const weak = election(["A", "B", "C", "D", "E"], { seats: 2, method: { kind: "stv" } });
    const ballots = [
      ranked(1, "A", "B"),
      ...times(2, () => ranked(1, "B")),
      ...times(3, () => ranked(1, "C")),
      ...times(4, () => ranked(1, "D")),
    ];
    const result = resultOf("stv", countElection(weak, [...ballots, ...times(5, () => ranked(1, "E"))], { seed: "weak" }));
    expect(result.quota).toBe("6.00000");
    expect(table(result)).toEqual({
      A: ["1.00000", "0.00000", "0.00000", "0.00000"],
      B: ["2.00000", "3.00000", "0.00000", "0.00000"],
      C: ["3.00000", "3.00000", "3.00000", "0.00000"],
      D: ["4.00000", "4.00000", "4.00000", "4.00000"],
      E: ["5.00000", "5.00000", "5.00000", "5.00000"],
    });
    expect(result.stages.map((s) => s.nonTransferableTotal)).toEqual(["0.00000", "0.00000", "3.00000", "6.00000"]);
    expect(result.ties).toEqual([
      { tieId: "exclusion:3", kind: "exclusion", at: 3, candidateIds: ["B", "C"], resolvedBy: "earlier_stage", order: ["C", "B"] },
    ]);
    expect(elected(result)).toEqual(["D", "E"]);
  });

  it("Droop scotland/weak-surplus.blt: surplus 0.2 per paper elects C; E and F equal at every stage go to the tie rule", () => {
    const weak = election(["A", "B", "C", "D", "E", "F"], { seats: 4, method: { kind: "stv" }, tieRule: { kind: "chair" } });
    const ballots = [
      ...times(10, () => ranked(1, "A", "C")),
      ...times(8, () => ranked(1, "B")),
      ...times(6, () => ranked(1, "C")),
      ...times(5, () => ranked(1, "D")),
      ...times(3, () => ranked(1, "E", "D")),
      ...times(3, () => ranked(1, "F", "D")),
    ];
    const pending = resultOf("stv", countElection(weak, ballots));
    expect(pending.status).toBe("tie_pending");
    expect(pending.pendingTie).toEqual({ tieId: "exclusion:3", kind: "exclusion", at: 3, candidateIds: ["E", "F"] });
    expect(elected(pending)).toEqual(["A", "B", "C"]);
    // Droop's lot excluded E; the chair's decision (F favoured, E last) reproduces its count.
    const result = resultOf("stv", decideTie(weak, ballots, pending, ["F", "E"]));
    expect(result.quota).toBe("8.00000");
    expect(table(result)).toEqual({
      A: ["10.00000", "8.00000", "8.00000"],
      B: ["8.00000", "8.00000", "8.00000"],
      C: ["6.00000", "8.00000", "8.00000"],
      D: ["5.00000", "5.00000", "8.00000"],
      E: ["3.00000", "3.00000", "0.00000"],
      F: ["3.00000", "3.00000", "3.00000"],
    });
    expect(result.ties).toEqual([
      { tieId: "exclusion:3", kind: "exclusion", at: 3, candidateIds: ["E", "F"], resolvedBy: "chair", order: ["F", "E"] },
    ]);
    expect(elected(result)).toEqual(["A", "B", "C", "D"]);
    expect(result.status).toBe("complete");
  });
});

describe("Scottish STV: arithmetic", () => {
  it("truncates each transfer value to five decimals and reports what truncation lost", () => {
    const e = election(["A", "B", "C"], { seats: 2, method: { kind: "stv" } });
    const ballots = [...times(7, () => ranked(1, "A", "B")), ...times(2, () => ranked(1, "B")), ...times(3, () => ranked(1, "C"))];
    const result = resultOf("stv", countElection(e, ballots, { seed: "s" }));
    // quota ⌊12/3⌋+1 = 5; surplus 2 over 7 papers: 2/7 = 0.285714… → 0.28571 each, 7 × 0.28571 = 1.99997.
    expect(result.stages[1]).toMatchObject({
      surplus: "2.00000",
      transfers: [{ candidateId: "B", votes: "1.99997" }],
      lostToRounding: "0.00003",
    });
    expect(table(result).B).toEqual(["2.00000", "3.99997", "3.99997"]);
    expect(elected(result)).toEqual(["A", "B"]);
  });

  it("a later surplus carries each paper at its received value (rule 48(4))", () => {
    const e = election(["A", "B", "C", "D"], { seats: 3, method: { kind: "stv" } });
    const ballots = [
      ...times(10, () => ranked(1, "A", "B", "C")),
      ...times(4, () => ranked(1, "B", "C")),
      ...times(3, () => ranked(1, "C")),
      ...times(3, () => ranked(1, "D")),
    ];
    const result = resultOf("stv", countElection(e, ballots, { seed: "s" }));
    // A: 4 × 1 / 10 = 0.4 per paper → B 8. B: papers from A at 2 × 0.4 / 8 = 0.1, own at 2 × 1 / 8 = 0.25.
    expect(table(result)).toEqual({
      A: ["10.00000", "6.00000", "6.00000", "6.00000"],
      B: ["4.00000", "8.00000", "6.00000", "6.00000"],
      C: ["3.00000", "3.00000", "5.00000", "5.00000"],
      D: ["3.00000", "3.00000", "3.00000", "0.00000"],
    });
    expect(elected(result)).toEqual(["A", "B", "C"]);
  });

  it("a ballot of weight w counts exactly as w ballots, down to the last decimal", () => {
    const e = election(["A", "B", "C"], { seats: 2, method: { kind: "stv" } });
    const weighted = resultOf("stv", countElection(e, [ranked(7, "A", "B"), ranked(2, "B"), ranked(3, "C")], { seed: "s" }));
    const units = resultOf(
      "stv",
      countElection(e, [...times(7, () => ranked(1, "A", "B")), ...times(2, () => ranked(1, "B")), ...times(3, () => ranked(1, "C"))], {
        seed: "s",
      }),
    );
    expect({ ...weighted, ballots: null }).toEqual({ ...units, ballots: null });
    expect(weighted.ballots.valid).toEqual({ count: 3, weight: 12 });
  });

  it("elects nobody from an empty ballot box", () => {
    const e = election(["A", "B"], { seats: 1, method: { kind: "stv" } });
    const result = countElection(e, [], { seed: "s" });
    expect(result.elected).toEqual([]);
    expect(result.vacantSeats).toBe(1);
  });

  it("counts abstaining ballots but leaves them out of the quota", () => {
    const e = election(["A", "B"], { seats: 1, method: { kind: "stv" } });
    const result = resultOf(
      "stv",
      countElection(e, [ranked(3, "A"), ranked(2, "B"), { weight: 4, choice: { kind: "abstain" } }], { seed: "s" }),
    );
    expect(result.quota).toBe("3.00000");
    expect(result.ballots.abstain).toEqual({ count: 1, weight: 4 });
    expect(elected(result)).toEqual(["A"]);
  });
});
