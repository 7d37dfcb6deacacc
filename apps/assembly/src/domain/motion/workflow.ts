import { DomainError } from "../errors.ts";
import type { PollOutcome } from "../tally.ts";

/** A state a motion (or an amendment) can be in; the workflow is data, so chairs can shape it. */
export interface WorkflowState {
  /** Stable id, 1–40 characters of a–z, 0–9 and `_`, starting with a letter. */
  readonly id: string;
  /** What people read. */
  readonly name: string;
  /** The states it may move to. Empty exactly when the state is final. */
  readonly next: readonly string[];
  /** Nothing happens after it (accepted, rejected, withdrawn...). */
  readonly final: boolean;
  /** The motion was adopted; an amendment in such a state goes into the final text. Only final states. */
  readonly accepted: boolean;
  /** Amendments to the motion may be filed. */
  readonly allowsAmendments: boolean;
  /** Participants may add or remove their support. */
  readonly allowsSupport: boolean;
  /** Entering it needs the motion's minimum number of supporters (admission). */
  readonly requiresSupport: boolean;
  /** The motion's text may still be edited; amendments pin it down otherwise. */
  readonly editable: boolean;
}

/** Where a vote on a motion leads: taken in one of `from`, its outcome picks the next state. */
export interface VoteRule {
  readonly from: readonly string[];
  readonly outcomes: Readonly<Record<PollOutcome, string>>;
}

export interface Workflow {
  readonly name: string;
  /** The state every new motion starts in. */
  readonly initial: string;
  readonly states: readonly WorkflowState[];
  readonly vote: VoteRule;
}

const stateIdPattern = /^[a-z][a-z0-9_]{0,39}$/;
const pollOutcomes: readonly PollOutcome[] = ["passed", "failed", "no_quorum", "inconsistent"];
const maxStates = 50;

function invalid(message: string, details: Record<string, unknown>): DomainError {
  return new DomainError("invalid", message, { field: "workflow", ...details });
}

function label(value: unknown, what: string): string {
  const trimmed = typeof value === "string" ? value.trim() : "";
  if (trimmed.length === 0 || trimmed.length > 100) throw invalid(`${what} must have 1 to 100 characters`, {});
  return trimmed;
}

/**
 * Validates a workflow and returns it normalised (names trimmed). Refuses,
 * with `invalid`: malformed or duplicate state ids; transitions to unknown
 * states, to the state itself or twice to the same state; final states with
 * transitions and other states without; accepted states that are not final;
 * an initial state that is unknown or final; states the initial state cannot
 * reach, and states from which no final state can be reached; a vote rule
 * taken in an unknown or final state, or leading somewhere its states have
 * no transition to.
 */
export function validateWorkflow(input: Workflow): Workflow {
  const name = label(input?.name, "workflow name");
  if (!Array.isArray(input.states) || input.states.length === 0 || input.states.length > maxStates) {
    throw invalid(`a workflow needs 1 to ${maxStates} states`, {});
  }
  const states = input.states.map(validateState);
  const byId = new Map<string, WorkflowState>();
  for (const state of states) {
    if (byId.has(state.id)) throw invalid(`state ${state.id} appears twice`, { state: state.id });
    byId.set(state.id, state);
  }
  for (const state of states) {
    for (const target of state.next) {
      if (!byId.has(target)) throw invalid(`state ${state.id} leads to unknown state ${target}`, { state: state.id });
    }
  }
  const initial = byId.get(input.initial);
  if (!initial) throw invalid(`the initial state ${String(input.initial)} is not a state of the workflow`, {});
  if (initial.final) throw invalid("the initial state cannot be final", { state: initial.id });

  const reachable = closure([initial.id], (id) => byId.get(id)!.next);
  const unreachable = states.find((state) => !reachable.has(state.id));
  if (unreachable) throw invalid(`state ${unreachable.id} cannot be reached from ${initial.id}`, { state: unreachable.id });
  const predecessors = new Map<string, string[]>(states.map((state) => [state.id, []]));
  for (const state of states) for (const target of state.next) predecessors.get(target)!.push(state.id);
  const canFinish = closure(
    states.filter((state) => state.final).map((state) => state.id),
    (id) => predecessors.get(id)!,
  );
  const trapped = states.find((state) => !canFinish.has(state.id));
  if (trapped) throw invalid(`no final state can be reached from ${trapped.id}`, { state: trapped.id });

  return { name, initial: initial.id, states, vote: validateVoteRule(input.vote, byId) };
}

function validateState(input: WorkflowState): WorkflowState {
  if (typeof input?.id !== "string" || !stateIdPattern.test(input.id)) {
    throw invalid(`state id ${JSON.stringify(input?.id)} must be 1-40 characters of a-z 0-9 _ starting with a letter`, {});
  }
  const id = input.id;
  const flags = ["final", "accepted", "allowsAmendments", "allowsSupport", "requiresSupport", "editable"] as const;
  for (const flag of flags) {
    if (typeof input[flag] !== "boolean") throw invalid(`state ${id}: ${flag} must be true or false`, { state: id });
  }
  if (!Array.isArray(input.next) || input.next.some((target) => typeof target !== "string")) {
    throw invalid(`state ${id}: next must be a list of state ids`, { state: id });
  }
  if (input.next.includes(id)) throw invalid(`state ${id} cannot lead to itself`, { state: id });
  if (new Set(input.next).size !== input.next.length) throw invalid(`state ${id} lists a next state twice`, { state: id });
  if (input.final && input.next.length > 0) throw invalid(`final state ${id} cannot lead anywhere`, { state: id });
  if (!input.final && input.next.length === 0) throw invalid(`state ${id} leads nowhere but is not final`, { state: id });
  if (input.accepted && !input.final) throw invalid(`accepted state ${id} must be final`, { state: id });
  return {
    id,
    name: label(input.name, `the name of state ${id}`),
    next: [...input.next],
    final: input.final,
    accepted: input.accepted,
    allowsAmendments: input.allowsAmendments,
    allowsSupport: input.allowsSupport,
    requiresSupport: input.requiresSupport,
    editable: input.editable,
  };
}

function validateVoteRule(input: VoteRule, byId: ReadonlyMap<string, WorkflowState>): VoteRule {
  if (!Array.isArray(input?.from) || input.from.length === 0) throw invalid("the vote rule needs the states a vote is taken in", {});
  if (new Set(input.from).size !== input.from.length) throw invalid("the vote rule lists a state twice", {});
  for (const id of input.from) {
    const state = byId.get(id);
    if (!state || state.final) throw invalid(`votes cannot be taken in ${String(id)}`, { state: id });
  }
  const outcomes = {} as Record<PollOutcome, string>;
  for (const outcome of pollOutcomes) {
    const target = input.outcomes?.[outcome];
    for (const id of input.from) {
      if (typeof target !== "string" || !byId.get(id)!.next.includes(target)) {
        throw invalid(`the vote outcome ${outcome} must lead to a state ${id} has a transition to`, { state: id, outcome });
      }
    }
    outcomes[outcome] = target!;
  }
  return { from: [...input.from], outcomes };
}

function closure(start: readonly string[], neighbours: (id: string) => readonly string[]): Set<string> {
  const seen = new Set(start);
  const queue = [...start];
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
    for (const next of neighbours(id)) {
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return seen;
}

/** The state `id` of `workflow`; `not_found` when the workflow has no such state. */
export function workflowState(workflow: Workflow, id: string): WorkflowState {
  const state = workflow.states.find((candidate) => candidate.id === id);
  if (!state) throw new DomainError("not_found", `the workflow has no state ${id}`, { state: id });
  return state;
}

/** The state reached by moving from `from` to `to`; `invalid_transition` unless the workflow allows that step. */
export function transitionState(workflow: Workflow, from: string, to: string): WorkflowState {
  if (!workflowState(workflow, from).next.includes(to)) {
    throw new DomainError("invalid_transition", `a motion cannot go from ${from} to ${to}`, { from, to });
  }
  return workflowState(workflow, to);
}

/**
 * The state a vote's outcome moves a motion to from `from`, by the
 * workflow's vote rule; `invalid_transition` when no vote is taken in `from`.
 */
export function stateAfterVote(workflow: Workflow, from: string, outcome: PollOutcome): WorkflowState {
  if (!workflow.vote.from.includes(from)) {
    throw new DomainError("invalid_transition", `no vote is taken on a motion in state ${from}`, { from, outcome });
  }
  return transitionState(workflow, from, workflow.vote.outcomes[outcome]);
}

/**
 * Checks that `replacement` can take over from a workflow whose states
 * `inUse` are held by motions: `conflict`, naming them, when it lacks any.
 */
export function checkWorkflowReplacement(replacement: Workflow, inUse: Iterable<string>): void {
  const ids = new Set(replacement.states.map((state) => state.id));
  const missing = [...new Set(inUse)].filter((id) => !ids.has(id)).sort();
  if (missing.length > 0) {
    throw new DomainError("conflict", `motions are still in states the new workflow lacks: ${missing.join(", ")}`, { states: missing });
  }
}
