import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { CountedBallot } from "../../src/domain/ballot.ts";
import { validateNewPoll, type MajorityRule, type PollOption } from "../../src/domain/poll.ts";
import { percentOf, requiredSupport } from "../../src/domain/result-explanation.ts";
import { meetsMajority, tally, type TalliedPoll } from "../../src/domain/tally.ts";
import { motion as motion100 } from "./tallied-poll.fixture.ts";

const candidates: readonly PollOption[] = [
  { id: "anna", label: "Anna" },
  { id: "ben", label: "Ben" },
  { id: "cem", label: "Cem" },
];

/** The hall of the example: 35 eligible, weight 1 each. */
const motion = (majority: MajorityRule, extra: Partial<TalliedPoll> = {}): TalliedPoll =>
  motion100(majority, { eligibleCount: 35, eligibleWeight: 35, ...extra });
const choice = (majority: MajorityRule, extra: Partial<TalliedPoll> = {}): TalliedPoll => ({
  ...motion(majority, extra),
  kind: "single_choice",
  options: candidates,
  ...extra,
});

const ballot = (weight: number, ...optionIds: string[]): CountedBallot => ({ choice: { kind: "options", optionIds }, weight });
const abstain = (weight: number): CountedBallot => ({ choice: { kind: "abstain" }, weight });
const many = (n: number, make: () => CountedBallot): CountedBallot[] => Array.from({ length: n }, make);

describe("explainResult: the figures a room reads", () => {
  it("absolute majority: 18 of 35 needed, 17 yes does not pass, percentages on the 35", () => {
    const ballots = [...many(17, () => ballot(1, "yes")), ...many(8, () => ballot(1, "no")), ...many(3, () => abstain(1))];
    const { explanation } = tally(motion({ kind: "absolute" }), ballots);
    expect(explanation.base).toEqual({ kind: "eligible", value: 35 });
    expect(explanation.required).toBe(18);
    expect(explanation.actual).toEqual({ optionId: "yes", value: 17 });
    expect(explanation.verdict).toBe("not_passed");
    expect(explanation.shares.map((share) => share.percent)).toEqual([48.6, 22.9]);
    expect(explanation.abstentions.percent).toBe(8.6);
    expect(explanation.turnout).toEqual({ people: 28, weight: 28, eligiblePeople: 35, eligibleWeight: 35 });
    expect(explanation.weighted).toBe(false);
  });

  it("simple majority: exactly half does not pass, the required figure is one more", () => {
    const half = tally(motion({ kind: "simple" }), [ballot(5, "yes"), ballot(5, "no"), abstain(4)]).explanation;
    expect(half.base).toEqual({ kind: "cast", value: 10 });
    expect(half.required).toBe(6);
    expect(half.verdict).toBe("not_passed");
    expect(half.abstentions.percent).toBeNull();
    expect(half.shares[0]?.percent).toBe(50);
  });

  it("two thirds: exactly two thirds passes, and abstentions in the base are said so", () => {
    const exact = tally(motion({ kind: "two_thirds" }, { abstentionsCount: true }), [ballot(20, "yes"), ballot(8, "no"), abstain(2)]);
    expect(exact.explanation.base).toEqual({ kind: "cast_with_abstentions", value: 30 });
    expect(exact.explanation.required).toBe(20);
    expect(exact.explanation.verdict).toBe("passed");
    expect(exact.explanation.shares[0]?.percent).toBe(66.7);
  });

  it("quorum missed: the line names the needed and the cast weight, the verdict is no quorum", () => {
    const poll = motion({ kind: "simple" }, { quorum: { kind: "fraction", numerator: 1, denominator: 2 } });
    const { explanation } = tally(poll, [ballot(10, "yes"), ballot(2, "no")]);
    expect(explanation.quorum).toEqual({ rule: { kind: "fraction", numerator: 1, denominator: 2 }, required: 18, actual: 12, met: false });
    expect(explanation.verdict).toBe("no_quorum");
    expect(explanation.winners).toEqual([]);
  });

  it("zero ballots: base 0, nothing divided by zero, not passed", () => {
    const { explanation } = tally(motion({ kind: "simple" }), []);
    expect(explanation.base.value).toBe(0);
    expect(explanation.required).toBe(1);
    expect(explanation.shares.map((share) => share.percent)).toEqual([0, 0]);
    expect(explanation.verdict).toBe("not_passed");
  });

  it("weights other than people: votes and people are separate figures and flagged", () => {
    const poll = motion({ kind: "absolute" }, { eligibleCount: 3, eligibleWeight: 10 });
    const { explanation } = tally(poll, [ballot(6, "yes"), ballot(1, "no")]);
    expect(explanation.weighted).toBe(true);
    expect(explanation.turnout).toEqual({ people: 2, weight: 7, eligiblePeople: 3, eligibleWeight: 10 });
    expect(explanation.required).toBe(6);
    expect(explanation.verdict).toBe("passed");
  });

  it("plurality: most votes wins with any share, a tie at the top elects nobody and says who tied", () => {
    const won = tally(choice({ kind: "plurality" }), [ballot(4, "anna"), ballot(3, "ben"), ballot(3, "cem")]).explanation;
    expect(won.required).toBeNull();
    expect(won.verdict).toBe("passed");
    expect(won.winners).toEqual(["anna"]);
    expect(won.actual).toEqual({ optionId: "anna", value: 4 });
    expect(won.shares[0]?.percent).toBe(40);

    const tie = tally(choice({ kind: "plurality" }), [ballot(1, "cem"), ballot(4, "anna"), ballot(4, "ben")]).explanation;
    expect(tie.verdict).toBe("tie");
    expect(tie.tied).toEqual(["anna", "ben"]);
    expect(tie.winners).toEqual([]);
  });

  it("a tie at the top under a share both options meet is a tie; under simple majority it is just not passed", () => {
    const third = { kind: "threshold", numerator: 1, denominator: 3 } as const;
    expect(tally(choice(third), [ballot(4, "anna"), ballot(4, "ben"), ballot(2, "cem")]).explanation.tied).toEqual(["anna", "ben"]);
    const simple = tally(choice({ kind: "simple" }), [ballot(4, "anna"), ballot(4, "ben"), ballot(2, "cem")]).explanation;
    expect(simple.verdict).toBe("not_passed");
    expect(simple.tied).toEqual([]);
  });

  it("plurality is offered for single choice only", () => {
    const base = { agendaItemId: "a", title: "Chair", majority: { kind: "plurality" } as const };
    expect(validateNewPoll({ ...base, kind: "single_choice", options: [{ label: "A" }, { label: "B" }] }).majority).toEqual({
      kind: "plurality",
    });
    expect(() => validateNewPoll({ ...base, kind: "yes_no_abstain" })).toThrow(/single_choice/);
    expect(() => validateNewPoll({ ...base, kind: "multiple_choice", options: [{ label: "A" }, { label: "B" }] })).toThrow(/single_choice/);
  });
});

describe("requiredSupport agrees with the rule it describes", () => {
  const rules = fc.oneof(
    fc.constant<MajorityRule>({ kind: "simple" }),
    fc.constant<MajorityRule>({ kind: "absolute" }),
    fc.constant<MajorityRule>({ kind: "two_thirds" }),
    fc
      .tuple(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 20 }))
      .map(([a, b]): MajorityRule => ({ kind: "threshold", numerator: Math.min(a, b), denominator: Math.max(a, b) })),
  );

  it("the required figure passes and one less does not", () => {
    fc.assert(
      fc.property(rules, fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 10_000 }), (rule, base, eligible) => {
        const required = requiredSupport(rule, base, eligible);
        expect(required).not.toBeNull();
        const needed = BigInt(required ?? 0);
        expect(meetsMajority(rule, needed, BigInt(base), BigInt(eligible))).toBe(true);
        expect(meetsMajority(rule, needed - 1n, BigInt(base), BigInt(eligible))).toBe(false);
      }),
    );
  });

  it("percentages round half up to one decimal and survive an empty base", () => {
    expect(percentOf(1, 3)).toBe(33.3);
    expect(percentOf(2, 3)).toBe(66.7);
    expect(percentOf(1, 8)).toBe(12.5);
    expect(percentOf(5, 0)).toBe(0);
  });
});
