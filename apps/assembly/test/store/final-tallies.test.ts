import { describe, expect, it } from "vitest";
import type { Tally } from "../../src/domain/tally.ts";
import { FinalTallies } from "../../src/store/final-tallies.ts";

const tallyOf = (count: number): Tally => ({ turnout: { count, weight: count } }) as unknown as Tally;

describe("FinalTallies", () => {
  it("keeps at most `max` polls, dropping the oldest first", () => {
    const tallies = new FinalTallies(2);
    tallies.set("a", 0, tallyOf(1));
    tallies.set("b", 0, tallyOf(2));
    tallies.set("a", 0, tallyOf(3));
    expect(tallies.size).toBe(2);
    tallies.set("c", 0, tallyOf(4));
    expect(tallies.size).toBe(2);
    expect(tallies.get("a", 0)).toBeUndefined();
    expect(tallies.get("b", 0)?.turnout.count).toBe(2);
    expect(tallies.get("c", 0)?.turnout.count).toBe(4);
  });

  it("serves a tally only for the paper revision it was counted at", () => {
    const tallies = new FinalTallies();
    tallies.set("a", 3, tallyOf(1));
    expect(tallies.get("a", 4)).toBeUndefined();
    expect(tallies.get("a", 3)?.turnout.count).toBe(1);
    tallies.set("a", 4, tallyOf(2));
    expect(tallies.get("a", 3)).toBeUndefined();
    expect(tallies.get("a", 4)?.turnout.count).toBe(2);
  });
});
