import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { CountedBallot } from "../../src/domain/ballot.ts";
import type { MajorityRule, PollOption, Quorum } from "../../src/domain/poll.ts";
import {
  meetsMajority,
  sumBallots,
  tally,
  tallyTotals,
  turnoutExceedsEligible,
  type BallotTotals,
  type TalliedPoll,
  type Total,
} from "../../src/domain/tally.ts";
import { motion } from "./tallied-poll.fixture.ts";

const yes = (weight: number): CountedBallot => ({ choice: { kind: "options", optionIds: ["yes"] }, weight });
const no = (weight: number): CountedBallot => ({ choice: { kind: "options", optionIds: ["no"] }, weight });
const abstain = (weight: number): CountedBallot => ({ choice: { kind: "abstain" }, weight });

const threeOptions: readonly PollOption[] = [
  { id: "a", label: "A" },
  { id: "b", label: "B" },
  { id: "c", label: "C" },
];
const pick = (weight: number, ...optionIds: string[]): CountedBallot => ({ choice: { kind: "options", optionIds }, weight });

describe("tally: rules at their boundaries", () => {
  it("simple majority: a tie fails, one more yes passes", () => {
    expect(tally(motion({ kind: "simple" }), [yes(5), no(5)]).outcome).toBe("failed");
    expect(tally(motion({ kind: "simple" }), [yes(6), no(5)]).outcome).toBe("passed");
  });

  it("simple majority ignores abstentions unless they count", () => {
    const ballots = [yes(6), no(5), abstain(3)];
    expect(tally(motion({ kind: "simple" }), ballots).passed).toBe(true);
    const counted = tally(motion({ kind: "simple" }, { abstentionsCount: true }), ballots);
    expect(counted.base).toBe(14);
    expect(counted.passed).toBe(false);
  });

  it("two thirds: exactly two thirds passes, just below fails", () => {
    expect(tally(motion({ kind: "two_thirds" }), [yes(2), no(1)]).passed).toBe(true);
    expect(tally(motion({ kind: "two_thirds" }, { eligibleWeight: 300 }), [yes(200), no(100)]).passed).toBe(true);
    expect(tally(motion({ kind: "two_thirds" }, { eligibleWeight: 300 }), [yes(199), no(100)]).passed).toBe(false);
    // 2/3 of 3n+1 is not an integer: 2n+1 of 3n+1 passes, 2n does not.
    expect(tally(motion({ kind: "two_thirds" }), [yes(21), no(10)]).passed).toBe(true);
    expect(tally(motion({ kind: "two_thirds" }), [yes(20), no(11)]).passed).toBe(false);
  });

  it("absolute majority: exactly half of the eligible weight fails, more passes", () => {
    expect(tally(motion({ kind: "absolute" }), [yes(50)]).passed).toBe(false);
    expect(tally(motion({ kind: "absolute" }), [yes(51), no(1)]).passed).toBe(true);
    expect(tally(motion({ kind: "absolute" }, { eligibleWeight: null }), [yes(51)]).passed).toBe(false);
  });

  it("custom threshold: exactly at the fraction passes", () => {
    const threeFifths: MajorityRule = { kind: "threshold", numerator: 3, denominator: 5 };
    expect(tally(motion(threeFifths), [yes(3), no(2)]).passed).toBe(true);
    expect(tally(motion(threeFifths), [yes(299_999), no(200_001)]).passed).toBe(false);
  });

  it("no votes never pass, whatever the rule", () => {
    for (const rule of [
      { kind: "simple" },
      { kind: "two_thirds" },
      { kind: "threshold", numerator: 1, denominator: 3 },
    ] as MajorityRule[]) {
      expect(tally(motion(rule), []).passed).toBe(false);
      expect(tally(motion(rule), [abstain(4)]).passed).toBe(false);
    }
  });

  it("quorum by fraction: exactly at it is met; below, nothing passes", () => {
    const quorum: Quorum = { kind: "fraction", numerator: 1, denominator: 3 };
    const met = tally(motion({ kind: "simple" }, { quorum, eligibleWeight: 30 }), [yes(8), abstain(2)]);
    expect(met.quorum).toEqual({ requiredWeight: 10, met: true });
    expect(met.outcome).toBe("passed");
    const missed = tally(motion({ kind: "simple" }, { quorum, eligibleWeight: 31 }), [yes(8), abstain(2)]);
    expect(missed.quorum).toEqual({ requiredWeight: 11, met: false });
    expect(missed.outcome).toBe("no_quorum");
    expect(missed.winners).toEqual([]);
  });

  it("quorum by weight counts abstentions in turnout", () => {
    const result = tally(motion({ kind: "simple" }, { quorum: { kind: "weight", minWeight: 10 } }), [yes(3), abstain(7)]);
    expect(result.quorum.met).toBe(true);
    expect(result.turnout).toEqual({ count: 2, weight: 10 });
  });

  it("weights are exact beyond float precision of products", () => {
    const big = 1_000_000_000;
    const result = tally(motion({ kind: "two_thirds" }, { eligibleWeight: 6 * big }), [yes(2 * big), yes(2 * big), no(big), no(big)]);
    expect(result.passed).toBe(true);
    expect(result.options.map((o) => o.weight)).toEqual([4 * big, 2 * big]);
  });
});

describe("tally: integrity against the frozen electorate", () => {
  it("flags more weight than the eligible weight, and the verdict is inconsistent, never passed", () => {
    // Two ballots carrying 1,000,000,001 against an eligible weight of 25: a weight raised after the poll froze it.
    const result = tally(motion({ kind: "absolute" }, { eligibleCount: 25, eligibleWeight: 25 }), [yes(1_000_000_000), yes(1)]);
    expect(result.integrity).toEqual({ turnoutExceedsEligible: true });
    expect(result).toMatchObject({ outcome: "inconsistent", passed: false, winners: [] });
    // The totals stay visible, so the chairs can see what went wrong.
    expect(result.options[0]).toMatchObject({ optionId: "yes", count: 2, weight: 1_000_000_001 });
  });

  it("flags more ballots than eligible participants even when the weight fits", () => {
    const result = tally(motion({ kind: "simple" }, { eligibleCount: 2, eligibleWeight: 100 }), [yes(1), yes(1), no(1)]);
    expect(result.integrity.turnoutExceedsEligible).toBe(true);
    expect(result.outcome).toBe("inconsistent");
  });

  it("accepts a turnout of exactly the whole electorate, and polls never opened", () => {
    const full = tally(motion({ kind: "simple" }, { eligibleCount: 2, eligibleWeight: 5 }), [yes(3), no(2)]);
    expect(full).toMatchObject({ integrity: { turnoutExceedsEligible: false }, outcome: "passed" });
    const unopened = tally(motion({ kind: "simple" }, { eligibleCount: null, eligibleWeight: null }), []);
    expect(unopened.integrity.turnoutExceedsEligible).toBe(false);
  });

  it("compares exactly, beyond float precision", () => {
    const limit = 2 ** 53;
    expect(turnoutExceedsEligible({ count: 1, weight: BigInt(limit) + 1n }, { count: 1, weight: limit })).toBe(true);
    expect(turnoutExceedsEligible({ count: 1, weight: BigInt(limit) }, { count: 1, weight: limit })).toBe(false);
  });

  it("never flags a turnout of one ballot per eligible participant at their weight (property)", () => {
    fc.assert(
      fc.property(fc.array(weightArb, { maxLength: 50 }), fc.nat(50), (weights, skip) => {
        const ballots = weights.slice(skip).map((weight, i) => (i % 2 === 0 ? yes(weight) : abstain(weight)));
        const poll = motion({ kind: "simple" }, { eligibleCount: weights.length, eligibleWeight: weights.reduce((a, b) => a + b, 0) });
        expect(tally(poll, ballots).integrity.turnoutExceedsEligible).toBe(false);
      }),
    );
  });
});

describe("tally: choice polls", () => {
  const single = (majority: MajorityRule): TalliedPoll => ({
    kind: "single_choice",
    options: threeOptions,
    majority,
    abstentionsCount: false,
    quorum: null,
    eligibleCount: 10,
    eligibleWeight: 10,
  });

  it("single choice: the option with a majority of option ballots wins", () => {
    const result = tally(single({ kind: "simple" }), [pick(3, "a"), pick(1, "b"), pick(1, "c"), abstain(4)]);
    expect(result.winners).toEqual(["a"]);
    expect(result.options.map((o) => [o.optionId, o.count, o.weight])).toEqual([
      ["a", 1, 3],
      ["b", 1, 1],
      ["c", 1, 1],
    ]);
  });

  it("single choice: a tie at the top carries nothing", () => {
    const result = tally(single({ kind: "threshold", numerator: 1, denominator: 3 }), [pick(2, "a"), pick(2, "b"), pick(1, "c")]);
    expect(result.winners).toEqual([]);
    expect(result.outcome).toBe("failed");
  });

  it("multiple choice: every option meeting the rule wins, most weight first", () => {
    const poll: TalliedPoll = { ...single({ kind: "simple" }), kind: "multiple_choice" };
    const result = tally(poll, [pick(1, "a", "b"), pick(1, "b", "c"), pick(1, "b"), pick(1, "c", "a"), pick(1, "c")]);
    expect(result.options.map((o) => o.weight)).toEqual([2, 3, 3]);
    expect(result.winners).toEqual(["b", "c"]);
    expect(result.turnout.weight).toBe(5);
  });
});

const weightArb = fc.integer({ min: 1, max: 1_000_000_000 });
const choiceBallotArb: fc.Arbitrary<CountedBallot> = fc.record({
  weight: weightArb,
  choice: fc.oneof(
    fc.constant({ kind: "abstain" as const }),
    fc.subarray(["a", "b", "c"], { minLength: 1 }).map((optionIds) => ({ kind: "options" as const, optionIds })),
  ),
});
const ruleArb: fc.Arbitrary<MajorityRule> = fc.oneof(
  fc.constant({ kind: "simple" as const }),
  fc.constant({ kind: "absolute" as const }),
  fc.constant({ kind: "two_thirds" as const }),
  fc
    .integer({ min: 1, max: 100 })
    .chain((denominator) =>
      fc.integer({ min: 1, max: denominator }).map((numerator) => ({ kind: "threshold" as const, numerator, denominator })),
    ),
);
const pollArb: fc.Arbitrary<TalliedPoll> = fc.record({
  kind: fc.constantFrom("single_choice" as const, "multiple_choice" as const),
  options: fc.constant(threeOptions),
  majority: ruleArb,
  abstentionsCount: fc.boolean(),
  quorum: fc.option(fc.record({ kind: fc.constant("weight" as const), minWeight: weightArb }), { nil: null }),
  eligibleCount: fc.constant(1000),
  eligibleWeight: fc.integer({ min: 1, max: 2 ** 40 }),
});

describe("tally: properties", () => {
  it("option totals are the sums of the weights of the ballots selecting them; turnout sums all", () => {
    fc.assert(
      fc.property(pollArb, fc.array(choiceBallotArb, { maxLength: 60 }), (poll, ballots) => {
        const result = tally(poll, ballots);
        for (const option of result.options) {
          const selecting = ballots.filter((b) => b.choice.kind === "options" && b.choice.optionIds.includes(option.optionId));
          expect(option.weight).toBe(selecting.reduce((sum, b) => sum + b.weight, 0));
          expect(option.count).toBe(selecting.length);
        }
        expect(result.turnout.weight).toBe(ballots.reduce((sum, b) => sum + b.weight, 0));
        expect(result.turnout.count).toBe(ballots.length);
        const abstentions = ballots.filter((b) => b.choice.kind === "abstain");
        expect(result.abstentions.weight).toBe(abstentions.reduce((sum, b) => sum + b.weight, 0));
      }),
    );
  });

  it("the result depends only on the totals: tallying added-up totals of two parts equals tallying all ballots", () => {
    const add = (a: Total, b: Total): Total => ({ count: a.count + b.count, weight: a.weight + b.weight });
    const merge = (a: BallotTotals, b: BallotTotals): BallotTotals => ({
      options: new Map([...a.options].map(([id, total]) => [id, add(total, b.options.get(id) ?? { count: 0, weight: 0 })])),
      abstentions: add(a.abstentions, b.abstentions),
      turnout: add(a.turnout, b.turnout),
    });
    fc.assert(
      fc.property(
        pollArb,
        fc.array(choiceBallotArb, { maxLength: 30 }),
        fc.array(choiceBallotArb, { maxLength: 30 }),
        (poll, first, second) => {
          expect(tallyTotals(poll, merge(sumBallots(poll, first), sumBallots(poll, second)))).toEqual(tally(poll, [...first, ...second]));
        },
      ),
    );
  });

  it("totals list every option, zeros included, and count ballots naming unknown options only in turnout", () => {
    const totals = sumBallots({ options: threeOptions }, [pick(4, "a", "zz"), pick(2, "zz"), abstain(1)]);
    expect([...totals.options]).toEqual([
      ["a", { count: 1, weight: 4 }],
      ["b", { count: 0, weight: 0 }],
      ["c", { count: 0, weight: 0 }],
    ]);
    expect(totals.abstentions).toEqual({ count: 1, weight: 1 });
    expect(totals.turnout).toEqual({ count: 3, weight: 7 });
  });

  it("the order of ballots does not matter", () => {
    fc.assert(
      fc.property(
        pollArb,
        fc
          .array(choiceBallotArb, { maxLength: 40 })
          .chain((b) => fc.tuple(fc.constant(b), fc.shuffledSubarray(b, { minLength: b.length, maxLength: b.length }))),
        (poll, [ballots, shuffled]) => {
          expect(tally(poll, shuffled)).toEqual(tally(poll, ballots));
        },
      ),
    );
  });

  it("a yes/no motion passes exactly when the rule's integer inequality holds", () => {
    fc.assert(
      fc.property(ruleArb, fc.nat(1000), fc.nat(1000), fc.nat(1000), fc.boolean(), (majority, y, n, a, abstentionsCount) => {
        const ballots = [...(y > 0 ? [yes(y)] : []), ...(n > 0 ? [no(n)] : []), ...(a > 0 ? [abstain(a)] : [])];
        const eligibleWeight = 3000;
        const result = tally(motion(majority, { abstentionsCount, eligibleWeight }), ballots);
        const base = y + n + (abstentionsCount ? a : 0);
        const expected =
          y > 0 &&
          (majority.kind === "simple"
            ? 2 * y > base
            : majority.kind === "absolute"
              ? 2 * y > eligibleWeight
              : majority.kind === "two_thirds"
                ? 3 * y >= 2 * base
                : majority.kind === "threshold" && majority.denominator * y >= majority.numerator * base);
        expect(result.passed).toBe(expected);
      }),
    );
  });

  it("two thirds: at exactly 2k of 3k it passes, at 2k-1 of 3k-1 it fails (k ≥ 1)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10 ** 12 }), (k) => {
        expect(meetsMajority({ kind: "two_thirds" }, BigInt(2 * k), BigInt(3 * k), null)).toBe(true);
        expect(meetsMajority({ kind: "two_thirds" }, BigInt(2 * k - 1), BigInt(3 * k - 1), null)).toBe(false);
      }),
    );
  });

  it("simple majority: a tie always fails, one more always passes", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10 ** 12 }), (k) => {
        expect(meetsMajority({ kind: "simple" }, BigInt(k), BigInt(2 * k), null)).toBe(false);
        expect(meetsMajority({ kind: "simple" }, BigInt(k + 1), BigInt(2 * k + 1), null)).toBe(true);
      }),
    );
  });
});
