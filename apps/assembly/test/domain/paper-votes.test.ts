import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { AnalogCounts } from "../../src/domain/analog-counts.ts";
import type { BallotChoice, CountedBallot } from "../../src/domain/ballot.ts";
import {
  checkPaperComplete,
  checkPaperVotes,
  checkPaperWindow,
  mergeTotals,
  paperTotals,
  paperVoters,
  tallyWithPaper,
  validatePaperChoice,
  validatePaperCounts,
  type PaperVotes,
} from "../../src/domain/paper-votes.ts";
import type { PollDefinition, PollKind } from "../../src/domain/poll.ts";
import { sumBallots, tally, type BallotTotals, type TalliedPoll } from "../../src/domain/tally.ts";
import { errorCode } from "./error-code.ts";

type CountedPoll = PollDefinition & TalliedPoll;

function poll(kind: PollKind, extra: Partial<CountedPoll> = {}): CountedPoll {
  const options =
    kind === "yes_no_abstain"
      ? [
          { id: "yes", label: "Yes" },
          { id: "no", label: "No" },
        ]
      : [
          { id: "a", label: "A" },
          { id: "b", label: "B" },
          { id: "c", label: "C" },
        ];
  return {
    agendaItemId: "item",
    title: "Motion",
    description: "",
    kind,
    options,
    minChoices: 1,
    maxChoices: kind === "multiple_choice" ? 2 : 1,
    allowAbstain: true,
    secret: false,
    majority: { kind: "simple" },
    abstentionsCount: false,
    quorum: null,
    allowSplit: false,
    eligibleCount: 1000,
    eligibleWeight: 100_000,
    ...extra,
  };
}

/** What tellers would write down for these paper ballots. */
function countsOf(definition: PollDefinition, ballots: readonly CountedBallot[], invalid = { count: 0, weight: 0 }): AnalogCounts {
  const totals = sumBallots(definition, ballots);
  return {
    voters: { count: totals.turnout.count + invalid.count, weight: totals.turnout.weight + invalid.weight },
    choices: definition.options.map((option) => ({ choice: option.id, ...(totals.options.get(option.id) ?? { count: 0, weight: 0 }) })),
    abstentions: totals.abstentions,
    invalid,
  };
}

const paper = (counts: AnalogCounts | null, ballots: readonly CountedBallot[] = [], namedVoters = { count: 0, weight: 0 }): PaperVotes => ({
  counts,
  ballots,
  namedVoters,
});

type Counted = { count: number; weight: number };
const none: Counted = { count: 0, weight: 0 };
const sum = (...totals: Counted[]): Counted => totals.reduce((a, b) => ({ count: a.count + b.count, weight: a.weight + b.weight }), none);

/** Hand counts of a yes/no motion whose paper voters are exactly its ballots. */
const motionCounts = (yes: Counted, no: Counted, abstentions = none, invalid = none): AnalogCounts => ({
  voters: sum(yes, no, abstentions, invalid),
  choices: [
    { choice: "yes", ...yes },
    { choice: "no", ...no },
  ],
  abstentions,
  invalid,
});

const withoutParts = ({ parts: _parts, ...rest }: ReturnType<typeof tally>) => rest;

/** A poll of any kind and rule, with ballots valid for it. */
const pollWithBallots = fc
  .record({
    kind: fc.constantFrom<PollKind>("yes_no_abstain", "single_choice", "multiple_choice"),
    majority: fc.constantFrom({ kind: "simple" as const }, { kind: "absolute" as const }, { kind: "two_thirds" as const }),
    abstentionsCount: fc.boolean(),
    quorum: fc.option(fc.record({ kind: fc.constant("weight" as const), minWeight: fc.integer({ min: 1, max: 200 }) }), { nil: null }),
  })
  .chain(({ kind, ...rules }) => {
    const definition = poll(kind, rules);
    const choice: fc.Arbitrary<BallotChoice> = fc.oneof(
      fc.constant<BallotChoice>({ kind: "abstain" }),
      fc
        .subarray(
          definition.options.map((option) => option.id),
          { minLength: definition.minChoices, maxLength: definition.maxChoices },
        )
        .map((optionIds): BallotChoice => ({ kind: "options", optionIds })),
    );
    const ballot = fc.record({ choice, weight: fc.integer({ min: 1, max: 50 }) });
    return fc.record({
      definition: fc.constant(definition),
      ballots: fc.array(fc.record({ ballot, channel: fc.constantFrom("online", "counted", "named") }), { maxLength: 60 }),
    });
  });

describe("paper votes", () => {
  it("counts online and paper ballots exactly as if every ballot had come online", () => {
    fc.assert(
      fc.property(pollWithBallots, ({ definition, ballots }) => {
        const of = (channel: string) => ballots.filter((entry) => entry.channel === channel).map((entry) => entry.ballot);
        const counts = validatePaperCounts(definition, countsOf(definition, of("counted")));
        const named = of("named");
        const entered = paper(counts, named, { count: named.length, weight: named.reduce((sum, ballot) => sum + ballot.weight, 0) });
        const merged = tallyWithPaper(definition, sumBallots(definition, of("online")), paperTotals(definition, entered));
        expect(withoutParts(merged)).toEqual(
          withoutParts(
            tally(
              definition,
              ballots.map((entry) => entry.ballot),
            ),
          ),
        );
        expect(merged.parts?.paper.turnout).toEqual(paperVoters(definition, entered));
        expect(merged.parts?.online.turnout.count).toBe(of("online").length);
        for (const [index, option] of merged.options.entries()) {
          const online = merged.parts?.online.options[index];
          const onPaper = merged.parts?.paper.options[index];
          expect(option.weight).toBe((online?.weight ?? 0) + (onPaper?.weight ?? 0));
          expect(option.count).toBe((online?.count ?? 0) + (onPaper?.count ?? 0));
        }
      }),
    );
  });

  it("merges in any order to the same totals", () => {
    fc.assert(
      fc.property(pollWithBallots, fc.integer({ min: 1, max: 4 }), ({ definition, ballots }, groups) => {
        const parts = Array.from({ length: groups }, (_, group) =>
          sumBallots(
            definition,
            ballots.filter((_, index) => index % groups === group).map((entry) => entry.ballot),
          ),
        );
        const all = sumBallots(
          definition,
          ballots.map((entry) => entry.ballot),
        );
        const fold = (order: readonly BallotTotals[]) =>
          order.reduce(
            (sum, next) => mergeTotals(definition, sum, next),
            mergeTotals(definition, sumBallots(definition, []), sumBallots(definition, [])),
          );
        expect(fold(parts)).toEqual({ ...all, invalid: { count: 0, weight: 0 } });
        expect(fold([...parts].reverse())).toEqual(fold(parts));
      }),
    );
  });

  it("accepts every hand count real ballots can give", () => {
    fc.assert(
      fc.property(pollWithBallots, fc.nat({ max: 5 }), ({ definition, ballots }, invalid) => {
        const counts = countsOf(
          definition,
          ballots.map((entry) => entry.ballot),
          { count: invalid, weight: invalid * 2 },
        );
        expect(validatePaperCounts(definition, counts)).toEqual(counts);
      }),
    );
  });

  it("counts invalid paper ballots in turnout and quorum, never in the base", () => {
    const motion = poll("yes_no_abstain", { quorum: { kind: "weight", minWeight: 10 } });
    const counts = validatePaperCounts(
      motion,
      motionCounts({ count: 3, weight: 3 }, { count: 2, weight: 2 }, none, { count: 1, weight: 5 }),
    );
    const result = tallyWithPaper(motion, sumBallots(motion, []), paperTotals(motion, paper(counts)));
    expect(result).toMatchObject({ turnout: { weight: 10 }, invalid: { count: 1, weight: 5 }, base: 5, outcome: "passed" });
    expect(result.quorum.met).toBe(true);
  });

  it("refuses counts that do not add up, in count or in weight", () => {
    const motion = poll("yes_no_abstain", { allowAbstain: true });
    const base = motionCounts({ count: 2, weight: 5 }, { count: 1, weight: 2 }, { count: 1, weight: 1 });
    expect(validatePaperCounts(motion, base).voters).toEqual({ count: 4, weight: 8 });
    const refused = (counts: AnalogCounts) => errorCode(() => validatePaperCounts(motion, counts));
    expect(refused({ ...base, voters: { count: 5, weight: 8 } })).toBe("paper_counts_inconsistent");
    expect(refused({ ...base, voters: { count: 4, weight: 9 } })).toBe("paper_counts_inconsistent");
    expect(refused({ ...base, voters: { count: -1, weight: 8 } })).toBe("invalid");
    expect(refused({ ...base, voters: { count: 4.5, weight: 8 } })).toBe("invalid");
    expect(refused({ ...base, abstentions: { count: 2, weight: 1 } })).toBe("paper_counts_inconsistent");
    expect(refused({ ...base, choices: [{ choice: "maybe", count: 3, weight: 7 }] })).toBe("invalid");
    expect(refused({ ...base, choices: [...base.choices, { choice: "yes", count: 0, weight: 0 }] })).toBe("invalid");
    expect(refused({ ...base, invalid: { count: 0, weight: 3 } })).toBe("paper_counts_inconsistent");
    const noAbstaining = poll("single_choice", { allowAbstain: false });
    expect(
      errorCode(() =>
        validatePaperCounts(noAbstaining, {
          voters: { count: 1, weight: 1 },
          choices: [],
          abstentions: { count: 1, weight: 1 },
          invalid: { count: 0, weight: 0 },
        }),
      ),
    ).toBe("paper_counts_inconsistent");
  });

  it("holds multiple-choice counts to the bounds per valid ballot", () => {
    const board = poll("multiple_choice", { minChoices: 1, maxChoices: 2 });
    const counts = (a: number, b: number, c: number): AnalogCounts => ({
      voters: { count: 2, weight: 2 },
      choices: [
        { choice: "a", count: a, weight: a },
        { choice: "b", count: b, weight: b },
        { choice: "c", count: c, weight: c },
      ],
      abstentions: { count: 0, weight: 0 },
      invalid: { count: 0, weight: 0 },
    });
    expect(errorCode(() => validatePaperCounts(board, counts(2, 2, 0)))).toBeUndefined();
    expect(errorCode(() => validatePaperCounts(board, counts(1, 0, 0)))).toBe("paper_counts_inconsistent");
    expect(errorCode(() => validatePaperCounts(board, counts(2, 2, 1)))).toBe("paper_counts_inconsistent");
    expect(errorCode(() => validatePaperCounts(board, counts(3, 0, 0)))).toBe("paper_counts_inconsistent");
  });

  it("refuses paper votes beyond the electorate frozen at opening, in count and in weight", () => {
    const motion = poll("yes_no_abstain", { eligibleCount: 10, eligibleWeight: 20 });
    const counts = (count: number, weight: number) => motionCounts({ count, weight }, none);
    const online = { count: 6, weight: 12 };
    expect(errorCode(() => checkPaperVotes(motion, online, paper(counts(4, 8))))).toBeUndefined();
    expect(errorCode(() => checkPaperVotes(motion, online, paper(counts(5, 8))))).toBe("paper_exceeds_eligible");
    expect(errorCode(() => checkPaperVotes(motion, online, paper(counts(4, 9))))).toBe("paper_exceeds_eligible");
    const named = [{ choice: { kind: "options", optionIds: ["no"] } as BallotChoice, weight: 1 }];
    expect(errorCode(() => checkPaperVotes(motion, online, paper(counts(4, 8), named, { count: 1, weight: 1 })))).toBe(
      "paper_exceeds_eligible",
    );
  });

  it("in a secret poll keeps named paper voters without a choice, inside the counts, and publishes only once counted", () => {
    const secret = poll("yes_no_abstain", { secret: true });
    const yes: BallotChoice = { kind: "options", optionIds: ["yes"] };
    expect(errorCode(() => validatePaperChoice(secret, yes))).toBe("secret_poll");
    expect(validatePaperChoice(secret, null)).toBeNull();
    expect(errorCode(() => validatePaperChoice(poll("yes_no_abstain"), null))).toBe("invalid");
    const two = { count: 2, weight: 3 };
    const oneCounted: AnalogCounts = {
      voters: { count: 1, weight: 1 },
      choices: [{ choice: "yes", count: 1, weight: 1 }],
      abstentions: { count: 0, weight: 0 },
      invalid: { count: 0, weight: 0 },
    };
    expect(errorCode(() => checkPaperVotes(secret, { count: 0, weight: 0 }, paper(oneCounted, [], two)))).toBe("paper_counts_inconsistent");
    expect(paperVoters(secret, paper(null, [], two))).toEqual(two);
    expect(errorCode(() => checkPaperComplete(secret, paper(null, [], two)))).toBe("paper_counts_missing");
    expect(errorCode(() => checkPaperComplete(secret, paper(oneCounted, [], { count: 1, weight: 1 })))).toBeUndefined();
  });

  it("takes paper counts only between closing and publishing, named paper voters also while open", () => {
    expect(["draft", "open", "closed", "published"].map((status) => errorCode(() => checkPaperWindow(status as never, "counts")))).toEqual([
      "paper_window_closed",
      "paper_window_closed",
      undefined,
      "paper_window_closed",
    ]);
    expect(["draft", "open", "closed", "published"].map((status) => errorCode(() => checkPaperWindow(status as never, "voters")))).toEqual([
      "paper_window_closed",
      undefined,
      undefined,
      "paper_window_closed",
    ]);
  });

  it("leaves a poll without paper votes counted as before, with no parts", () => {
    const motion = poll("yes_no_abstain");
    const ballots: CountedBallot[] = [{ choice: { kind: "options", optionIds: ["yes"] }, weight: 2 }];
    expect(paperTotals(motion, paper(null))).toBeNull();
    expect(tallyWithPaper(motion, sumBallots(motion, ballots), null)).toEqual(tally(motion, ballots));
    expect(tally(motion, ballots).parts).toBeNull();
  });
});
