import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type ElectionBallot, type ElectionChoice, validateElectionChoice } from "../../../src/domain/election/ballot.ts";
import { countElection } from "../../../src/domain/election/count.ts";
import type { ElectionDefinition } from "../../../src/domain/election/definition.ts";
import { isDomainError } from "../../../src/domain/errors.ts";
import { choicesByMethod, ids, methods } from "./arbitraries.ts";
import { election, unitBallots } from "./fixtures.ts";

const definitionArb: fc.Arbitrary<ElectionDefinition> = fc
  .tuple(fc.constantFrom(...methods), fc.integer({ min: 1, max: 3 }), fc.boolean())
  .map(([method, seats, ordered]) =>
    election(ids, {
      method,
      seats: method.kind === "single_choice" ? 1 : seats,
      ordered: ordered && method.kind !== "stv" && method.kind !== "single_choice",
      allowSplit: true,
    }),
  );

/** Mostly choices the method takes, some of other methods (counted as invalid). */
const choiceFor = (definition: ElectionDefinition): fc.Arbitrary<ElectionChoice> =>
  fc.oneof(
    { arbitrary: choicesByMethod[definition.method.kind], weight: 9 },
    { arbitrary: fc.oneof(...Object.values(choicesByMethod)), weight: 1 },
  );
const ballotsFor = (definition: ElectionDefinition): fc.Arbitrary<ElectionBallot[]> =>
  fc.array(fc.record({ weight: fc.integer({ min: 1, max: 6 }), choice: choiceFor(definition) }), { maxLength: 30 });
const scenarioArb = definitionArb.chain((definition) => fc.tuple(fc.constant(definition), ballotsFor(definition)));

/** The result without ballot counts: what must not change when weights are spread over more ballots. */
function weightsOnly(result: unknown): unknown {
  return JSON.parse(JSON.stringify(result, (key, value) => (key === "count" ? undefined : value)));
}

function isValid(definition: ElectionDefinition, choice: ElectionChoice): boolean {
  try {
    validateElectionChoice(definition, choice);
    return true;
  } catch (error) {
    if (isDomainError(error, "invalid")) return false;
    throw error;
  }
}

describe("election counts: properties, every method", () => {
  it("the order of ballots does not matter", () => {
    fc.assert(
      fc.property(
        scenarioArb.chain(([definition, b]) =>
          fc.tuple(fc.constant(definition), fc.constant(b), fc.shuffledSubarray(b, { minLength: b.length, maxLength: b.length })),
        ),
        ([definition, ballots, shuffled]) => {
          expect(countElection(definition, shuffled, { seed: "order" })).toEqual(countElection(definition, ballots, { seed: "order" }));
        },
      ),
    );
  });

  it("a ballot of weight w counts exactly as w ballots of weight 1 (STV included, to the last decimal)", () => {
    fc.assert(
      fc.property(scenarioArb, ([definition, ballots]) => {
        const weighted = countElection(definition, ballots, { seed: "w" });
        const units = countElection(definition, unitBallots(ballots), { seed: "w" });
        expect(weightsOnly(weighted)).toEqual(weightsOnly(units));
        expect(units.ballots.total.count).toBe(ballots.reduce((sum, b) => sum + b.weight, 0));
      }),
    );
  });

  it("a split ballot counts as its parts cast as separate ballots, and as one ballot", () => {
    fc.assert(
      fc.property(
        scenarioArb.chain(([definition, others]) =>
          fc.tuple(
            fc.constant(definition),
            fc.constant(others),
            fc.array(fc.tuple(fc.integer({ min: 1, max: 50 }), choiceFor(definition)), { minLength: 2, maxLength: 4 }),
          ),
        ),
        ([definition, others, raw]) => {
          const parts = raw.filter(([, choice]) => isValid(definition, choice)).map(([weight, choice]) => ({ weight, choice }));
          fc.pre(parts.length >= 2);
          const weight = parts.reduce((sum, part) => sum + part.weight, 0);
          const split = countElection(definition, [...others, { weight, parts }], { seed: "split" });
          const separate = countElection(definition, [...others, ...parts], { seed: "split" });
          expect(weightsOnly(split)).toEqual(weightsOnly(separate));
          expect(split.ballots.valid.count).toBe(separate.ballots.valid.count - parts.length + 1);
          expect(split.ballots.total.weight).toBe(separate.ballots.total.weight);
        },
      ),
    );
  });

  it("never elects more than the seats, never the same candidate twice, and the JSON round-trips", () => {
    fc.assert(
      fc.property(scenarioArb, ([definition, ballots]) => {
        const result = countElection(definition, ballots, { seed: "seats" });
        expect(result.elected.length + result.vacantSeats).toBeLessThanOrEqual(definition.seats);
        expect(new Set(result.elected.map((seat) => seat.candidateId)).size).toBe(result.elected.length);
        expect(JSON.parse(JSON.stringify(result))).toEqual(result);
        expect(result.ballots.valid.weight + result.ballots.invalid.weight).toBe(result.ballots.total.weight);
      }),
    );
  });
});
