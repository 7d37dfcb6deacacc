/** The server's types the UI renders (type-only: nothing of the server is bundled). */
export type { AdminView, ElectionView, EventView, ParticipantView, PollView } from "../../src/api/views.ts";
export type { Tally, TallyPart } from "../../src/domain/tally.ts";
export type { BallotChoice, BallotReceipt } from "../../src/domain/ballot.ts";
export type { AgendaItem, Announcement } from "../../src/domain/agenda.ts";
export type { AssemblyEvent } from "../../src/domain/event.ts";
export type { Poll, PollKind } from "../../src/domain/poll.ts";
export type { AuditEntry } from "../../src/domain/audit.ts";
export type { AdminRole } from "../../src/domain/roles.ts";
export type { Proxy } from "../../src/domain/proxy.ts";
export type { Entitlement } from "../../src/api/routes/ballots.ts";
export type { ParticipantRow, ParticipantCounts, PaperVotesRecord } from "../../src/store/store.ts";
export type {
  AmendmentView,
  LineView,
  MotionDetailView,
  MotionListView,
  MotionSummary,
  StateView,
  SubmitterView,
} from "../../src/api/motion-views.ts";
export type { Recommendation } from "../../src/domain/motion/recommendation.ts";
export type { SpeakersView, SpeakerListView, SpeakerSeat, ProjectorsView, ProjectorScreenView } from "../../src/api/views.ts";
export type { Projector, ProjectorContent, ProjectorContentInput } from "../../src/domain/projector.ts";
export type { SpeakerEntry } from "../../src/domain/speakers/speaker-list.ts";
export type { Election, ElectionSetup } from "../../src/domain/election/election.ts";
export type { ElectionChoice } from "../../src/domain/election/ballot.ts";
export type { ElectionDefinition, ElectionMethod, MethodKind } from "../../src/domain/election/definition.ts";
export type { ElectionResult } from "../../src/domain/election/count.ts";
export type { ElectionPaper } from "../../src/domain/election/paper.ts";
export type { Requirement } from "../../src/domain/election/requirement.ts";
