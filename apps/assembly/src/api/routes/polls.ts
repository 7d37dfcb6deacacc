import type { NamedBallot, PollResult } from "../../store/store.ts";
import type { Poll } from "../../domain/poll.ts";
import type { PublishedReceipts } from "./ballots.ts";
import { type None, route } from "../route.ts";
import type { NewPollInput, PollPatchInput } from "../schemas/polls.ts";

type EventParams = { eventId: string };
type PollParams = EventParams & { pollId: string };
type PollAnswer = { poll: Poll };

/** Polls, for the event's admins: drafts (create, edit, delete), the open → close → publish run, results and named ballots. */
export const pollRoutes = {
  listPolls: route<EventParams, None, None, { polls: Poll[] }>("GET", "/api/events/:eventId/polls"),
  createPoll: route<EventParams, None, NewPollInput, PollAnswer>("POST", "/api/events/:eventId/polls"),
  getPoll: route<PollParams, None, None, PollAnswer>("GET", "/api/events/:eventId/polls/:pollId"),
  updatePoll: route<PollParams, None, Omit<PollPatchInput, "pollId">, PollAnswer>("PATCH", "/api/events/:eventId/polls/:pollId"),
  deletePoll: route<PollParams, None, None, undefined>("DELETE", "/api/events/:eventId/polls/:pollId"),
  openPoll: route<PollParams, None, None, PollAnswer>("POST", "/api/events/:eventId/polls/:pollId/open"),
  closePoll: route<PollParams, None, None, PollAnswer>("POST", "/api/events/:eventId/polls/:pollId/close"),
  publishPoll: route<PollParams, None, None, PollAnswer>("POST", "/api/events/:eventId/polls/:pollId/publish"),
  pollResults: route<PollParams, None, None, PollResult>("GET", "/api/events/:eventId/polls/:pollId/results"),
  namedBallots: route<PollParams, None, None, { ballots: NamedBallot[] }>("GET", "/api/events/:eventId/polls/:pollId/ballots"),
  pollReceipts: route<PollParams, None, None, PublishedReceipts>("GET", "/api/events/:eventId/polls/:pollId/receipts"),
};
