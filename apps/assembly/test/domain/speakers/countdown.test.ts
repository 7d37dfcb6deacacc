import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { countdown, elapsedMs } from "../../../src/domain/speakers/countdown.ts";
import {
  currentSpeaker,
  defaultSpeakerListSettings,
  entryOf,
  newSpeakerList,
  pauseSpeaker,
  resumeSpeaker,
  startNextSpeaker,
  stopSpeaker,
} from "../../../src/domain/speakers/speaker-list.ts";
import { ask, at } from "./speakers.fixture.ts";

const settings = { ...defaultSpeakerListSettings, timeLimitMs: 120_000, pointOfOrderTimeLimitMs: 30_000 };
const list = startNextSpeaker(ask(newSpeakerList(settings), "e1", "ada"), at(0));
const speaker = currentSpeaker(list)!;

describe("the countdown", () => {
  it("counts down from the limit and into overtime", () => {
    expect(countdown(settings, speaker, at(0))).toEqual({
      limitMs: 120_000,
      elapsedMs: 0,
      remainingMs: 120_000,
      overtime: false,
      running: true,
    });
    expect(countdown(settings, speaker, at(90))).toMatchObject({ elapsedMs: 90_000, remainingMs: 30_000, overtime: false });
    expect(countdown(settings, speaker, at(120))).toMatchObject({ remainingMs: 0, overtime: false });
    expect(countdown(settings, speaker, at(135))).toMatchObject({ remainingMs: -15_000, overtime: true });
  });

  it("holds while paused, and never runs backwards for a lagging clock", () => {
    const paused = currentSpeaker(pauseSpeaker(list, at(40)))!;
    expect(countdown(settings, paused, at(500))).toMatchObject({ elapsedMs: 40_000, remainingMs: 80_000, running: false });
    const resumed = currentSpeaker(resumeSpeaker(pauseSpeaker(list, at(40)), at(100)))!;
    expect(countdown(settings, resumed, at(110)).elapsedMs).toBe(50_000);
    expect(countdown(settings, resumed, at(99)).elapsedMs).toBe(40_000);
  });

  it("uses the point-of-order limit for points of order, and none where there is no limit", () => {
    const point = currentSpeaker(startNextSpeaker(ask(newSpeakerList(settings), "p", "ada", "point_of_order"), at(0)))!;
    expect(countdown(settings, point, at(40))).toMatchObject({ limitMs: 30_000, remainingMs: -10_000, overtime: true });
    expect(countdown({ ...settings, timeLimitMs: null }, speaker, at(4000))).toMatchObject({
      limitMs: null,
      remainingMs: null,
      overtime: false,
    });
    const done = entryOf(stopSpeaker(list, at(75)), "e1");
    expect(countdown(settings, done, at(1000))).toMatchObject({ elapsedMs: 75_000, remainingMs: 45_000, running: false });
  });

  it("remaining plus elapsed is always the limit (property)", () => {
    fc.assert(
      fc.property(fc.nat(100_000), fc.nat(100_000), (spokenMs, ms) => {
        const entry = { ...speaker, spokenMs, runningSince: at(0) };
        const clock = countdown(settings, entry, at(ms / 1000));
        expect(clock.elapsedMs).toBe(elapsedMs(entry, at(ms / 1000)));
        expect(clock.remainingMs! + clock.elapsedMs).toBe(120_000);
        expect(clock.overtime).toBe(clock.remainingMs! < 0);
      }),
    );
  });
});
