import { describe, expect, it } from "vitest";
import { rendezvousRank } from "../../src/supervision/placement.ts";

describe("rendezvousRank", () => {
  const members = ["node-a", "node-b", "node-c"];

  it("orders the members of every key as a permutation; outsiders rank last", () => {
    for (let i = 0; i < 100; i++) {
      const ranks = members.map((member) => rendezvousRank(member, `dashboard:${i}`, members));
      expect([...ranks].sort()).toEqual([0, 1, 2]);
      expect(rendezvousRank("node-x", `dashboard:${i}`, members)).toBe(3);
    }
  });

  it("spreads keys evenly and moves only the departed node's keys", () => {
    const keys = Array.from({ length: 3_000 }, (_, i) => `dashboard:${i}`);
    const first = (key: string, among: string[]) => among.find((member) => rendezvousRank(member, key, among) === 0)!;
    const before = new Map(keys.map((key) => [key, first(key, members)]));
    const perNode = members.map((member) => keys.filter((key) => before.get(key) === member).length);
    for (const count of perNode) expect(count).toBeGreaterThan(850);
    const survivors = ["node-a", "node-c"];
    for (const key of keys) {
      if (before.get(key) !== "node-b") expect(first(key, survivors)).toBe(before.get(key));
    }
  });
});
