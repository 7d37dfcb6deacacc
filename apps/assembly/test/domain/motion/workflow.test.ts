import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { defaultWorkflow } from "../../../src/domain/motion/default-workflow.ts";
import {
  checkWorkflowReplacement,
  stateAfterVote,
  transitionState,
  validateWorkflow,
  type Workflow,
  type WorkflowState,
} from "../../../src/domain/motion/workflow.ts";
import { errorCode } from "../error-code.ts";

const workflow = defaultWorkflow();
const ids = workflow.states.map((state) => state.id);

function withState(id: string, change: Partial<WorkflowState>): Workflow {
  return { ...workflow, states: workflow.states.map((state) => (state.id === id ? { ...state, ...change } : state)) };
}

describe("the default workflow", () => {
  it("is valid in both languages and says what the procedure is", () => {
    expect(validateWorkflow(workflow)).toEqual(workflow);
    expect(validateWorkflow(defaultWorkflow("de")).states.map((state) => state.name)).toEqual([
      "Eingereicht",
      "Zugelassen",
      "In Beratung",
      "In Abstimmung",
      "Angenommen",
      "Abgelehnt",
      "Überwiesen",
      "Zurückgezogen",
    ]);
    expect(Object.fromEntries(workflow.states.map((state) => [state.id, state.next]))).toEqual({
      submitted: ["admitted", "withdrawn"],
      admitted: ["in_debate", "referred", "withdrawn"],
      in_debate: ["voting", "referred", "withdrawn"],
      voting: ["accepted", "rejected", "in_debate"],
      accepted: [],
      rejected: [],
      referred: [],
      withdrawn: [],
    });
    expect(workflow.states.filter((state) => state.final).map((state) => state.id)).toEqual([
      "accepted",
      "rejected",
      "referred",
      "withdrawn",
    ]);
    expect(workflow.states.filter((state) => state.accepted).map((state) => state.id)).toEqual(["accepted"]);
    expect(workflow.states.filter((state) => state.allowsSupport).map((state) => state.id)).toEqual(["submitted"]);
    expect(workflow.states.filter((state) => state.allowsAmendments).map((state) => state.id)).toEqual([
      "submitted",
      "admitted",
      "in_debate",
    ]);
  });

  it("allows exactly the transitions it lists (property)", () => {
    fc.assert(
      fc.property(fc.constantFrom(...ids), fc.constantFrom(...ids), (from, to) => {
        const allowed = workflow.states.find((state) => state.id === from)!.next.includes(to);
        if (allowed) expect(transitionState(workflow, from, to).id).toBe(to);
        else expect(errorCode(() => transitionState(workflow, from, to))).toBe("invalid_transition");
      }),
    );
    expect(errorCode(() => transitionState(workflow, "nowhere", "admitted"))).toBe("not_found");
  });

  it("maps a vote's outcome to the next state, only where votes are taken", () => {
    expect(stateAfterVote(workflow, "voting", "passed").id).toBe("accepted");
    expect(stateAfterVote(workflow, "voting", "failed").id).toBe("rejected");
    expect(stateAfterVote(workflow, "voting", "no_quorum").id).toBe("in_debate");
    for (const id of ids.filter((id) => id !== "voting")) {
      expect(errorCode(() => stateAfterVote(workflow, id, "passed"))).toBe("invalid_transition");
    }
  });
});

describe("configured workflows", () => {
  it("accepts a chair's own shape", () => {
    const short = validateWorkflow({
      name: "  Kurzverfahren ",
      initial: "open",
      states: [
        { ...workflow.states[0]!, id: "open", name: " Offen ", next: ["done", "gone"] },
        { ...workflow.states[4]!, id: "done", name: "Beschlossen" },
        { ...workflow.states[5]!, id: "gone", name: "Abgelehnt" },
      ],
      vote: { from: ["open"], outcomes: { passed: "done", failed: "gone", no_quorum: "gone", inconsistent: "gone" } },
    });
    expect(short.name).toBe("Kurzverfahren");
    expect(short.states[0]!.name).toBe("Offen");
  });

  const state = (id: string, next: string[]): WorkflowState => ({ ...workflow.states[0]!, id, name: id, next, final: next.length === 0 });
  const trap: Workflow = {
    name: "trap",
    initial: "a",
    states: [state("a", ["b", "done"]), state("b", ["c"]), state("c", ["b"]), state("done", [])],
    vote: { from: ["a"], outcomes: { passed: "done", failed: "done", no_quorum: "done", inconsistent: "done" } },
  };
  const broken: [string, Workflow, string][] = [
    ["an empty name", { ...workflow, name: " " }, "workflow name must have"],
    ["no states", { ...workflow, states: [] }, "needs 1 to 50 states"],
    ["a state twice", { ...workflow, states: [...workflow.states, workflow.states[0]!] }, "appears twice"],
    ["a malformed id", withState("submitted", { id: "Sub mitted" }), "must be 1-40 characters"],
    ["an empty state name", withState("submitted", { name: "" }), "the name of state submitted"],
    ["an unknown next state", withState("submitted", { next: ["admitted", "nowhere"] }), "unknown state nowhere"],
    ["a step to itself", withState("submitted", { next: ["submitted", "admitted"] }), "cannot lead to itself"],
    ["a next state twice", withState("submitted", { next: ["admitted", "admitted"] }), "lists a next state twice"],
    ["a final state that leads on", withState("accepted", { next: ["rejected"] }), "cannot lead anywhere"],
    ["a dead end that is not final", withState("admitted", { next: [] }), "leads nowhere but is not final"],
    ["an accepted state that is not final", withState("in_debate", { accepted: true }), "must be final"],
    ["a flag that is not a boolean", withState("submitted", { editable: "yes" as unknown as boolean }), "editable must be true or false"],
    ["a final initial state", { ...workflow, initial: "accepted" }, "initial state cannot be final"],
    ["an unknown initial state", { ...workflow, initial: "unknown" }, "is not a state of the workflow"],
    [
      "an unreachable state",
      {
        ...withState("admitted", { next: ["in_debate", "withdrawn"] }),
        states: withState("admitted", { next: ["in_debate", "withdrawn"] }).states.map((s) =>
          s.id === "in_debate" ? { ...s, next: ["voting", "withdrawn"] } : s,
        ),
      },
      "referred cannot be reached",
    ],
    ["states that never finish", trap, "no final state can be reached from b"],
    ["a vote rule without states", { ...workflow, vote: { ...workflow.vote, from: [] } }, "needs the states a vote is taken in"],
    ["votes in a final state", { ...workflow, vote: { ...workflow.vote, from: ["accepted"] } }, "votes cannot be taken in accepted"],
    ["a vote state twice", { ...workflow, vote: { ...workflow.vote, from: ["voting", "voting"] } }, "lists a state twice"],
    [
      "an outcome without a transition",
      { ...workflow, vote: { from: ["voting"], outcomes: { ...workflow.vote.outcomes, no_quorum: "submitted" } } },
      "outcome no_quorum must lead",
    ],
    [
      "an outcome some vote state cannot reach",
      { ...workflow, vote: { from: ["voting", "in_debate"], outcomes: workflow.vote.outcomes } },
      "outcome passed must lead to a state in_debate",
    ],
  ];

  it.each(broken)("refuses a workflow with %s", (_, candidate, reason) => {
    expect(errorCode(() => validateWorkflow(candidate))).toBe("invalid");
    expect(() => validateWorkflow(candidate)).toThrow(reason);
  });

  it("can replace a workflow only by one that keeps every state in use", () => {
    expect(errorCode(() => checkWorkflowReplacement(workflow, ["submitted", "voting"]))).toBeUndefined();
    const without = { ...workflow, states: workflow.states.filter((state) => state.id !== "referred") };
    expect(errorCode(() => checkWorkflowReplacement(without, ["referred", "submitted", "referred"]))).toBe("conflict");
  });
});
