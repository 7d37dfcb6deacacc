import type { Language } from "../../api/errors.ts";
import type { Workflow, WorkflowState } from "./workflow.ts";

type StateId = "submitted" | "admitted" | "in_debate" | "voting" | "accepted" | "rejected" | "referred" | "withdrawn";

const names: Readonly<Record<StateId, Readonly<Record<Language, string>>>> = {
  submitted: { en: "Submitted", de: "Eingereicht" },
  admitted: { en: "Admitted", de: "Zugelassen" },
  in_debate: { en: "In debate", de: "In Beratung" },
  voting: { en: "Put to the vote", de: "In Abstimmung" },
  accepted: { en: "Accepted", de: "Angenommen" },
  rejected: { en: "Rejected", de: "Abgelehnt" },
  referred: { en: "Referred", de: "Überwiesen" },
  withdrawn: { en: "Withdrawn", de: "Zurückgezogen" },
};

type Flags = Omit<WorkflowState, "id" | "name" | "next" | "final">;
const none: Flags = { accepted: false, allowsAmendments: false, allowsSupport: false, requiresSupport: false, editable: false };

const shape: readonly (readonly [StateId, readonly StateId[], Partial<Flags>])[] = [
  // Support is collected, and the text still edited, before admission; amendments may come until the vote.
  ["submitted", ["admitted", "withdrawn"], { allowsSupport: true, editable: true, allowsAmendments: true }],
  ["admitted", ["in_debate", "referred", "withdrawn"], { requiresSupport: true, allowsAmendments: true }],
  ["in_debate", ["voting", "referred", "withdrawn"], { allowsAmendments: true }],
  // Back to the debate when the vote fails its quorum or is annulled.
  ["voting", ["accepted", "rejected", "in_debate"], {}],
  ["accepted", [], { accepted: true }],
  ["rejected", [], {}],
  ["referred", [], {}],
  ["withdrawn", [], {}],
];

/**
 * The workflow a new event starts with, its state names in `language`:
 * submitted → admitted → in debate → put to the vote → accepted or
 * rejected; referred (to a committee or the board) from admitted or in
 * debate; withdrawn until the vote. A vote that passes accepts, one that
 * fails rejects, one without quorum (or whose count is not valid: more
 * ballots than the frozen electorate) goes back to the debate.
 */
export function defaultWorkflow(language: Language = "en"): Workflow {
  return {
    name: language === "de" ? "Antragsverfahren" : "Motion procedure",
    initial: "submitted",
    states: shape.map(([id, next, flags]) => ({ id, name: names[id][language], next, final: next.length === 0, ...none, ...flags })),
    vote: { from: ["voting"], outcomes: { passed: "accepted", failed: "rejected", no_quorum: "in_debate", inconsistent: "in_debate" } },
  };
}
