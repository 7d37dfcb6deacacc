import { DomainError } from "../errors.ts";
import { defaultWorkflow } from "./default-workflow.ts";
import { defaultLineLength, validateLineLength } from "./line-numbering.ts";
import { type Workflow, validateWorkflow } from "./workflow.ts";

/** How an event handles motions: the chair decides, once, before the motion book fills. */
export interface MotionSettings {
  /** The states motions and amendments move through. */
  readonly workflow: Workflow;
  /** Characters per numbered line; amendments name lines of this numbering. */
  readonly lineLength: number;
  /** Participants may submit motions of their own. */
  readonly participantMotions: boolean;
  /** Participants may file amendments of their own. */
  readonly participantAmendments: boolean;
}

export type MotionSettingsPatch = Partial<MotionSettings>;

export const defaultMotionSettings: MotionSettings = {
  workflow: defaultWorkflow("en"),
  lineLength: defaultLineLength,
  participantMotions: false,
  participantAmendments: false,
};

function flag(value: boolean | undefined, current: boolean, field: string): boolean {
  if (value === undefined) return current;
  if (typeof value !== "boolean") throw new DomainError("invalid", `${field} must be true or false`, { field });
  return value;
}

/**
 * The settings after `patch`. A new line length or workflow is checked by the
 * domain rules; whether motions still fit it is the caller's concern (see
 * `checkWorkflowReplacement`; amendments filed at another line length become
 * stale, never misplaced).
 */
export function applyMotionSettingsPatch(current: MotionSettings, patch: MotionSettingsPatch): MotionSettings {
  return {
    workflow: patch.workflow === undefined ? current.workflow : validateWorkflow(patch.workflow),
    lineLength: patch.lineLength === undefined ? current.lineLength : validateLineLength(patch.lineLength),
    participantMotions: flag(patch.participantMotions, current.participantMotions, "participantMotions"),
    participantAmendments: flag(patch.participantAmendments, current.participantAmendments, "participantAmendments"),
  };
}
