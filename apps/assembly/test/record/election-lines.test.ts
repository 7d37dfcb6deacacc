import { describe, expect, it } from "vitest";
import type { ElectionBallot } from "../../src/domain/election/ballot.ts";
import { countElection } from "../../src/domain/election/count.ts";
import type { ElectionDefinition } from "../../src/domain/election/definition.ts";
import type { Election } from "../../src/domain/election/election.ts";
import type { ElectionPaper } from "../../src/domain/election/paper.ts";
import { electionLines } from "../../src/record/election-lines.ts";
import { recordTexts } from "../../src/record/texts.ts";
import { election as define, marks, ranked } from "../domain/election/fixtures.ts";

const texts = recordTexts("en", "Europe/Berlin");

/** A closed election as the export carries it, counted from `ballots` and the paper part. */
function closed(definition: ElectionDefinition, ballots: ElectionBallot[], paper: ElectionPaper | null = null): Election {
  return {
    id: "e1",
    eventId: "ev",
    agendaItemId: "a1",
    title: definition.title,
    description: "",
    secret: false,
    quorum: null,
    status: "closed",
    setup: { seats: definition.seats, method: definition.method },
    candidates: definition.candidates.map((c) => ({ ...c, participantId: null, nominatedBy: null, withdrawn: false })),
    nomination: "none",
    definition,
    result: countElection(definition, ballots, { seed: "seed", paper }),
    paper: paper === null ? null : { entry: paper, enteredBy: "admin:1", enteredAt: "2026-12-07T10:00:00.000Z" },
    lotSeed: "seed",
    runoffOf: null,
    eligibleCount: 10,
    eligibleWeight: 10,
    createdAt: "2026-12-07T09:00:00.000Z",
    openedAt: "2026-12-07T09:30:00.000Z",
    closedAt: "2026-12-07T09:45:00.000Z",
    publishedAt: null,
  };
}

const people = ["Alma", "Bruno", "Carla"].map((name, i) => ({ id: `c${i + 1}`, name }));

describe("an election in the record", () => {
  it("prints Schulze's pairwise wins and order from the result's matrix", () => {
    const definition = define(people, { method: { kind: "schulze" }, seats: 1 });
    const election = closed(definition, [ranked(3, "c1", "c2", "c3"), ranked(2, "c2", "c3", "c1"), ranked(1, "c3", "c1", "c2")]);
    const lines = new Map(electionLines(election, texts));
    expect(lines.get("Rule")).toBe(
      "Ranked ballots ordered by the Schulze method (strongest paths of pairwise wins), the seats down that order; ties drawn by lot after closing; abstentions do not count towards the base; no quorum; named vote",
    );
    expect(lines.get("Pairwise wins over (Alma)")).toBe("Bruno 4, Carla 3");
    expect(lines.get("Pairwise wins over (Bruno)")).toBe("Alma 2, Carla 5");
    expect(lines.get("Pairwise wins over (Carla)")).toBe("Alma 3, Bruno 1");
    expect(lines.get("Schulze order")).toBe("Alma > Bruno > Carla");
    expect(lines.get("Elected, in order")).toBe("1. Alma");
    expect(lines.get("Turnout")).toBe("3 ballots (weight 6) of 10 entitled (weight 10)");
    expect(lines.has("Paper ballots")).toBe(false);
  });

  it("prints each candidate's yes / no / abstain with the paper counts' share", () => {
    const definition = define(people.slice(0, 2), { method: { kind: "yes_no_abstain" }, seats: 1 });
    const paper: ElectionPaper = {
      kind: "yes_no_abstain",
      voters: { count: 4, weight: 4 },
      abstentions: { count: 0, weight: 0 },
      invalid: { count: 1, weight: 1 },
      candidates: [
        { candidateId: "c1", yes: { count: 3, weight: 3 }, no: { count: 0, weight: 0 } },
        { candidateId: "c2", yes: { count: 0, weight: 0 }, no: { count: 2, weight: 2 } },
      ],
    };
    const lines = new Map(electionLines(closed(definition, [marks(2, { c1: "yes", c2: "no" })], paper), texts));
    expect(lines.get("Paper ballots")).toBe("4 voted on paper (weight 4), counted by the tellers and entered by a chair");
    expect(lines.get("Ballots")).toBe("4 valid (weight 5), 1 invalid (weight 1), 0 abstaining (weight 0); base 5");
    expect(lines.get("Alma")).toBe("yes 5 · no 0 · abstain 0, requirement met (of which on paper: yes 3 · no 0 · abstain 0)");
    expect(lines.get("Bruno")).toBe("yes 0 · no 4 · abstain 1, requirement not met (of which on paper: yes 0 · no 2 · abstain 1)");
    expect(lines.get("Elected, in order")).toBe("1. Alma");
  });
});
