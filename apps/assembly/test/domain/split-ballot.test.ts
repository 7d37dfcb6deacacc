import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type CountedBallot, type SplitBallot, validateSplit } from "../../src/domain/ballot.ts";
import { isDomainError } from "../../src/domain/errors.ts";
import { applyPollPatch, validateNewPoll } from "../../src/domain/poll.ts";
import { tally } from "../../src/domain/tally.ts";
import { errorCode } from "./error-code.ts";

const motion = validateNewPoll({ agendaItemId: "item", title: "Motion", kind: "yes_no_abstain" });
const polled = { ...motion, eligibleCount: 10, eligibleWeight: 1000 };
const drafted = {
  id: "p",
  eventId: "e",
  status: "draft" as const,
  eligibleCount: null,
  eligibleWeight: null,
  createdAt: "2026-01-01T00:00:00.000Z",
  openedAt: null,
  closedAt: null,
  publishedAt: null,
};
const yes = { kind: "options" as const, optionIds: ["yes"] };
const no = { kind: "options" as const, optionIds: ["no"] };
const abstain = { kind: "abstain" as const };

describe("split ballots on floor polls", () => {
  it("is a chair's rule, off unless set, kept by edits of a draft", () => {
    expect(motion.allowSplit).toBe(false);
    const draft = { ...validateNewPoll({ agendaItemId: "item", title: "Motion", kind: "yes_no_abstain", allowSplit: true }), ...drafted };
    expect(draft.allowSplit).toBe(true);
    expect(applyPollPatch(draft, { title: "Amended" }).allowSplit).toBe(true);
    expect(applyPollPatch(draft, { allowSplit: false }).allowSplit).toBe(false);
  });

  it("validates: parts sum to the weight, equal choices merge, options before abstention", () => {
    expect(
      validateSplit(motion, 100, [
        { choice: abstain, weight: 10 },
        { choice: no, weight: 30 },
        { choice: yes, weight: 50 },
        { choice: no, weight: 10 },
      ]),
    ).toEqual([
      { choice: yes, weight: 50 },
      { choice: no, weight: 40 },
      { choice: abstain, weight: 10 },
    ]);
    expect(errorCode(() => validateSplit(motion, 100, [{ choice: yes, weight: 99 }]))).toBe("split_mismatch");
    for (const parts of [
      [
        { choice: yes, weight: 0 },
        { choice: no, weight: 100 },
      ],
      [],
      [{ choice: { kind: "options" as const, optionIds: ["x"] }, weight: 100 }],
    ]) {
      try {
        validateSplit(motion, 100, parts);
        throw new Error("expected invalid");
      } catch (error) {
        expect(isDomainError(error, "invalid")).toBe(true);
      }
    }
  });

  it('"70 yes, 30 no" is one ballot in turnout with the weights of two', () => {
    const split: SplitBallot = {
      weight: 100,
      parts: [
        { choice: yes, weight: 70 },
        { choice: no, weight: 30 },
      ],
    };
    const result = tally(polled, [split, { choice: no, weight: 50 }]);
    expect(result.options.map((o) => [o.optionId, o.count, o.weight])).toEqual([
      ["yes", 1, 70],
      ["no", 2, 80],
    ]);
    expect(result.turnout).toEqual({ count: 2, weight: 150 });
    expect(result.passed).toBe(false);
  });

  it("property: validated parts keep the weight, and parts of any other sum are refused", () => {
    const choiceArb = fc.constantFrom<CountedBallot["choice"]>(yes, no, abstain);
    fc.assert(
      fc.property(
        fc.array(fc.record({ choice: choiceArb, weight: fc.integer({ min: 1, max: 1_000_000 }) }), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: -1000, max: 1000 }),
        (parts, offset) => {
          const weight = parts.reduce((sum, part) => sum + part.weight, 0);
          const split = validateSplit(motion, weight, parts);
          expect(split.reduce((sum, part) => sum + part.weight, 0)).toBe(weight);
          expect(new Set(split.map((part) => JSON.stringify(part.choice))).size).toBe(split.length);
          if (offset !== 0) expect(errorCode(() => validateSplit(motion, weight + offset, parts))).toBe("split_mismatch");
        },
      ),
    );
  });

  it("property: a split ballot has the weights of its parts cast separately", () => {
    const choiceArb = fc.constantFrom<CountedBallot["choice"]>(yes, no, abstain);
    fc.assert(
      fc.property(
        fc.array(fc.record({ choice: choiceArb, weight: fc.integer({ min: 1, max: 1000 }) }), { minLength: 1, maxLength: 5 }),
        (parts) => {
          const weight = parts.reduce((sum, part) => sum + part.weight, 0);
          const split = tally(polled, [{ weight, parts: validateSplit(motion, weight, parts) }]);
          const separate = tally(polled, parts);
          expect(split.options.map((o) => o.weight)).toEqual(separate.options.map((o) => o.weight));
          expect(split.abstentions.weight).toBe(separate.abstentions.weight);
          expect(split.turnout).toEqual({ count: 1, weight });
          expect(split.outcome).toBe(separate.outcome);
        },
      ),
    );
  });
});
