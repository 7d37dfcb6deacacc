import { describe, expect, it } from "vitest";
import { projectorView } from "../../../src/domain/speakers/projector-view.ts";
import { closeSpeakerList, newSpeakerList, startNextSpeaker } from "../../../src/domain/speakers/speaker-list.ts";
import { ask, at } from "./speakers.fixture.ts";

describe("the projector view", () => {
  const names = new Map([
    ["ada", "Ada Lovelace"],
    ["ben", "Ben Nevis"],
  ]);

  it("shows the current speaker with the clock and the next three", () => {
    let list = ["ada", "ben", "cy", "dee", "eve"].reduce((result, name) => ask(result, `e-${name}`, name), newSpeakerList());
    list = ask(startNextSpeaker(list, at(0)), "poo", "ben", "point_of_order");
    expect(projectorView(closeSpeakerList(list), at(200), names)).toEqual({
      closed: true,
      current: {
        entryId: "e-ada",
        participantId: "ada",
        name: "Ada Lovelace",
        kind: "normal",
        countdown: { limitMs: 180_000, elapsedMs: 200_000, remainingMs: -20_000, overtime: true, running: true },
      },
      next: [
        { entryId: "poo", participantId: "ben", name: "Ben Nevis", kind: "point_of_order" },
        { entryId: "e-ben", participantId: "ben", name: "Ben Nevis", kind: "normal" },
        { entryId: "e-cy", participantId: "cy", name: null, kind: "normal" },
      ],
      waiting: 5,
    });
  });

  it("shows an empty list as such", () => {
    expect(projectorView(newSpeakerList(), at(0))).toEqual({ closed: false, current: null, next: [], waiting: 0 });
  });
});
