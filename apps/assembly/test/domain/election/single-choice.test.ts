import { describe, expect, it } from "vitest";
import { countElection } from "../../../src/domain/election/count.ts";
import { deriveRunoff } from "../../../src/domain/election/runoff.ts";
import { errorCode } from "../error-code.ts";
import { abstain, election, resultOf, single } from "./fixtures.ts";

const chairperson = election(["ada", "ben", "cy", "dee"], { method: { kind: "single_choice" } });

describe("single choice with runoff", () => {
  it("an absolute majority of valid votes elects in the first round", () => {
    const result = resultOf(
      "single_choice",
      countElection(chairperson, [single(51, "ada"), single(49, "ben"), abstain(30)], { seed: "s" }),
    );
    expect(result.status).toBe("complete");
    expect(result.elected.map((seat) => seat.candidateId)).toEqual(["ada"]);
    expect(result.runoff).toBeNull();
  });

  it("exactly half is not a majority: a runoff between the best two is required", () => {
    const result = resultOf(
      "single_choice",
      countElection(chairperson, [single(50, "ada"), single(30, "ben"), single(20, "cy")], { seed: "s" }),
    );
    expect(result.status).toBe("runoff_required");
    expect(result.elected).toEqual([]);
    expect(result.runoff).toEqual({ candidateIds: ["ada", "ben"] });
  });

  it("derives the runoff: the two candidates, plurality, the next round", () => {
    const first = resultOf(
      "single_choice",
      countElection(chairperson, [single(40, "ada"), single(35, "ben"), single(25, "cy")], { seed: "s" }),
    );
    const runoff = deriveRunoff(chairperson, first);
    expect(runoff.candidates.map((c) => c.id)).toEqual(["ada", "ben"]);
    expect(runoff.method).toMatchObject({ kind: "single_choice", requirement: { kind: "none" } });
    expect(runoff.round).toBe(2);
    const second = resultOf("single_choice", countElection(runoff, [single(45, "ben"), single(40, "ada"), single(1, "cy")], { seed: "s" }));
    expect(second.ballots.invalid.count).toBe(1);
    expect(second.round).toBe(2);
    expect(second.elected.map((seat) => seat.candidateId)).toEqual(["ben"]);
    expect(errorCode(() => deriveRunoff(runoff, second))).toBe("invalid_transition");
  });

  it("a tie for the last runoff place goes to the tie rule; the chair's decision settles it", () => {
    const chaired = election(["ada", "ben", "cy", "dee"], { method: { kind: "single_choice" }, tieRule: { kind: "chair" } });
    const ballots = [single(40, "ada"), single(30, "ben"), single(30, "cy")];
    const pending = countElection(chaired, ballots);
    expect(pending.status).toBe("tie_pending");
    expect(pending.pendingTie).toEqual({ tieId: "runoff_place:2", kind: "runoff_place", at: 2, candidateIds: ["ben", "cy"] });
    const decided = resultOf(
      "single_choice",
      countElection(chaired, ballots, { decisions: [{ tieId: "runoff_place:2", order: ["cy", "ben"] }] }),
    );
    expect(decided.status).toBe("runoff_required");
    expect(decided.runoff).toEqual({ candidateIds: ["ada", "cy"] });
    expect(decided.ties[0]).toMatchObject({ resolvedBy: "chair", order: ["cy", "ben"] });
  });

  it("runoffSize 3 keeps the best three", () => {
    const wide = election(["ada", "ben", "cy", "dee"], { method: { kind: "single_choice", runoffSize: 3 } });
    const result = resultOf(
      "single_choice",
      countElection(wide, [single(4, "ada"), single(3, "ben"), single(2, "cy"), single(1, "dee")], { seed: "s" }),
    );
    expect(result.runoff).toEqual({ candidateIds: ["ada", "ben", "cy"] });
  });

  it("a plurality tie at the top goes to the lot", () => {
    const plurality = election(["ada", "ben"], { method: { kind: "single_choice", requirement: { kind: "none" } } });
    const result = countElection(plurality, [single(3, "ada"), single(3, "ben")], { seed: "draw" });
    expect(result.status).toBe("complete");
    expect(result.ties[0]).toMatchObject({ tieId: "seat:1", resolvedBy: "lot" });
    expect(result.elected[0]!.candidateId).toBe(result.ties[0]!.order[0]);
  });
});
