import type { Candidate } from "../domain/election/candidate.ts";
import type { ElectionResult } from "../domain/election/count.ts";
import type { ElectionDefinition } from "../domain/election/definition.ts";
import type { NominationPhase } from "../domain/election/election.ts";
import type { AgendaItem, Announcement } from "../domain/agenda.ts";
import type { EventStatus } from "../domain/event.ts";
import type { MailCounts } from "../domain/mail.ts";
import type { PollKind, PollOption, PollStatus } from "../domain/poll.ts";
import type { Projector } from "../domain/projector.ts";
import type { SpeakerEntry, SpeakerListSettings } from "../domain/speakers/speaker-list.ts";
import type { Tally } from "../domain/tally.ts";
import type { Language } from "./errors.ts";

/**
 * The view models the server owns and clients mirror through versioned JSON
 * patches (see `LiveViews`). One render serves every subscriber of a topic
 * on a node, so renders read only what everyone on that topic may see.
 */

export const ANNOUNCEMENTS_SHOWN = 20;

/** Topic `event:<id>`: what every participant, the projector and the chairs see. */
export interface EventView {
  event: { id: string; name: string; status: EventStatus; timezone: string };
  agenda: Pick<AgendaItem, "id" | "title" | "description" | "position">[];
  /** Newest first, at most `ANNOUNCEMENTS_SHOWN`; withdrawn ones are gone. */
  announcements: Pick<Announcement, "id" | "title" | "body" | "agendaItemId" | "publishedAt" | "editedAt">[];
  /** Every poll past draft, in agenda order. */
  polls: PollView[];
  /** Every election past draft, and drafts taking nominations, in agenda order. */
  elections: ElectionView[];
  /** Participants present now (checked in), for the quorum display. */
  present: number;
  eligible: number;
}

export interface PollView {
  id: string;
  agendaItemId: string;
  title: string;
  description: string;
  kind: PollKind;
  options: PollOption[];
  minChoices: number;
  maxChoices: number;
  allowAbstain: boolean;
  secret: boolean;
  /** Whether a principal's ballot may split its weight across choices. */
  allowSplit: boolean;
  status: PollStatus;
  /** Ballots cast so far (count and weight) against the eligible frozen at opening; null before opening. */
  turnout: { count: number; weight: number; eligibleCount: number; eligibleWeight: number } | null;
  /** Only once published. */
  result: Tally | null;
}

/** An election as everyone sees it: the ballot's rules and list while open, the result only once published. */
export interface ElectionView {
  id: string;
  agendaItemId: string;
  title: string;
  description: string;
  secret: boolean;
  status: PollStatus;
  nomination: NominationPhase;
  /** The rules voters mark by: the definition frozen at opening (null in draft). */
  definition: ElectionDefinition | null;
  /** In draft (nominations), the list so far, withdrawn candidates left out. */
  candidates: Candidate[];
  turnout: PollView["turnout"];
  /** Only once published. */
  result: ElectionResult | null;
}

/**
 * Topic `event:<id>:participant:<pid>`: one participant's own state. It does
 * not depend on which polls are open (the event view says that), so opening
 * a poll re-renders one shared model, not one per participant.
 */
export interface ParticipantView {
  /** `checkedOutByChair`: a chair's check-out is the latest word; the member's own "I am here" undoes it. */
  participant: { id: string; name: string; eligible: boolean; weight: number; present: boolean; checkedOutByChair: boolean };
  /** Whose ballots this participant casts: themselves (unless delegated away) and their principals. */
  principals: { id: string; name: string; eligible: boolean; weight: number }[];
  /** To whom this participant delegated their own vote, if anyone. */
  delegatedTo: string | null;
  /** Per poll and election past draft: which of `principals` have voted. */
  voted: Record<string, string[]>;
}

/** Topic `event:<id>:admin`: the chairs' live numbers (never a choice of a secret poll). */
export interface AdminView {
  counts: { total: number; eligible: number; present: number; presentEligible: number };
  /** Open polls: turnout and how many eligible present participants have not voted yet. */
  openPolls: { pollId: string; title: string; count: number; weight: number; eligibleCount: number; presentNotVoted: number }[];
  /** Invitation mail per state: the chairs watch a send progress here (counts only, never a list). */
  mail: MailCounts;
}

/** Someone on a list of speakers, as the hall may see them. */
export interface SpeakerSeat {
  entryId: string;
  participantId: string;
  name: string;
  kind: SpeakerEntry["kind"];
}

/** One list: who speaks (with what their clock needs), who waits in order, the rule in both languages. */
export interface SpeakerListView {
  id: string;
  agendaItemId: string;
  motionId: string | null;
  /** The motion a motion's list is on, as the hall names it (null: the agenda item's own list). */
  motion: { number: string | null; title: string } | null;
  closed: boolean;
  settings: SpeakerListSettings;
  /** The order rule as everyone reads it. */
  rule: Record<Language, string>;
  /**
   * The clock runs on every screen from these server instants: elapsed =
   * spokenMs + (now − runningSince) while running; remaining = limitMs − elapsed.
   * Nothing is pushed while it runs.
   */
  current: (SpeakerSeat & { startedAt: string; runningSince: string | null; spokenMs: number; limitMs: number | null }) | null;
  queue: SpeakerSeat[];
  /** Speeches finished on this list. */
  done: number;
}

/** Topic `event:<id>:speakers`: the event's lists of speakers, in agenda order. */
export interface SpeakersView {
  lists: SpeakerListView[];
}

/** One screen as it renders: what the chairs chose, and the announcement it shows (null once withdrawn). */
export interface ProjectorScreenView extends Omit<Projector, "eventId"> {
  announcement: Pick<Announcement, "id" | "title" | "body" | "publishedAt" | "editedAt"> | null;
}

/**
 * Topic `event:<id>:projectors`: the event's screens in the order they were
 * made. A screen renders its content from the event's other views (polls,
 * elections, speakers, motions); only what those lack is carried here.
 */
export interface ProjectorsView {
  projectors: ProjectorScreenView[];
}
