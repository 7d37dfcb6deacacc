import { randomBytes } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { maxBallotParts } from "../../src/api/schemas/ballots.ts";
import type { BallotChoice, PollBallot } from "../../src/domain/ballot.ts";
import type { PollOption } from "../../src/domain/poll.ts";
import { BallotSeal, maxSealedOptions } from "../../src/store/ballot-seal.ts";
import { SplitBallotCodec, splitSealedBallotLength } from "../../src/store/split-ballot-codec.ts";

const options = (count: number): PollOption[] => Array.from({ length: count }, (_, i) => ({ id: `opt-${i}`, label: `Option ${i}` }));

const choiceArb = (ids: readonly string[]): fc.Arbitrary<BallotChoice> =>
  fc.oneof(
    fc.constant({ kind: "abstain" as const }),
    fc.subarray([...ids], { minLength: 1 }).map((optionIds) => ({ kind: "options" as const, optionIds })),
  );

const ballotArb = (ids: readonly string[]): fc.Arbitrary<PollBallot> =>
  fc.oneof(
    fc.record({ weight: fc.integer({ min: 1, max: 1_000_000_000 }), choice: choiceArb(ids) }),
    fc
      .array(fc.record({ weight: fc.integer({ min: 1, max: 1_000_000_000 }), choice: choiceArb(ids) }), {
        minLength: 2,
        maxLength: maxBallotParts,
      })
      .map((parts) => ({ weight: parts.reduce((sum, part) => sum + part.weight, 0), parts })),
  );

function unlocked(pollId: string, pollOptions: readonly PollOption[]) {
  const seal = new BallotSeal(randomBytes(32));
  return seal.unlockWith(pollId, seal.lock(pollId), new SplitBallotCodec(pollOptions));
}

describe("sealed split ballots", () => {
  it("open to what was sealed, whole or split into up to the most parts", () => {
    const ids = options(20).map((o) => o.id);
    const poll = unlocked("split-poll", options(20));
    fc.assert(
      fc.property(ballotArb(ids), (ballot) => {
        expect(poll.unseal(poll.seal(ballot))).toEqual(ballot);
      }),
    );
  });

  it("have one length, whether whole, split in two or into the most parts, and however many options they name", () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: maxSealedOptions }), (count) => {
        const pollOptions = options(count);
        const poll = unlocked("split-poll", pollOptions);
        const ids = pollOptions.map((o) => o.id);
        const samples = fc.sample(ballotArb(ids), 20);
        const lengths = new Set(samples.map((ballot) => poll.seal(ballot).length));
        expect(lengths).toEqual(new Set([splitSealedBallotLength]));
      }),
      { numRuns: 20 },
    );
  });

  it("refuse more parts than a sealed ballot has room for", () => {
    const poll = unlocked("split-poll", options(2));
    const parts = Array.from({ length: maxBallotParts + 1 }, () => ({ weight: 1, choice: { kind: "abstain" as const } }));
    expect(() => poll.seal({ weight: parts.length, parts })).toThrow(/1 to 8 parts/);
  });
});
