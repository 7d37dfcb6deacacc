import { describe, expect, it } from "vitest";
import { countElection, decideTie } from "../../../src/domain/election/count.ts";
import { drawLot } from "../../../src/domain/election/tie.ts";
import { errorCode } from "../error-code.ts";
import { approve, election } from "./fixtures.ts";

const chaired = election(["a", "b", "c", "d"], { seats: 2, method: { kind: "approval" }, tieRule: { kind: "chair" } });
const tied = [approve(5, "a"), approve(3, "b"), approve(3, "c"), approve(3, "d")];

describe("ties", () => {
  it("the lot is SHA-256 of seed, tie id and candidate id, smallest first, reproducible by anyone", async () => {
    const { createHash } = await import("node:crypto");
    const digest = (id: string) => createHash("sha256").update(`seed\nseat:2\n${id}`).digest("hex");
    const expected = ["b", "c", "d"].sort((x, y) => (digest(x) < digest(y) ? -1 : 1));
    expect(drawLot("seed", "seat:2", ["b", "c", "d"])).toEqual(expected);
    const lot = election(["a", "b", "c", "d"], { seats: 2, method: { kind: "approval" } });
    const result = countElection(lot, tied, { seed: "seed" });
    expect(result.elected.map((seat) => seat.candidateId)).toEqual(["a", expected[0]]);
    expect(result.ties).toEqual([
      { tieId: "seat:2", kind: "seat", at: 2, candidateIds: ["b", "c", "d"], resolvedBy: "lot", order: expected },
    ]);
  });

  it("the lot rule needs a seed and takes no chair decisions", () => {
    const lot = election(["a", "b"], { method: { kind: "approval" } });
    expect(errorCode(() => countElection(lot, []))).toBe("invalid");
    expect(errorCode(() => countElection(lot, [], { seed: "s", decisions: [{ tieId: "seat:1", order: ["a", "b"] }] }))).toBe("invalid");
  });

  it("chair rule: the count reports the tie and stops; the decision completes it", () => {
    const pending = countElection(chaired, tied);
    expect(pending.status).toBe("tie_pending");
    expect(pending.pendingTie).toEqual({ tieId: "seat:2", kind: "seat", at: 2, candidateIds: ["b", "c", "d"] });
    expect(pending.elected.map((seat) => seat.candidateId)).toEqual([]);
    const done = decideTie(chaired, tied, pending, ["d", "b", "c"]);
    expect(done.status).toBe("complete");
    expect(done.elected.map((seat) => seat.candidateId)).toEqual(["a", "d"]);
    expect(done.decisions).toEqual([{ tieId: "seat:2", order: ["d", "b", "c"] }]);
    expect(done.ties).toEqual([
      { tieId: "seat:2", kind: "seat", at: 2, candidateIds: ["b", "c", "d"], resolvedBy: "chair", order: ["d", "b", "c"] },
    ]);
  });

  it("rejects a decision that does not order exactly the tied candidates, or that matches no tie", () => {
    const pending = countElection(chaired, tied);
    expect(errorCode(() => decideTie(chaired, tied, pending, ["d", "b"]))).toBe("invalid");
    expect(errorCode(() => decideTie(chaired, tied, pending, ["d", "b", "a"]))).toBe("invalid");
    expect(
      errorCode(() => countElection(chaired, [approve(1, "a"), approve(1, "a", "b")], { decisions: [{ tieId: "seat:2", order: ["b"] }] })),
    ).toBe("invalid");
    const done = decideTie(chaired, tied, pending, ["b", "c", "d"]);
    expect(errorCode(() => decideTie(chaired, tied, done, ["b", "c", "d"]))).toBe("invalid_transition");
  });

  it("an ordered list resolves ties between elected candidates for their positions, not only at the cut", () => {
    const list = election(["a", "b", "c"], { seats: 3, ordered: true, method: { kind: "approval", maxApprovals: 3 } });
    const result = countElection(list, [approve(2, "a", "b", "c"), approve(1, "c")], { seed: "list" });
    expect(result.elected[0]!.candidateId).toBe("c");
    expect(result.ties).toEqual([
      { tieId: "position:2", kind: "position", at: 2, candidateIds: ["a", "b"], resolvedBy: "lot", order: result.ties[0]!.order },
    ]);
    const unordered = election(["a", "b", "c"], { seats: 3, method: { kind: "approval", maxApprovals: 3 } });
    expect(countElection(unordered, [approve(2, "a", "b", "c"), approve(1, "c")], { seed: "list" }).ties).toEqual([]);
  });
});
