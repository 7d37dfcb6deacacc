import type { PaperVotesRecord } from "../../store/store.ts";
import { type None, route } from "../route.ts";
import type { PaperCountsInput, PaperVoterInput } from "../schemas/paper-votes.ts";

type PollParams = { eventId: string; pollId: string };
type VoterParams = PollParams & { participantId: string };
type PaperAnswer = { paper: PaperVotesRecord };

/** Paper votes of a poll, for the event's chairs: the hand counts and the named paper voters. */
export const paperVoteRoutes = {
  getPaperVotes: route<PollParams, None, None, PaperAnswer>("GET", "/api/events/:eventId/polls/:pollId/paper"),
  setPaperCounts: route<PollParams, None, Omit<PaperCountsInput, "pollId">, PaperAnswer>(
    "PUT",
    "/api/events/:eventId/polls/:pollId/paper/counts",
  ),
  clearPaperCounts: route<PollParams, None, None, PaperAnswer>("DELETE", "/api/events/:eventId/polls/:pollId/paper/counts"),
  namePaperVoter: route<VoterParams, None, Omit<PaperVoterInput, "pollId" | "participantId">, PaperAnswer>(
    "PUT",
    "/api/events/:eventId/polls/:pollId/paper/voters/:participantId",
  ),
  removePaperVoter: route<VoterParams, None, None, PaperAnswer>("DELETE", "/api/events/:eventId/polls/:pollId/paper/voters/:participantId"),
};
