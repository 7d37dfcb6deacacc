import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyFairOrder, type FairOrderContext } from "../../../src/domain/speakers/fair-order.ts";
import { describeFairOrder } from "../../../src/domain/speakers/fair-order-description.ts";
import type { FairOrderRule } from "../../../src/domain/speakers/fair-order-rule.ts";
import {
  defaultSpeakerListSettings,
  moveSpeaker,
  newSpeakerList,
  type SpeakerEntry,
  type SpeakerList,
  startNextSpeaker,
  stopSpeaker,
  updateSpeakerListSettings,
  waitingEntries,
} from "../../../src/domain/speakers/speaker-list.ts";
import type { SpeakerTotals } from "../../../src/domain/speakers/speaking-stats.ts";
import { errorCode } from "../error-code.ts";
import { ask, at } from "./speakers.fixture.ts";

const zipper: FairOrderRule = { alternateBy: "gender", firstTimeFirst: false, balanceSpeakingTime: false };

function withRule(rule: FairOrderRule | null, list = newSpeakerList()): SpeakerList {
  return updateSpeakerListSettings(list, { fairOrder: rule });
}

function context(attributes: Record<string, string | null>, spokenMs: Record<string, number> = {}): FairOrderContext {
  return {
    attributes: new Map(Object.entries(attributes)),
    today: new Map(Object.entries(spokenMs).map(([participantId, ms]) => [participantId, { participantId, speeches: 1, spokenMs: ms }])),
  };
}

const participants = (list: SpeakerList) => waitingEntries(list).map((entry) => entry.participantId);

describe("fair order", () => {
  const roll = { anna: "f", bea: "f", carla: "f", dirk: "m", emil: "m", fritz: "m", dana: null };
  const asked = (names: string[], list: SpeakerList) =>
    names.reduce((result, name, i) => ask(result, `e-${name}`, name, "normal", i + 1), list);

  it("zips by gender, continuing from the last speaker, and lists the moves it made", () => {
    const list = asked(["anna", "bea", "carla", "dirk", "emil"], withRule(zipper));
    const { list: ordered, moves } = applyFairOrder(list, context(roll));
    expect(participants(ordered)).toEqual(["anna", "dirk", "bea", "emil", "carla"]);
    expect(moves).toEqual([
      { entryId: "e-dirk", participantId: "dirk", from: 4, to: 2 },
      { entryId: "e-emil", participantId: "emil", from: 5, to: 4 },
    ]);
    expect(applyFairOrder(ordered, context(roll)).moves).toEqual([]);
    // Anna spoke last: the zipper goes on with a man.
    const afterAnna = stopSpeaker(startNextSpeaker(ordered, at(10)), at(20));
    expect(participants(applyFairOrder(afterAnna, context(roll)).list)).toEqual(["dirk", "bea", "emil", "carla"]);
    // Without women waiting, men follow each other.
    const men = asked(["dirk", "emil", "fritz"], withRule(zipper));
    expect(participants(applyFairOrder(men, context(roll)).list)).toEqual(["dirk", "emil", "fritz"]);
  });

  it("treats an unrecorded attribute as one more value and keeps points of order first", () => {
    let list = asked(["anna", "bea", "dana"], withRule(zipper));
    list = ask(list, "poo-2", "emil", "point_of_order", 9);
    list = ask(list, "poo-1", "fritz", "point_of_order", 8);
    expect(participants(applyFairOrder(list, context(roll)).list)).toEqual(["fritz", "emil", "anna", "dana", "bea"]);
  });

  it("puts first-time speakers first, and balances speaking time", () => {
    const list = asked(["anna", "bea", "carla", "dirk"], withRule({ alternateBy: null, firstTimeFirst: true, balanceSpeakingTime: false }));
    const spoken = context(roll, { anna: 5_000, carla: 90_000 });
    expect(participants(applyFairOrder(list, spoken).list)).toEqual(["bea", "dirk", "anna", "carla"]);
    const balanced = withRule({ alternateBy: null, firstTimeFirst: false, balanceSpeakingTime: true }, list);
    expect(participants(applyFairOrder(balanced, context(roll, { anna: 60_000, bea: 5_000, carla: 30_000 })).list)).toEqual([
      "dirk",
      "bea",
      "carla",
      "anna",
    ]);
  });

  it("is off without a rule, and the chair may not reorder by hand while it is on", () => {
    const plain = asked(["anna", "dirk"], newSpeakerList());
    expect(errorCode(() => applyFairOrder(plain, context(roll)))).toBe("invalid_transition");
    expect(errorCode(() => moveSpeaker(withRule(zipper, plain), "e-dirk", 0))).toBe("invalid_transition");
  });

  it("describes the rule as it is applied, in English and German", () => {
    expect(describeFairOrder(null, "en")).toBe(
      "Speakers are called in the order they asked to speak. Points of order come first, in the order they were raised.",
    );
    expect(describeFairOrder({ alternateBy: "group", firstTimeFirst: true, balanceSpeakingTime: false }, "en")).toBe(
      "Points of order come first, in the order they were raised. Then whoever has not spoken today goes before whoever has; otherwise in the order people asked to speak. The list alternates by group (zipper): the next speaker is whoever comes first in that order with a different group than the previous speaker, as long as someone with a different group is waiting. People whose group is not on the roll count as one more group.",
    );
    expect(describeFairOrder(zipper, "de")).toBe(
      "Anträge zur Geschäftsordnung kommen zuerst, in der Reihenfolge ihrer Meldung. Danach gilt die Reihenfolge der Meldungen. Die Liste wechselt nach Geschlecht ab (Reißverschluss): Als Nächstes spricht, wer in dieser Reihenfolge zuerst kommt und ein anderes Geschlecht hat als die Person davor, solange jemand mit anderem Geschlecht wartet. Wer ohne Angabe des Geschlechts im Verzeichnis steht, zählt als ein weiteres Geschlecht.",
    );
    const all = [true, false].flatMap((firstTimeFirst) =>
      [true, false].flatMap((balanceSpeakingTime) =>
        ([null, "gender", "group", "region"] as const).map((alternateBy) => ({ alternateBy, firstTimeFirst, balanceSpeakingTime })),
      ),
    );
    for (const language of ["en", "de"] as const) {
      const descriptions = all.map((rule) => describeFairOrder(rule, language));
      expect(new Set(descriptions).size).toBe(all.length);
    }
  });
});

/** A list with random requests, some points of order, a random rule, and a random roll and day so far. */
const scenario = fc
  .record({
    people: fc.array(fc.record({ group: fc.constantFrom("f", "m"), spokenMs: fc.option(fc.nat(600_000), { nil: undefined }) }), {
      minLength: 1,
      maxLength: 14,
    }),
    points: fc.array(fc.nat(13), { maxLength: 4 }),
    rule: fc.record({
      alternateBy: fc.constantFrom(null, "group" as const),
      firstTimeFirst: fc.boolean(),
      balanceSpeakingTime: fc.boolean(),
    }),
    seconds: fc.array(fc.nat(30), { minLength: 14, maxLength: 14 }),
    lastSpeaker: fc.option(fc.constantFrom("f", "m"), { nil: undefined }),
  })
  .filter(({ rule }) => rule.alternateBy !== null || rule.firstTimeFirst || rule.balanceSpeakingTime)
  .map(({ people, points, rule, seconds, lastSpeaker }) => {
    let list = newSpeakerList({ ...defaultSpeakerListSettings, fairOrder: rule });
    if (lastSpeaker) list = stopSpeaker(startNextSpeaker(ask(list, "before", `last-${lastSpeaker}`), at(0)), at(1));
    people.forEach((_, i) => {
      list = ask(list, `e${i}`, `p${i}`, "normal", seconds[i]);
    });
    for (const i of new Set(points.filter((i) => i < people.length))) list = ask(list, `poo${i}`, `p${i}`, "point_of_order", seconds[i]);
    const attributes = new Map<string, string | null>(people.map((person, i) => [`p${i}`, person.group]));
    attributes.set("last-f", "f").set("last-m", "m");
    const today = new Map<string, SpeakerTotals>();
    people.forEach((person, i) => {
      if (person.spokenMs !== undefined) today.set(`p${i}`, { participantId: `p${i}`, speeches: 1, spokenMs: person.spokenMs });
    });
    return { list, rule, context: { attributes, today }, lastSpeaker };
  });

const speechesOf = (entries: readonly SpeakerEntry[]) => entries.filter((entry) => entry.kind !== "point_of_order");

describe("fair order properties", () => {
  it("is a permutation of the waiting entries with points of order first, in request order", () => {
    fc.assert(
      fc.property(scenario, ({ list, context }) => {
        const ordered = waitingEntries(applyFairOrder(list, context).list);
        expect(ordered.map((entry) => entry.id).sort()).toEqual([...list.queue].sort());
        const firstSpeech = ordered.findIndex((entry) => entry.kind !== "point_of_order");
        const points = ordered.filter((entry) => entry.kind === "point_of_order");
        if (firstSpeech >= 0) expect(ordered.slice(firstSpeech).every((entry) => entry.kind !== "point_of_order")).toBe(true);
        const requested = points.map((entry) => Date.parse(entry.requestedAt));
        expect(requested).toEqual([...requested].sort((a, b) => a - b));
      }),
      { numRuns: 500 },
    );
  });

  it("alternates: no two neighbours share a group while the other group still waits", () => {
    fc.assert(
      fc.property(
        scenario.filter(({ rule }) => rule.alternateBy !== null),
        ({ list, context, lastSpeaker }) => {
          const speeches = speechesOf(waitingEntries(applyFairOrder(list, context).list));
          const group = (entry: SpeakerEntry) => context.attributes.get(entry.participantId);
          const sequence = [...(lastSpeaker ? [lastSpeaker] : []), ...speeches.map(group)];
          sequence.forEach((value, i) => {
            if (i === 0 || value !== sequence[i - 1]) return;
            expect(sequence.slice(i).every((later) => later === value)).toBe(true);
          });
        },
      ),
      { numRuns: 500 },
    );
  });

  it("puts first-time speakers first (within each group when it alternates)", () => {
    fc.assert(
      fc.property(
        scenario.filter(({ rule }) => rule.firstTimeFirst),
        ({ list, context, rule }) => {
          const speeches = speechesOf(waitingEntries(applyFairOrder(list, context).list));
          const groups =
            rule.alternateBy === null
              ? [speeches]
              : ["f", "m"].map((g) => speeches.filter((e) => context.attributes.get(e.participantId) === g));
          for (const members of groups) {
            const spoken = members.map((entry) => context.today.has(entry.participantId));
            expect(spoken).toEqual([...spoken].sort((a, b) => Number(a) - Number(b)));
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it("balances speaking time: less time today first, after the first-time speakers", () => {
    fc.assert(
      fc.property(
        scenario.filter(({ rule }) => rule.balanceSpeakingTime && rule.alternateBy === null),
        ({ list, context, rule }) => {
          const speeches = speechesOf(waitingEntries(applyFairOrder(list, context).list));
          const keys = speeches.map((entry) => {
            const today = context.today.get(entry.participantId);
            return (rule.firstTimeFirst && today ? 1e9 : 0) + (today?.spokenMs ?? 0);
          });
          expect(keys).toEqual([...keys].sort((a, b) => a - b));
        },
      ),
      { numRuns: 500 },
    );
  });

  it("is deterministic, independent of the current queue, idempotent, and its moves explain the change", () => {
    const withShuffledQueue = scenario.chain((input) =>
      fc.tuple(
        fc.constant(input),
        fc.shuffledSubarray([...input.list.queue], { minLength: input.list.queue.length, maxLength: input.list.queue.length }),
      ),
    );
    fc.assert(
      fc.property(withShuffledQueue, ([{ list, context }, shuffled]) => {
        const { list: ordered, moves } = applyFairOrder(list, context);
        expect(applyFairOrder(list, context).list).toEqual(ordered);
        expect(applyFairOrder({ ...list, queue: shuffled }, context).list.queue).toEqual(ordered.queue);
        expect(applyFairOrder(ordered, context).moves).toEqual([]);
        for (const move of moves) {
          expect(list.queue[move.from - 1]).toBe(move.entryId);
          expect(ordered.queue[move.to - 1]).toBe(move.entryId);
        }
        const moved = new Set(moves.map((move) => move.entryId));
        expect(list.queue.filter((id) => !moved.has(id))).toEqual(ordered.queue.filter((id) => !moved.has(id)));
      }),
      { numRuns: 500 },
    );
  });
});
