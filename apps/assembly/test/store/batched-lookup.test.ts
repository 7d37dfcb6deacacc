import { describe, expect, it } from "vitest";
import { BatchedLookup } from "../../src/store/batched-lookup.ts";

describe("BatchedLookup", () => {
  it("answers the reads of one turn with one load over their keys", async () => {
    const loads: string[][] = [];
    const lookup = new BatchedLookup<number>(async (keys) => {
      loads.push([...keys]);
      return new Map(keys.map((key) => [key, key.length]));
    });
    expect(await Promise.all([lookup.get("a"), lookup.get("bb"), lookup.get("a"), lookup.get("ccc")])).toEqual([1, 2, 1, 3]);
    expect(loads).toEqual([["a", "bb", "ccc"]]);
  });

  it("fails its readers, not the process, when the load throws at once (a store closed meanwhile)", async () => {
    const lookup = new BatchedLookup<number>(() => {
      throw new Error("store is closed");
    });
    await expect(Promise.all([lookup.get("a"), lookup.get("b")])).rejects.toThrow("store is closed");
    // The next turn still works: the failed batch left nothing pending.
    await expect(lookup.get("c")).rejects.toThrow("store is closed");
  });
});
