import { describe, expect, it } from "vitest";
import { newSpeakerList, removeSpeaker, startNextSpeaker, stopSpeaker } from "../../../src/domain/speakers/speaker-list.ts";
import { speakingStatistics } from "../../../src/domain/speakers/speaking-stats.ts";
import { ask, at } from "./speakers.fixture.ts";

describe("speaking-time statistics", () => {
  // Morning: ada 60 s, ben 30 s, ada again 20 s; cy withdrew. Afternoon: ben speaks from 1000 s on.
  let morning = ask(ask(ask(newSpeakerList(), "m1", "ada"), "m2", "ben"), "m3", "cy");
  morning = stopSpeaker(startNextSpeaker(morning, at(0)), at(60));
  morning = stopSpeaker(startNextSpeaker(morning, at(60)), at(90));
  morning = removeSpeaker(ask(morning, "m4", "ada"), "m3");
  morning = stopSpeaker(startNextSpeaker(morning, at(100)), at(120));
  const afternoon = startNextSpeaker(ask(ask(newSpeakerList(), "a1", "ben"), "a2", "dee"), at(1000));
  const groups = new Map<string, string | null>([
    ["ada", "Nord"],
    ["ben", "Süd"],
    ["cy", "Nord"],
  ]);

  it("sums per speaker and per group, the running speech up to the instant given", () => {
    expect(speakingStatistics([morning, afternoon], groups, at(1045))).toEqual({
      participants: [
        { participantId: "ada", speeches: 2, spokenMs: 80_000 },
        { participantId: "ben", speeches: 2, spokenMs: 75_000 },
      ],
      groups: [
        { group: "Nord", speeches: 2, spokenMs: 80_000, speakers: 1 },
        { group: "Süd", speeches: 2, spokenMs: 75_000, speakers: 1 },
      ],
      speeches: 4,
      spokenMs: 155_000,
    });
  });

  it("counts only finished stretches without an instant, and puts people without a group last", () => {
    const stats = speakingStatistics([morning, afternoon]);
    expect(stats.participants).toEqual([
      { participantId: "ada", speeches: 2, spokenMs: 80_000 },
      { participantId: "ben", speeches: 2, spokenMs: 30_000 },
    ]);
    expect(stats.groups).toEqual([{ group: null, speeches: 4, spokenMs: 110_000, speakers: 2 }]);
    expect(speakingStatistics([])).toEqual({ participants: [], groups: [], speeches: 0, spokenMs: 0 });
  });
});
