import { describe, expect, it } from "vitest";
import { dayOf, speechesOfDay } from "../../../src/domain/speakers/speaking-day.ts";
import { newSpeakerList, requestToSpeak, startNextSpeaker, stopSpeaker } from "../../../src/domain/speakers/speaker-list.ts";
import { speakingStatistics } from "../../../src/domain/speakers/speaking-stats.ts";

describe("the speaking day", () => {
  it("is the calendar day on the hall's clock, not UTC's", () => {
    expect(dayOf("2026-05-28T22:30:00.000Z", "Europe/Berlin")).toBe("2026-05-29");
    expect(dayOf("2026-05-28T22:30:00.000Z", "UTC")).toBe("2026-05-28");
  });

  it("keeps only the speeches begun that day", () => {
    let list = newSpeakerList();
    for (const [participantId, day] of [
      ["p1", "2026-05-27"],
      ["p2", "2026-05-28"],
    ] as const) {
      list = requestToSpeak(list, { entryId: participantId, participantId, kind: "normal", requestKey: "k", at: `${day}T09:00:00Z` }).list;
      list = startNextSpeaker(list, `${day}T10:00:00Z`);
      list = stopSpeaker(list, `${day}T10:01:00Z`);
    }
    list = requestToSpeak(list, { entryId: "p3", participantId: "p3", kind: "normal", requestKey: "k", at: "2026-05-28T11:00:00Z" }).list;
    const today = speechesOfDay([list], "2026-05-28T12:00:00Z", "Europe/Berlin");
    expect(today[0]!.entries.map((entry) => entry.participantId)).toEqual(["p2"]);
    expect(speakingStatistics(today).participants).toEqual([{ participantId: "p2", speeches: 1, spokenMs: 60_000 }]);
  });
});
