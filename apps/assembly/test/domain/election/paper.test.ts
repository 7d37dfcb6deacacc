import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type ElectionBallot, validateElectionBallot } from "../../../src/domain/election/ballot.ts";
import { countElection, type ElectionResult } from "../../../src/domain/election/count.ts";
import type { ElectionDefinition } from "../../../src/domain/election/definition.ts";
import { type ElectionPaperCounts, type PaperBallot, paperSummary, validateElectionPaper } from "../../../src/domain/election/paper.ts";
import { isDomainError } from "../../../src/domain/errors.ts";
import type { Total } from "../../../src/domain/tally.ts";
import { errorCode } from "../error-code.ts";
import { choicesByMethod, ids, methods } from "./arbitraries.ts";
import { abstain, approve, election, marks, ranked, resultOf, single } from "./fixtures.ts";

const add = (total: Total, weight: number, by = 1): Total => ({ count: total.count + by, weight: total.weight + weight * by });
const zero: Total = { count: 0, weight: 0 };
const sum = (ballots: readonly { weight: number }[]): Total => ballots.reduce<Total>((total, b) => add(total, b.weight), zero);

/**
 * What tellers would report for these paper ballots (all valid, never split)
 * plus `spoiled` invalid ones: the counts a chair enters, in the method's terms.
 */
function tellerCounts(definition: ElectionDefinition, ballots: readonly PaperBallot[], spoiled: readonly number[]): ElectionPaperCounts {
  const invalid = spoiled.reduce((total, weight) => add(total, weight), zero);
  const voters = add(sum(ballots), 0, 0);
  const totals = {
    voters: { count: voters.count + invalid.count, weight: voters.weight + invalid.weight },
    abstentions: sum(ballots.filter((b) => b.choice.kind === "abstain")),
    invalid,
  };
  const per = (pick: (ballot: PaperBallot, id: string) => number) =>
    definition.candidates.map(({ id }) =>
      ballots.reduce((total, b) => (pick(b, id) > 0 ? add(total, b.weight, pick(b, id)) : total), zero),
    );
  const kind = definition.method.kind;
  const withIds = <T>(values: T[]) => values.map((value, i) => ({ candidateId: definition.candidates[i]!.id, value }));
  switch (kind) {
    case "yes_no_abstain": {
      const mark = (b: PaperBallot, id: string) => (b.choice.kind === "marks" ? b.choice.marks[id] : undefined);
      const yes = per((b, id) => (mark(b, id) === "yes" ? 1 : 0));
      const no = per((b, id) => (mark(b, id) === "no" ? 1 : 0));
      return { kind, ...totals, candidates: withIds(yes).map(({ candidateId, value }, i) => ({ candidateId, yes: value, no: no[i]! })) };
    }
    case "approval":
      return {
        kind,
        ...totals,
        noToAll: sum(ballots.filter((b) => b.choice.kind === "no_to_all")),
        candidates: withIds(per((b, id) => (b.choice.kind === "approve" && b.choice.candidateIds.includes(id) ? 1 : 0))).map(
          ({ candidateId, value }) => ({ candidateId, approvals: value }),
        ),
      };
    case "cumulative":
      return {
        kind,
        ...totals,
        candidates: withIds(per((b, id) => (b.choice.kind === "distribute" ? (b.choice.votes[id] ?? 0) : 0))).map(
          ({ candidateId, value }) => ({ candidateId, votes: value }),
        ),
      };
    case "single_choice":
      return {
        kind,
        ...totals,
        candidates: withIds(per((b, id) => (b.choice.kind === "single" && b.choice.candidateId === id ? 1 : 0))).map(
          ({ candidateId, value }) => ({ candidateId, votes: value }),
        ),
      };
    default:
      throw new Error(`${kind} has no counts`);
  }
}

/** The result less its paper marker: what must equal a count of the same ballots all online. */
function withoutPaper(result: ElectionResult): ElectionResult {
  const { paper: _, ...rest } = result;
  return rest as ElectionResult;
}

const countable = methods.filter((method) => method.kind !== "stv" && method.kind !== "schulze");
const definitionArb = fc
  .tuple(fc.constantFrom(...countable), fc.integer({ min: 1, max: 3 }), fc.boolean(), fc.boolean())
  .map(([method, seats, ordered, abstentionsCount]) =>
    election(ids, {
      method,
      seats: method.kind === "single_choice" ? 1 : seats,
      ordered: ordered && method.kind !== "single_choice",
      abstentionsCount,
    }),
  );

/** Valid plain ballots of the election, normalised as the count would read them. */
function validBallots(definition: ElectionDefinition): fc.Arbitrary<PaperBallot[]> {
  const ballot = fc.record({ weight: fc.integer({ min: 1, max: 6 }), choice: choicesByMethod[definition.method.kind] });
  return fc.array(ballot, { maxLength: 25 }).map((ballots) =>
    ballots.flatMap((b) => {
      try {
        return [validateElectionBallot(definition, b) as PaperBallot];
      } catch (error) {
        if (isDomainError(error, "invalid")) return [];
        throw error;
      }
    }),
  );
}

const scenarioArb = definitionArb.chain((definition) =>
  fc.record({
    definition: fc.constant(definition),
    online: validBallots(definition),
    paper: validBallots(definition),
    spoiled: fc.array(fc.integer({ min: 1, max: 6 }), { maxLength: 4 }),
  }),
);

/** A paper ballot of one choice (the fixtures' ballots may be split; paper ones never are). */
const paperBallot = (b: ElectionBallot): PaperBallot => {
  if ("parts" in b) throw new Error("a paper ballot is never split");
  return b;
};

/** A ballot no non-ranked method takes: the count reads it as invalid, as tellers read a spoiled paper ballot. */
const spoiledBallot = (weight: number): ElectionBallot => ranked(weight, "a");

describe("election paper counts", () => {
  it("count exactly as the same ballots cast online (yes/no/abstain, approval, cumulative, single choice)", () => {
    fc.assert(
      fc.property(scenarioArb, ({ definition, online, paper, spoiled }) => {
        const counts = tellerCounts(definition, paper, spoiled);
        expect(validateElectionPaper(definition, counts)).toEqual(counts);
        const mixed = countElection(definition, online, { seed: "hall", paper: counts });
        const allOnline = countElection(definition, [...online, ...paper, ...spoiled.map(spoiledBallot)], { seed: "hall" });
        expect(withoutPaper(mixed)).toEqual(allOnline);
        expect(mixed.paper).toEqual(paperSummary(definition, counts));
        expect(mixed.paper?.total).toEqual(counts.voters);
      }),
      { numRuns: 300 },
    );
  });

  it("entered one by one count as the same ballots cast online, every method", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...methods).chain((method) => {
          const definition = election(ids, { method, seats: method.kind === "single_choice" ? 1 : 2 });
          return fc.tuple(fc.constant(definition), validBallots(definition), validBallots(definition));
        }),
        ([definition, online, paper]) => {
          const mixed = countElection(definition, online, { seed: "s", paper: { kind: "ballots", ballots: paper, invalid: zero } });
          expect(withoutPaper(mixed)).toEqual(countElection(definition, [...online, ...paper], { seed: "s" }));
          expect(mixed.paper?.total).toEqual(sum(paper));
        },
      ),
      { numRuns: 150 },
    );
  });

  it("adds up a yes/no/abstain hall count with the online ballots to the exact totals", () => {
    const definition = election(["a", "b"], { method: { kind: "yes_no_abstain" }, seats: 1 });
    const paper: ElectionPaperCounts = {
      kind: "yes_no_abstain",
      voters: { count: 10, weight: 12 },
      abstentions: { count: 1, weight: 1 },
      invalid: { count: 1, weight: 2 },
      candidates: [
        { candidateId: "a", yes: { count: 6, weight: 7 }, no: { count: 2, weight: 2 } },
        { candidateId: "b", yes: { count: 1, weight: 1 }, no: { count: 7, weight: 8 } },
      ],
    };
    const result = resultOf(
      "yes_no_abstain",
      countElection(definition, [marks(3, { a: "yes", b: "no" }), abstain(1)], {
        paper: validateElectionPaper(definition, paper),
        seed: "x",
      }),
    );
    expect(result.candidates).toEqual([
      { candidateId: "a", yes: 10, no: 2, abstain: 2, qualified: true },
      { candidateId: "b", yes: 1, no: 11, abstain: 2, qualified: false },
    ]);
    expect(result.ballots).toEqual({
      total: { count: 12, weight: 16 },
      valid: { count: 11, weight: 14 },
      invalid: { count: 1, weight: 2 },
      abstain: { count: 2, weight: 2 },
      base: 12,
    });
    expect(result.paper?.total).toEqual({ count: 10, weight: 12 });
    expect(result.elected.map((seat) => seat.candidateId)).toEqual(["a"]);
  });

  it("refuses counts for a ranked election: rankings are entered ballot by ballot", () => {
    for (const kind of ["stv", "schulze"] as const) {
      const definition = election(ids, { method: { kind } });
      const counts = { kind: "single_choice", voters: zero, abstentions: zero, invalid: zero, candidates: [] } as const;
      expect(errorCode(() => validateElectionPaper(definition, counts))).toBe("paper_counts_ranked");
    }
  });

  it("refuses counts that no set of valid ballots could give", () => {
    const approval = election(ids, { method: { kind: "approval", maxApprovals: 2 }, seats: 2, allowAbstain: false });
    const base = { kind: "approval" as const, voters: { count: 4, weight: 4 }, abstentions: zero, invalid: zero, noToAll: zero };
    const approvals = (count: number) => ({ candidateId: "a", approvals: { count, weight: count } });
    // Four ballots of at most two marks each cannot give nine approvals; a candidate cannot have five of four.
    const nine = ["a", "b", "c", "d", "e"].map((candidateId, i) => ({
      candidateId,
      approvals: i < 4 ? { count: 2, weight: 2 } : { count: 1, weight: 1 },
    }));
    expect(errorCode(() => validateElectionPaper(approval, { ...base, candidates: nine }))).toBe("paper_counts_inconsistent");
    expect(errorCode(() => validateElectionPaper(approval, { ...base, candidates: [approvals(5)] }))).toBe("paper_counts_inconsistent");
    expect(
      errorCode(() => validateElectionPaper(approval, { ...base, noToAll: { count: 1, weight: 1 }, candidates: [approvals(1)] })),
    ).toBe("paper_counts_inconsistent");
    expect(
      errorCode(() => validateElectionPaper(approval, { ...base, abstentions: { count: 1, weight: 1 }, candidates: [approvals(4)] })),
    ).toBe("paper_counts_inconsistent");
    expect(errorCode(() => validateElectionPaper(approval, { ...base, candidates: [{ candidateId: "z", approvals: zero }] }))).toBe(
      "invalid",
    );
    expect(errorCode(() => validateElectionPaper(approval, { ...base, kind: "cumulative", candidates: [] }))).toBe("invalid");
    const yesNo = election(ids, { method: { kind: "yes_no_abstain", maxYes: 1 } });
    const yes = (candidateId: string) => ({ candidateId, yes: { count: 1, weight: 1 }, no: zero });
    const twoYes = {
      kind: "yes_no_abstain" as const,
      voters: { count: 1, weight: 1 },
      abstentions: zero,
      invalid: zero,
      candidates: [yes("a"), yes("b")],
    };
    expect(errorCode(() => validateElectionPaper(yesNo, twoYes))).toBe("paper_counts_inconsistent");
    expect(errorCode(() => validateElectionPaper(yesNo, { ...twoYes, candidates: [] }))).toBe("paper_counts_inconsistent");
  });

  it("refuses a paper ballot the election does not take, naming it", () => {
    const definition = election(ids, { method: { kind: "stv" }, seats: 2 });
    const entry = { kind: "ballots" as const, ballots: [ranked(1, "a", "b"), approve(1, "a")].map(paperBallot), invalid: zero };
    expect(errorCode(() => validateElectionPaper(definition, entry))).toBe("invalid");
    expect(() => validateElectionPaper(definition, entry)).toThrow(/paper ballot 2/);
    expect(errorCode(() => validateElectionPaper(definition, { ...entry, ballots: [paperBallot(ranked(0, "a"))] }))).toBe("invalid");
    const plain = election(ids, { method: { kind: "single_choice" } });
    expect(
      validateElectionPaper(plain, { kind: "ballots", ballots: [paperBallot(single(2, "b"))], invalid: { count: 1, weight: 1 } }),
    ).toEqual({
      kind: "ballots",
      ballots: [paperBallot(single(2, "b"))],
      invalid: { count: 1, weight: 1 },
    });
  });
});
