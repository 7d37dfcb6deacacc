import type { BlockKind } from "../domain/motion/markdown.ts";
import type { Recommendation } from "../domain/motion/recommendation.ts";
import type { DiffSegment } from "../domain/motion/word-diff.ts";
import type { PollStatus } from "../domain/poll.ts";

/**
 * The motion book as live views, as the browser receives them: the list
 * (topic `event:<id>:motions`) and one motion with its amendments
 * (`event:<id>:motion:<motionId>`), rendered by `live/motion-views.ts`.
 */

export interface StateView {
  id: string;
  name: string;
  final: boolean;
  accepted: boolean;
}

export interface SubmitterView {
  /** The participant's name, or the name given. */
  name: string;
  participantId: string | null;
}

export interface MotionSummary {
  id: string;
  number: string | null;
  title: string;
  state: StateView;
  category: string | null;
  agendaItemId: string | null;
  submitters: SubmitterView[];
  supporters: number;
  minSupporters: number;
  recommendation: Recommendation | null;
  amendments: number;
}

export interface MotionListView {
  motions: MotionSummary[];
  /** What participants may do: submit motions, file amendments. */
  participantMotions: boolean;
  participantAmendments: boolean;
}

/** One numbered line, its emphasis as safe HTML (see markdown-html.ts). */
export interface LineView {
  number: number;
  /** Its source range in the text: what an amendment of these lines replaces (markers included). */
  start: number;
  end: number;
  html: string;
  block: BlockKind;
  blockStart: boolean;
}

export interface AmendmentView {
  id: string;
  number: string | null;
  lineFrom: number;
  lineTo: number;
  state: StateView;
  next: StateView[];
  recommendation: Recommendation | null;
  submitters: SubmitterView[];
  reasonHtml: string;
  /** The replacement as written (a chair or participant edits from it). */
  text: string;
  /** Old and new text with the word diff; null when the motion no longer reads as the amendment expects (stale). */
  change: { before: string; after: string; segments: DiffSegment[] } | null;
}

export interface LinkedPollView {
  pollId: string;
  amendmentId: string | null;
  title: string;
  status: PollStatus;
}

export interface MotionDetailView {
  motion: MotionSummary & {
    text: string;
    reasonHtml: string;
    next: StateView[];
    supporterIds: string[];
    supporterNames: string[];
    allowsSupport: boolean;
    allowsAmendments: boolean;
  };
  lineLength: number;
  lines: LineView[];
  amendments: AmendmentView[];
  /** The text after the accepted amendments, numbered; or why it cannot be made (overlapping or stale amendments). */
  finalText: { text: string; html: string; changed: boolean } | { error: "amendment_conflict" | "conflict"; message: string };
  polls: LinkedPollView[];
}
