import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addSpeakerByChair,
  closeSpeakerList,
  currentSpeaker,
  defaultSpeakerListSettings,
  entryOf,
  moveSpeaker,
  newSpeakerList,
  pauseSpeaker,
  removeSpeaker,
  reopenSpeakerList,
  requestToSpeak,
  resumeSpeaker,
  type SpeakerList,
  startNextSpeaker,
  startSpeaker,
  stopSpeaker,
  updateSpeakerListSettings,
  withdrawRequest,
} from "../../../src/domain/speakers/speaker-list.ts";
import { errorCode } from "../error-code.ts";
import { ask, at } from "./speakers.fixture.ts";

const empty = newSpeakerList({ ...defaultSpeakerListSettings, proContra: true });

describe("requests to speak", () => {
  it("queue in order, and a double tap with the same key makes one entry", () => {
    const first = requestToSpeak(empty, { entryId: "e1", participantId: "ada", kind: "normal", requestKey: "tap-1", at: at(1) });
    expect(first.created).toBe(true);
    expect(first.entry).toMatchObject({
      id: "e1",
      participantId: "ada",
      state: "waiting",
      requestedAt: at(1),
      addedBy: "self",
      spokenMs: 0,
    });
    const again = requestToSpeak(first.list, { entryId: "e2", participantId: "ada", kind: "normal", requestKey: "tap-1", at: at(2) });
    expect(again).toEqual({ list: first.list, entry: first.entry, created: false });
    const other = ask(first.list, "e3", "ben", "pro");
    expect(other.queue).toEqual(["e1", "e3"]);
    // Keys belong to their participant: the same key from someone else is another request.
    const sameKey = requestToSpeak(other, { entryId: "e4", participantId: "cy", kind: "contra", requestKey: "tap-1", at: at(3) });
    expect(sameKey.created).toBe(true);
    expect(JSON.parse(JSON.stringify(sameKey.list))).toEqual(sameKey.list);
  });

  it("are refused on a closed list, except points of order and the chair", () => {
    const closed = closeSpeakerList(empty);
    expect(closeSpeakerList(closed)).toBe(closed);
    expect(errorCode(() => ask(closed, "e1", "ada"))).toBe("speakers_list_closed");
    expect(ask(closed, "e1", "ada", "point_of_order").queue).toEqual(["e1"]);
    const added = addSpeakerByChair(closed, { entryId: "e2", participantId: "ben", kind: "normal", requestKey: "k", at: at(0) });
    expect(added.entry.addedBy).toBe("chair");
    expect(ask(reopenSpeakerList(closed), "e1", "ada").queue).toEqual(["e1"]);
  });

  it("are refused while the participant already waits, but a point of order may join a speech", () => {
    const waiting = ask(empty, "e1", "ada");
    expect(errorCode(() => ask(waiting, "e2", "ada", "pro"))).toBe("already_on_speakers_list");
    expect(
      errorCode(() => addSpeakerByChair(waiting, { entryId: "e2", participantId: "ada", kind: "normal", requestKey: "k", at: at(0) })),
    ).toBe("already_on_speakers_list");
    const withPoint = ask(waiting, "e2", "ada", "point_of_order");
    expect(withPoint.queue).toEqual(["e2", "e1"]);
    expect(errorCode(() => ask(withPoint, "e3", "ada", "point_of_order"))).toBe("already_on_speakers_list");
    // Speaking does not count as waiting: a speaker may ask to speak again.
    expect(ask(startSpeaker(withPoint, "e1", at(5)), "e4", "ada").queue).toEqual(["e2", "e4"]);
  });

  it("are refused for kinds the list does not take and for malformed input", () => {
    const plain = newSpeakerList({ ...defaultSpeakerListSettings, pointsOfOrder: false });
    expect(errorCode(() => ask(plain, "e1", "ada", "point_of_order"))).toBe("invalid");
    expect(errorCode(() => ask(plain, "e1", "ada", "pro"))).toBe("invalid");
    expect(errorCode(() => ask(empty, "e1", "ada", "shout" as never))).toBe("invalid");
    const request = { entryId: "e1", participantId: "ada", kind: "normal" as const, requestKey: "k", at: at(0) };
    for (const broken of [
      { entryId: "" },
      { participantId: "a b" },
      { requestKey: "x".repeat(101) },
      { at: "yesterday" },
      { at: "2025-05-01T10:00:00" },
    ]) {
      expect(errorCode(() => requestToSpeak(empty, { ...request, ...broken }))).toBe("invalid");
    }
    expect(errorCode(() => requestToSpeak(ask(empty, "e1", "ben"), request))).toBe("conflict");
  });

  it("put points of order ahead of speeches, first come first served among them", () => {
    let list = ask(ask(empty, "n1", "ada"), "n2", "ben");
    list = ask(list, "p1", "cy", "point_of_order");
    list = ask(list, "p2", "dee", "point_of_order");
    list = ask(list, "n3", "eve");
    expect(list.queue).toEqual(["p1", "p2", "n1", "n2", "n3"]);
  });
});

describe("the chair and the speakers", () => {
  const list = ask(ask(ask(empty, "e1", "ada"), "e2", "ben"), "e3", "cy");

  it("withdraw their own request only, once", () => {
    const withdrawn = withdrawRequest(list, "e2", "ben");
    expect(withdrawn.queue).toEqual(["e1", "e3"]);
    expect(entryOf(withdrawn, "e2")).toMatchObject({ state: "removed", removedBy: "self" });
    expect(withdrawRequest(withdrawn, "e2", "ben")).toBe(withdrawn);
    expect(errorCode(() => withdrawRequest(list, "e2", "ada"))).toBe("forbidden");
    expect(errorCode(() => withdrawRequest(list, "nope", "ada"))).toBe("not_found");
    expect(errorCode(() => withdrawRequest(startSpeaker(list, "e2", at(1)), "e2", "ben"))).toBe("invalid_transition");
  });

  it("the chair removes and reorders waiting entries", () => {
    const removed = removeSpeaker(list, "e1");
    expect(entryOf(removed, "e1")).toMatchObject({ state: "removed", removedBy: "chair" });
    expect(removed.queue).toEqual(["e2", "e3"]);
    expect(moveSpeaker(list, "e3", 0).queue).toEqual(["e3", "e1", "e2"]);
    expect(moveSpeaker(list, "e1", 99).queue).toEqual(["e2", "e3", "e1"]);
    expect(errorCode(() => moveSpeaker(removed, "e1", 0))).toBe("invalid_transition");
    const fair = updateSpeakerListSettings(list, {
      fairOrder: { alternateBy: "gender", firstTimeFirst: false, balanceSpeakingTime: false },
    });
    expect(errorCode(() => moveSpeaker(fair, "e3", 0))).toBe("invalid_transition");
  });

  it("one speaker at a time: starting the next stops the current, recording the time", () => {
    const first = startNextSpeaker(list, at(10));
    expect(currentSpeaker(first)).toMatchObject({ id: "e1", state: "speaking", startedAt: at(10), runningSince: at(10) });
    expect(first.queue).toEqual(["e2", "e3"]);
    const third = startSpeaker(first, "e3", at(70));
    expect(entryOf(third, "e1")).toMatchObject({ state: "done", endedAt: at(70), spokenMs: 60_000, runningSince: null });
    expect(currentSpeaker(third)?.id).toBe("e3");
    expect(third.queue).toEqual(["e2"]);
    expect(third.entries.filter((entry) => entry.state === "speaking")).toHaveLength(1);
    expect(errorCode(() => startSpeaker(third, "e1", at(80)))).toBe("invalid_transition");
    const stopped = stopSpeaker(third, at(100));
    expect(entryOf(stopped, "e3")).toMatchObject({ state: "done", spokenMs: 30_000 });
    expect(currentSpeaker(stopped)).toBeNull();
    expect(errorCode(() => stopSpeaker(stopped, at(101)))).toBe("invalid_transition");
    expect(errorCode(() => startNextSpeaker(startNextSpeaker(stopped, at(101)), at(102)))).toBe("invalid_transition");
  });

  it("pauses hold the clock; times before the speech began are refused", () => {
    let running = startNextSpeaker(list, at(0));
    running = pauseSpeaker(running, at(20));
    expect(pauseSpeaker(running, at(25))).toBe(running);
    running = resumeSpeaker(running, at(50));
    expect(resumeSpeaker(running, at(55))).toBe(running);
    expect(errorCode(() => stopSpeaker(running, at(40)))).toBe("invalid");
    expect(entryOf(stopSpeaker(running, at(60)), "e1").spokenMs).toBe(30_000);
    expect(errorCode(() => pauseSpeaker(list, at(1)))).toBe("invalid_transition");
    expect(errorCode(() => startNextSpeaker(list, "soon"))).toBe("invalid");
  });

  it("validates settings", () => {
    for (const patch of [
      { timeLimitMs: 500 },
      { timeLimitMs: 5 * 3_600_000 },
      { pointOfOrderTimeLimitMs: 1.5 },
      { pointsOfOrder: "yes" as never },
      { fairOrder: { alternateBy: "age" as never, firstTimeFirst: false, balanceSpeakingTime: false } },
      { fairOrder: { alternateBy: null, firstTimeFirst: false, balanceSpeakingTime: false } },
      { fairOrder: "zipper" as never },
    ]) {
      expect(errorCode(() => updateSpeakerListSettings(list, patch))).toBe("invalid");
    }
    expect(updateSpeakerListSettings(list, { timeLimitMs: null }).settings.timeLimitMs).toBeNull();
  });
});

type Operation =
  | { op: "ask"; participant: number; kind: "normal" | "pro" | "point_of_order"; key: number; chair: boolean }
  | { op: "withdraw" | "remove" | "start"; entry: number }
  | { op: "move"; entry: number; position: number }
  | { op: "next" | "stop" | "pause" | "resume" | "close" | "reopen" };

const operation: fc.Arbitrary<Operation> = fc.oneof(
  fc.record({
    op: fc.constant("ask" as const),
    participant: fc.nat(4),
    kind: fc.constantFrom("normal" as const, "pro" as const, "point_of_order" as const),
    key: fc.nat(3),
    chair: fc.boolean(),
  }),
  fc.record({ op: fc.constantFrom("withdraw" as const, "remove" as const, "start" as const), entry: fc.nat(12) }),
  fc.record({ op: fc.constant("move" as const), entry: fc.nat(12), position: fc.integer({ min: -2, max: 12 }) }),
  fc.record({
    op: fc.constantFrom("next" as const, "stop" as const, "pause" as const, "resume" as const, "close" as const, "reopen" as const),
  }),
);

function run(list: SpeakerList, step: Operation, second: number): SpeakerList {
  const id = (n: number) => list.entries[n % Math.max(1, list.entries.length)]?.id ?? "none";
  switch (step.op) {
    case "ask": {
      const request = {
        entryId: `e${second}`,
        participantId: `p${step.participant}`,
        kind: step.kind,
        requestKey: `k${step.key}`,
        at: at(second),
      };
      return (step.chair ? addSpeakerByChair : requestToSpeak)(list, request).list;
    }
    case "withdraw":
      return withdrawRequest(list, id(step.entry), list.entries[step.entry % Math.max(1, list.entries.length)]?.participantId ?? "x");
    case "remove":
      return removeSpeaker(list, id(step.entry));
    case "start":
      return startSpeaker(list, id(step.entry), at(second));
    case "move":
      return moveSpeaker(list, id(step.entry), step.position);
    case "next":
      return startNextSpeaker(list, at(second));
    case "stop":
      return stopSpeaker(list, at(second));
    case "pause":
      return pauseSpeaker(list, at(second));
    case "resume":
      return resumeSpeaker(list, at(second));
    case "close":
      return closeSpeakerList(list);
    case "reopen":
      return reopenSpeakerList(list);
  }
}

describe("any sequence of operations (property)", () => {
  it("keeps the list consistent, and a refusal changes nothing", () => {
    fc.assert(
      fc.property(fc.array(operation, { maxLength: 40 }), (steps) => {
        let list = newSpeakerList();
        steps.forEach((step, second) => {
          const before = JSON.stringify(list);
          const code = errorCode(() => {
            list = run(list, step, second);
          });
          if (code !== undefined) expect(JSON.stringify(list)).toBe(before);
          const waiting = list.entries.filter((entry) => entry.state === "waiting").map((entry) => entry.id);
          expect([...list.queue].sort()).toEqual(waiting.sort());
          expect(new Set(list.queue).size).toBe(list.queue.length);
          expect(list.entries.filter((entry) => entry.state === "speaking").length).toBeLessThanOrEqual(1);
          for (const entry of list.entries) {
            expect(entry.spokenMs).toBeGreaterThanOrEqual(0);
            if (entry.state === "done") expect(entry.endedAt).not.toBeNull();
          }
          const perParticipant = new Map<string, number>();
          for (const entry of list.entries.filter((e) => e.state === "waiting")) {
            const key = `${entry.participantId}:${entry.kind === "point_of_order"}`;
            perParticipant.set(key, (perParticipant.get(key) ?? 0) + 1);
          }
          expect([...perParticipant.values()].every((count) => count === 1)).toBe(true);
        });
      }),
      { numRuns: 300 },
    );
  });
});
