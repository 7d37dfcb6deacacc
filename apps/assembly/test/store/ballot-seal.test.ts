import { randomBytes } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { CountedBallot } from "../../src/domain/ballot.ts";
import type { PollOption } from "../../src/domain/poll.ts";
import { BallotSeal, BallotSecretMismatch, maxSealedOptions, sealedBallotLength } from "../../src/store/ballot-seal.ts";

const options = (count: number): PollOption[] => Array.from({ length: count }, (_, i) => ({ id: `opt-${i}`, label: `Option ${i}` }));
const motion: PollOption[] = [
  { id: "yes", label: "Yes" },
  { id: "no", label: "No" },
];

describe("ballot seal", () => {
  it("opens what it sealed: abstentions, one option, many options, any weight", () => {
    const seal = new BallotSeal(randomBytes(32));
    const ballotArb: fc.Arbitrary<CountedBallot> = fc.record({
      weight: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
      choice: fc.oneof(
        fc.constant({ kind: "abstain" as const }),
        fc
          .subarray(
            options(100).map((o) => o.id),
            { minLength: 1 },
          )
          .map((optionIds) => ({ kind: "options" as const, optionIds })),
      ),
    });
    const poll = seal.unlock("poll-1", seal.lock("poll-1"), options(100));
    fc.assert(
      fc.property(ballotArb, (ballot) => {
        expect(poll.unseal(poll.seal(ballot))).toEqual(ballot);
      }),
    );
  });

  it("gives every ballot of every poll the same length, and the same ballot a different ciphertext each time", () => {
    const seal = new BallotSeal(randomBytes(32));
    const small = seal.unlock("small", seal.lock("small"), motion);
    const large = seal.unlock("large", seal.lock("large"), options(maxSealedOptions));
    const sealed = [
      small.seal({ choice: { kind: "abstain" }, weight: 1 }),
      small.seal({ choice: { kind: "options", optionIds: ["yes"] }, weight: 1 }),
      small.seal({ choice: { kind: "options", optionIds: ["yes"] }, weight: 1 }),
      small.seal({ choice: { kind: "options", optionIds: ["no"] }, weight: 1_000_000_000 }),
      large.seal({ choice: { kind: "options", optionIds: options(maxSealedOptions).map((o) => o.id) }, weight: Number.MAX_SAFE_INTEGER }),
    ];
    expect(new Set(sealed.map((s) => s.length))).toEqual(new Set([sealedBallotLength]));
    expect(new Set(sealed).size).toBe(sealed.length);
  });

  it("refuses another secret with a clear error, and what it sealed does not open under another key", () => {
    const right = new BallotSeal(randomBytes(32));
    const wrong = new BallotSeal(randomBytes(32));
    const lock = right.lock("poll-1");
    const sealed = right.unlock("poll-1", lock, motion).seal({ choice: { kind: "options", optionIds: ["yes"] }, weight: 3 });
    expect(() => wrong.unlock("poll-1", lock, motion)).toThrow(BallotSecretMismatch);
    expect(() => wrong.unlock("poll-1", lock, motion)).toThrow(/opened with another ballot secret/);
    // Its own catalogue code: the edges answer 503 with a text that sends the voter to the organisers.
    expect(() => wrong.unlock("poll-1", lock, motion)).toThrow(expect.objectContaining({ code: "ballot_secret_mismatch" }));
    // Whoever holds another secret can only derive keys of their own, and none of them opens it.
    expect(() => wrong.unlock("poll-1", wrong.lock("poll-1"), motion).unseal(sealed)).toThrow(/does not open/);
    // Nor does the right secret for another poll, or with another salt.
    expect(() => right.unlock("poll-2", right.lock("poll-2"), motion).unseal(sealed)).toThrow(/does not open/);
    expect(() => right.unlock("poll-1", right.lock("poll-1"), motion).unseal(sealed)).toThrow(/does not open/);
    expect(() => right.unlock("poll-2", lock, motion)).toThrow(BallotSecretMismatch);
  });

  it("detects any altered byte", () => {
    const seal = new BallotSeal(randomBytes(32));
    const poll = seal.unlock("poll-1", seal.lock("poll-1"), motion);
    const bytes = Buffer.from(poll.seal({ choice: { kind: "abstain" }, weight: 2 }), "base64");
    for (let index = 0; index < bytes.length; index += 1) {
      const altered = Buffer.from(bytes);
      altered[index]! ^= 1;
      expect(() => poll.unseal(altered.toString("base64"))).toThrow(/does not open/);
    }
    expect(() => poll.unseal(bytes.subarray(1).toString("base64"))).toThrow(/does not open/);
  });

  it("draws a fresh salt for every lock", () => {
    const seal = new BallotSeal(randomBytes(32));
    expect(seal.lock("poll-1").salt).not.toBe(seal.lock("poll-1").salt);
    expect(seal.lock("poll-1").check).toMatch(/^[0-9a-f]{64}$/);
  });

  it("refuses short secrets, bad weights, unknown options and polls with too many options", () => {
    expect(() => new BallotSeal(randomBytes(31))).toThrow(/at least 32 bytes/);
    const seal = new BallotSeal(randomBytes(32));
    const poll = seal.unlock("poll-1", seal.lock("poll-1"), motion);
    expect(() => poll.seal({ choice: { kind: "abstain" }, weight: 0 })).toThrow(/positive integer weight/);
    expect(() => poll.seal({ choice: { kind: "abstain" }, weight: 1.5 })).toThrow(/positive integer weight/);
    expect(() => poll.seal({ choice: { kind: "options", optionIds: ["maybe"] }, weight: 1 })).toThrow(/not in the poll/);
    expect(() => seal.unlock("big", seal.lock("big"), options(maxSealedOptions + 1))).toThrow(/at most/);
  });
});
