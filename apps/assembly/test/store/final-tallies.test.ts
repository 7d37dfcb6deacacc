import { describe, expect, it } from "vitest";
import type { Tally } from "../../src/domain/tally.ts";
import { FinalTallies } from "../../src/store/final-tallies.ts";

const tallyOf = (count: number): Tally => ({ turnout: { count, weight: count } }) as unknown as Tally;

describe("FinalTallies", () => {
  it("keeps at most `max` polls, dropping the oldest first", () => {
    const tallies = new FinalTallies(2);
    tallies.set("a", tallyOf(1));
    tallies.set("b", tallyOf(2));
    tallies.set("a", tallyOf(3));
    expect(tallies.size).toBe(2);
    tallies.set("c", tallyOf(4));
    expect(tallies.size).toBe(2);
    expect(tallies.get("a")).toBeUndefined();
    expect(tallies.get("b")?.turnout.count).toBe(2);
    expect(tallies.get("c")?.turnout.count).toBe(4);
  });
});
