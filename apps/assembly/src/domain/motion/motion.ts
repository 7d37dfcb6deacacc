import { validateTitle } from "../agenda.ts";
import { DomainError } from "../errors.ts";
import { type Recommendation, validateRecommendation } from "./recommendation.ts";
import { isSubmitter, type Submitter, validateSubmitters } from "./submitter.ts";
import { transitionState, type Workflow, type WorkflowState, workflowState } from "./workflow.ts";

/** What the submitters and the chair write; the rest of a motion is its life in the workflow. */
export interface MotionDefinition {
  /** "A1", "S-3"...; null until the chair numbers it. Unique within the event (the store's concern). */
  readonly number: string | null;
  readonly title: string;
  /** Markdown subset (see markdown.ts); line endings normalised to `\n`, Unicode to NFC. */
  readonly text: string;
  /** Markdown subset; may be empty. */
  readonly reason: string;
  readonly submitters: readonly Submitter[];
  /** Supporters needed before admission (states that `requiresSupport`); 0 when none are. */
  readonly minSupporters: number;
  readonly category: string | null;
  readonly agendaItemId: string | null;
}

export interface Motion extends MotionDefinition {
  readonly id: string;
  readonly eventId: string;
  /** Id of its state in the event's motion workflow. */
  readonly state: string;
  /** Participant ids, in the order they gave their support. */
  readonly supporters: readonly string[];
  readonly recommendation: Recommendation | null;
  readonly createdAt: string;
}

export interface NewMotion {
  readonly number?: string | null;
  readonly title: string;
  readonly text: string;
  readonly reason?: string;
  readonly submitters: readonly Submitter[];
  /** Default 0. */
  readonly minSupporters?: number;
  readonly category?: string | null;
  readonly agendaItemId?: string | null;
}

export type MotionPatch = Partial<NewMotion>;

export const maxMotionTextLength = 100_000;
const maxReasonLength = 20_000;
const maxSupportersRequired = 1000;
const numberPattern = /^[\p{L}\p{N}][\p{L}\p{N}\-./ ]{0,19}$/u;
/** C0 controls other than tab and line breaks, DEL and C1 controls never belong in a motion and confuse printing. */
function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || (code >= 0x7f && code <= 0x9f)) return true;
  }
  return false;
}

function invalid(message: string, field: string): DomainError {
  return new DomainError("invalid", message, { field });
}

/** Normalises line endings to `\n` and Unicode to NFC, so numbering and diffs see one spelling of the text. */
export function validateMotionText(text: string, field = "text", maxLength = maxMotionTextLength): string {
  if (typeof text !== "string") throw invalid(`${field} must be text`, field);
  if (hasControlCharacter(text)) throw invalid(`${field} contains control characters`, field);
  const normalised = text.replace(/\r\n?/g, "\n").normalize("NFC");
  if (normalised.length > maxLength) throw invalid(`${field} must have at most ${maxLength} characters`, field);
  return normalised;
}

export function validateMotionNumber(number: string | null): string | null {
  if (number === null) return null;
  const trimmed = number.trim();
  if (trimmed === "") return null;
  if (!numberPattern.test(trimmed))
    throw invalid(`motion number ${JSON.stringify(number)} must be 1-20 letters, digits, - . / or spaces`, "number");
  return trimmed;
}

function optionalLabel(value: string | null | undefined, field: string, maxLength: number): string | null {
  if (value === undefined || value === null) return null;
  const trimmed = value.trim();
  if (trimmed.length > maxLength) throw invalid(`${field} must have at most ${maxLength} characters`, field);
  return trimmed === "" ? null : trimmed;
}

/** Validates a new motion and fills defaults; the result is what gets stored beside its state. */
export function validateNewMotion(input: NewMotion): MotionDefinition {
  const text = validateMotionText(input.text);
  if (text.trim() === "") throw invalid("a motion needs a text", "text");
  const minSupporters = input.minSupporters ?? 0;
  if (!Number.isSafeInteger(minSupporters) || minSupporters < 0 || minSupporters > maxSupportersRequired) {
    throw invalid(`minSupporters must be an integer from 0 to ${maxSupportersRequired}`, "minSupporters");
  }
  return {
    number: validateMotionNumber(input.number ?? null),
    title: validateTitle(input.title),
    text,
    reason: validateMotionText(input.reason ?? "", "reason", maxReasonLength),
    submitters: validateSubmitters(input.submitters),
    minSupporters,
    category: optionalLabel(input.category, "category", 100),
    agendaItemId: optionalLabel(input.agendaItemId, "agendaItemId", 100),
  };
}

const contentFields = ["title", "text", "reason", "submitters", "minSupporters"] as const;

/**
 * Applies a patch. Number, category and agenda item can be changed in any
 * state; the content (title, text, reason, submitters, minimum support) only
 * in a state that is `editable` — afterwards amendments refer to its lines.
 */
export function applyMotionPatch(workflow: Workflow, current: Motion, patch: MotionPatch): MotionDefinition {
  const state = workflowState(workflow, current.state);
  const changed = contentFields.filter((field) => patch[field] !== undefined);
  if (!state.editable && changed.length > 0) {
    throw new DomainError("invalid_transition", `the ${changed.join(", ")} of a motion in state ${state.id} can no longer be edited`, {
      state: state.id,
      fields: changed,
    });
  }
  return validateNewMotion({
    number: patch.number === undefined ? current.number : patch.number,
    title: patch.title ?? current.title,
    text: patch.text ?? current.text,
    reason: patch.reason ?? current.reason,
    submitters: patch.submitters ?? current.submitters,
    minSupporters: patch.minSupporters ?? current.minSupporters,
    category: patch.category === undefined ? current.category : patch.category,
    agendaItemId: patch.agendaItemId === undefined ? current.agendaItemId : patch.agendaItemId,
  });
}

type MotionProgress = Pick<Motion, "state" | "supporters" | "minSupporters">;

/**
 * The state a motion moves to. Refuses `invalid_transition` when the
 * workflow has no such step, `insufficient_support` when the target
 * requires support and the motion has fewer than its minimum.
 */
export function transitionMotion(workflow: Workflow, motion: MotionProgress, to: string): WorkflowState {
  const target = transitionState(workflow, motion.state, to);
  if (target.requiresSupport && motion.supporters.length < motion.minSupporters) {
    throw new DomainError(
      "insufficient_support",
      `the motion has ${motion.supporters.length} of the ${motion.minSupporters} supporters it needs to be ${target.id}`,
      { supporters: motion.supporters.length, required: motion.minSupporters },
    );
  }
  return target;
}

function supportableState(workflow: Workflow, motion: Pick<Motion, "state">): void {
  const state = workflowState(workflow, motion.state);
  if (!state.allowsSupport) {
    throw new DomainError("invalid_transition", `support cannot change while the motion is ${state.id}`, { state: state.id });
  }
}

/**
 * The supporters after `participantId` supports the motion. Supporting
 * twice changes nothing (a repeated tap); submitters cannot support their
 * own motion (`conflict`); only states that allow support accept it.
 */
export function addSupporter(
  workflow: Workflow,
  motion: Pick<Motion, "state" | "supporters" | "submitters">,
  participantId: string,
): string[] {
  supportableState(workflow, motion);
  if (isSubmitter(motion.submitters, participantId)) {
    throw new DomainError("conflict", "submitters cannot support their own motion", { participantId });
  }
  return motion.supporters.includes(participantId) ? [...motion.supporters] : [...motion.supporters, participantId];
}

/** The supporters after `participantId` withdraws support; withdrawing support never given changes nothing. */
export function removeSupporter(workflow: Workflow, motion: Pick<Motion, "state" | "supporters">, participantId: string): string[] {
  supportableState(workflow, motion);
  return motion.supporters.filter((id) => id !== participantId);
}

/** Validates a new recommendation (or null to clear it); once the motion is in a final state it stays as it was. */
export function setRecommendation(
  workflow: Workflow,
  motion: Pick<Motion, "state">,
  recommendation: Recommendation | null,
): Recommendation | null {
  const state = workflowState(workflow, motion.state);
  if (state.final) {
    throw new DomainError("invalid_transition", `the recommendation of a motion that is ${state.id} is final`, { state: state.id });
  }
  return recommendation === null ? null : validateRecommendation(recommendation);
}

/** The next free number with `prefix` ("A" gives A1, A2...): one past the highest number of that form in `existing`. */
export function nextMotionNumber(existing: Iterable<string | null>, prefix = "A"): string {
  let highest = 0;
  for (const number of existing) {
    if (number === null || !number.startsWith(prefix)) continue;
    const rest = number.slice(prefix.length);
    if (/^\d{1,9}$/.test(rest)) highest = Math.max(highest, Number(rest));
  }
  return validateMotionNumber(`${prefix}${highest + 1}`)!;
}
