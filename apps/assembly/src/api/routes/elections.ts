import type { BallotReceipt } from "../../domain/ballot.ts";
import type { Election } from "../../domain/election/election.ts";
import type { ElectionBallots } from "../../store/store.ts";
import { type Attachment, type None, route } from "../route.ts";
import type { CsvExportQuery } from "../schemas/csv-export.ts";
import type {
  CandidateInputBody,
  ElectionPaperEntry,
  ElectionPatchInput,
  ElectionVoteInput,
  NewElectionInput,
  NominationBody,
} from "../schemas/elections.ts";

type EventParams = { eventId: string };
type ElectionParams = EventParams & { electionId: string };
type CandidateParams = ElectionParams & { candidateId: string };
type ElectionAnswer = { election: Election };
const base = "/api/events/:eventId/elections/:electionId";

/**
 * Candidate elections, for the event's admins: drafts with their candidate
 * list and nomination phase, the open → close → publish run, results,
 * ballots, runoffs and exports.
 */
export const electionRoutes = {
  listElections: route<EventParams, None, None, { elections: Election[] }>("GET", "/api/events/:eventId/elections"),
  createElection: route<EventParams, None, NewElectionInput, ElectionAnswer>("POST", "/api/events/:eventId/elections"),
  getElection: route<ElectionParams, None, None, ElectionAnswer>("GET", base),
  updateElection: route<ElectionParams, None, Omit<ElectionPatchInput, "electionId">, ElectionAnswer>("PATCH", base),
  deleteElection: route<ElectionParams, None, None, undefined>("DELETE", base),
  addCandidate: route<ElectionParams, None, CandidateInputBody, ElectionAnswer>("POST", `${base}/candidates`),
  withdrawCandidate: route<CandidateParams, None, { withdrawn: boolean }, ElectionAnswer>(
    "PUT",
    `${base}/candidates/:candidateId/withdrawn`,
  ),
  reorderCandidates: route<ElectionParams, None, { order: string[] }, ElectionAnswer>("PUT", `${base}/candidates`),
  openNominations: route<ElectionParams, None, None, ElectionAnswer>("POST", `${base}/nominations/open`),
  closeNominations: route<ElectionParams, None, None, ElectionAnswer>("POST", `${base}/nominations/close`),
  openElection: route<ElectionParams, None, None, ElectionAnswer>("POST", `${base}/open`),
  closeElection: route<ElectionParams, None, None, ElectionAnswer>("POST", `${base}/close`),
  publishElection: route<ElectionParams, None, None, ElectionAnswer>("POST", `${base}/publish`),
  createRunoff: route<ElectionParams, None, None, ElectionAnswer>("POST", `${base}/runoff`),
  decideTie: route<ElectionParams, None, { order: string[] }, ElectionAnswer>("POST", `${base}/tie`),
  setElectionPaper: route<ElectionParams, None, { paper: ElectionPaperEntry }, ElectionAnswer>("PUT", `${base}/paper`),
  clearElectionPaper: route<ElectionParams, None, None, ElectionAnswer>("DELETE", `${base}/paper`),
  electionBallots: route<ElectionParams, None, None, { ballots: ElectionBallots }>("GET", `${base}/ballots`),
  exportElection: route<ElectionParams, { format: "csv" | "json" } & CsvExportQuery, None, Attachment>("GET", `${base}/export`),
};

type ParticipantElectionParams = { electionId: string };

/** Elections, for participants: voting and nominating. */
export const participantElectionRoutes = {
  castElectionBallot: route<ParticipantElectionParams, None, Omit<ElectionVoteInput, "electionId">, { receipt: BallotReceipt }>(
    "POST",
    "/api/participant/elections/:electionId/ballots",
  ),
  nominateCandidate: route<ParticipantElectionParams, None, NominationBody, ElectionAnswer>(
    "POST",
    "/api/participant/elections/:electionId/nominations",
  ),
};
