import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { NewCandidate } from "../../../src/domain/election/candidate.ts";
import { countElection, type ElectionResult } from "../../../src/domain/election/count.ts";
import { approve, distribute, election, marks, ranked, times } from "./fixtures.ts";

const people = (spec: string): NewCandidate[] =>
  spec.split(" ").map((entry) => {
    const [id, gender] = entry.split(":");
    return { id: id!, name: id!, gender: gender ?? null };
  });
const elected = (result: ElectionResult): string[] => result.elected.map((seat) => seat.candidateId);

describe("group constraints", () => {
  const minimumWomen = { kind: "minimum", attribute: "gender", value: "f", minSeats: 2, ifShort: "vacant" } as const;

  it("minimum: reserved seats first from the group in result order, then the rest", () => {
    const e = election(people("m1:m m2:m m3:m f1:f f2:f"), {
      seats: 3,
      constraint: minimumWomen,
      method: { kind: "approval", maxApprovals: 3 },
    });
    const result = countElection(e, [approve(10, "m1", "m2", "m3"), approve(1, "m1"), approve(4, "f1"), approve(3, "f2")], { seed: "s" });
    expect(elected(result)).toEqual(["m1", "f1", "f2"]);
    expect(result.elected.map((seat) => seat.reserved)).toEqual([false, true, true]);
  });

  it("minimum: a reserved seat no woman can take stays vacant, or opens with ifShort open", () => {
    const ballots = [
      marks(10, { m1: "yes", m2: "yes", m3: "yes" }),
      marks(2, { m1: "yes", m2: "yes" }),
      marks(1, { m1: "yes" }),
      marks(4, { f1: "yes", f2: "no" }),
    ];
    const candidates = people("m1:m m2:m m3:m f1:f f2:f");
    const vacant = election(candidates, { seats: 3, constraint: minimumWomen, method: { kind: "yes_no_abstain" } });
    const result = countElection(vacant, ballots, { seed: "s" });
    expect(elected(result)).toEqual(["m1", "f1"]);
    expect(result.vacantSeats).toBe(1);
    const open = election(candidates, { seats: 3, constraint: { ...minimumWomen, ifShort: "open" }, method: { kind: "yes_no_abstain" } });
    expect(elected(countElection(open, ballots, { seed: "s" }))).toEqual(["m1", "m2", "f1"]);
  });

  it("reserved positions (Reißverschluss): odd positions for women, even open to all", () => {
    const zipper = { kind: "reserved_positions", attribute: "gender", value: "f", positions: "odd", ifShort: "vacant" } as const;
    const e = election(people("m1:m m2:m f1:f f2:f f3:f"), {
      seats: 4,
      constraint: zipper,
      method: { kind: "cumulative", votesPerBallot: 5, maxPerCandidate: 5 },
    });
    const ballots = [
      distribute(1, { m1: 5 }),
      distribute(1, { m2: 4 }),
      distribute(1, { f1: 3 }),
      distribute(1, { f2: 2 }),
      distribute(1, { f3: 1 }),
    ];
    const result = countElection(e, ballots, { seed: "s" });
    expect(result.elected).toEqual([
      { position: 1, candidateId: "f1", reserved: true },
      { position: 2, candidateId: "m1", reserved: false },
      { position: 3, candidateId: "f2", reserved: true },
      { position: 4, candidateId: "m2", reserved: false },
    ]);
  });

  it("reserved positions with no woman left: the position stays vacant and the list keeps its numbering", () => {
    const zipper = { kind: "reserved_positions", attribute: "gender", value: "f", positions: "odd", ifShort: "vacant" } as const;
    const e = election(people("m1:m m2:m f1:f"), { seats: 3, constraint: zipper, method: { kind: "approval", maxApprovals: 3 } });
    const result = countElection(e, [approve(3, "m1", "m2", "f1"), approve(1, "m1")], { seed: "s" });
    expect(result.elected.map((seat) => [seat.position, seat.candidateId])).toEqual([
      [1, "f1"],
      [2, "m1"],
    ]);
    expect(result.vacantSeats).toBe(1);
  });

  it("STV: once the remaining seats must go to women, the other continuing candidates are excluded", () => {
    const e = election(people("m1:m m2:m m3:m f1:f f2:f"), { seats: 3, constraint: minimumWomen, method: { kind: "stv" } });
    const ballots = [
      ...times(9, () => ranked(1, "m1", "m2")),
      ...times(5, () => ranked(1, "m2")),
      ...times(4, () => ranked(1, "m3")),
      ranked(2, "f1"),
      ranked(1, "f2"),
    ];
    const result = countElection(e, ballots, { seed: "s" });
    if (result.method !== "stv") throw new Error(result.method);
    expect(elected(result).sort()).toEqual(["f1", "f2", "m1"]);
    const constraintStage = result.stages.find((stage) => stage.action === "constraint_exclusion");
    expect([...(constraintStage?.from ?? [])].sort()).toEqual(["m2", "m3"]);
  });

  it("property: with enough qualified group candidates every constraint is met and no more than the seats are filled", () => {
    const genders = fc.array(fc.constantFrom("f", "m"), { minLength: 3, maxLength: 7 });
    fc.assert(
      fc.property(
        genders,
        fc.integer({ min: 1, max: 3 }),
        fc.constantFrom("approval" as const, "stv" as const, "yes_no_abstain" as const),
        fc.array(fc.tuple(fc.integer({ min: 1, max: 20 }), fc.array(fc.nat(6), { minLength: 1, maxLength: 4 })), {
          minLength: 1,
          maxLength: 25,
        }),
        (genderList, seatWish, method, raw) => {
          const candidates = genderList.map((gender, i) => ({ id: `c${i}`, name: `c${i}`, gender }));
          const women = candidates.filter((c) => c.gender === "f");
          const seats = Math.min(seatWish, candidates.length);
          const minSeats = Math.max(1, Math.ceil(seats / 2));
          const e = election(candidates, {
            seats,
            constraint: { kind: "minimum", attribute: "gender", value: "f", minSeats, ifShort: "vacant" },
            method:
              method === "approval"
                ? { kind: "approval", maxApprovals: candidates.length }
                : method === "stv"
                  ? { kind: "stv" }
                  : { kind: "yes_no_abstain", maxYes: candidates.length },
          });
          const ballots = raw.map(([weight, picks]) => {
            const ids = [...new Set(picks.map((p) => `c${p % candidates.length}`))];
            if (method === "approval") return approve(weight, ...ids);
            if (method === "stv") return ranked(weight, ...ids);
            return marks(weight, Object.fromEntries(ids.map((id) => [id, "yes" as const])));
          });
          const result = countElection(e, ballots, { seed: "p" });
          expect(result.elected.length + result.vacantSeats).toBeLessThanOrEqual(seats);
          const electedWomen = result.elected.filter((seat) => women.some((w) => w.id === seat.candidateId)).length;
          // STV elects every woman standing when needed; score methods only those with any support.
          const supported =
            method === "stv"
              ? women.length
              : women.filter((w) => ballots.some((b) => "choice" in b && JSON.stringify(b.choice).includes(`"${w.id}"`))).length;
          expect(electedWomen).toBeGreaterThanOrEqual(Math.min(minSeats, supported));
        },
      ),
    );
  });
});
