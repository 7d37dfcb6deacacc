import type { Json } from "@plenum/realtime/live/json-patch";
import type { AgendaItem, Announcement } from "../domain/agenda.ts";
import type { EventStatus } from "../domain/event.ts";
import type { Poll, PollKind, PollOption, PollStatus } from "../domain/poll.ts";
import type { MailCounts } from "../domain/mail.ts";
import type { Tally } from "../domain/tally.ts";
import type { Candidate } from "../domain/election/candidate.ts";
import type { ElectionResult } from "../domain/election/count.ts";
import type { ElectionDefinition } from "../domain/election/definition.ts";
import type { Election, NominationPhase } from "../domain/election/election.ts";
import { principalsOf } from "../domain/proxy.ts";
import type { Store } from "../store/store.ts";
import { parseTopic } from "../api/topics.ts";

/**
 * The view models the server owns and clients mirror through versioned JSON
 * patches (see `LiveViews`). One render serves every subscriber of a topic
 * on a node, so renders read only what everyone on that topic may see.
 */

/** Topic `event:<id>`: what every participant, the projector and the chairs see. */
export interface EventView {
  event: { id: string; name: string; status: EventStatus; timezone: string };
  agenda: Pick<AgendaItem, "id" | "title" | "description" | "position">[];
  /** Newest first, at most `ANNOUNCEMENTS_SHOWN`. */
  announcements: Pick<Announcement, "id" | "title" | "body" | "agendaItemId" | "publishedAt">[];
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
  participant: { id: string; name: string; eligible: boolean; weight: number; present: boolean };
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

export const ANNOUNCEMENTS_SHOWN = 20;

function pollView(poll: Poll, turnout: PollView["turnout"], result: Tally | null): PollView {
  return {
    id: poll.id,
    agendaItemId: poll.agendaItemId,
    title: poll.title,
    description: poll.description,
    kind: poll.kind,
    options: [...poll.options],
    minChoices: poll.minChoices,
    maxChoices: poll.maxChoices,
    allowAbstain: poll.allowAbstain,
    secret: poll.secret,
    status: poll.status,
    turnout,
    result,
  };
}

async function turnoutOf(store: Store, poll: Poll, open: Map<string, { count: number; weight: number }>): Promise<PollView["turnout"]> {
  if (poll.status === "draft" || poll.eligibleCount === null || poll.eligibleWeight === null) return null;
  // An open poll missing from `open` opened after that query ran, so no ballot of it predates the query
  // (and a secret poll is counted only once closed: tallyPoll would refuse it).
  const live = open.get(poll.id) ?? (poll.status === "open" ? { count: 0, weight: 0 } : undefined);
  if (live) return { ...live, eligibleCount: poll.eligibleCount, eligibleWeight: poll.eligibleWeight };
  const { tally } = await store.ballots.tally(poll.id);
  return {
    count: tally.turnout.count,
    weight: tally.turnout.weight,
    eligibleCount: poll.eligibleCount,
    eligibleWeight: poll.eligibleWeight,
  };
}

function electionView(election: Election, open: Map<string, { count: number; weight: number }>): ElectionView {
  const { eligibleCount, eligibleWeight } = election;
  const counted = election.result?.ballots.total;
  const live = open.get(election.id) ?? (election.status === "open" ? { count: 0, weight: 0 } : counted);
  return {
    id: election.id,
    agendaItemId: election.agendaItemId,
    title: election.title,
    description: election.description,
    secret: election.secret,
    status: election.status,
    nomination: election.nomination,
    definition: election.definition,
    candidates: election.candidates
      .filter((candidate) => !candidate.withdrawn)
      .map(({ id, name, group, gender, region, statement }) => ({ id, name, group, gender, region, statement })),
    turnout:
      live === undefined || eligibleCount === null || eligibleWeight === null
        ? null
        : { count: live.count, weight: live.weight, eligibleCount, eligibleWeight },
    result: election.status === "published" ? election.result : null,
  };
}

/** Elections everyone may see: past draft, or a draft taking nominations. */
const shownElection = (election: Election): boolean => election.status !== "draft" || election.nomination === "open";

export async function renderEventView(store: Store, eventId: string): Promise<EventView> {
  const [event, agenda, announcements, polls, elections, counts, open] = await Promise.all([
    store.events.get(eventId),
    store.agenda.list(eventId),
    store.announcements.list(eventId),
    store.polls.list(eventId),
    store.elections.list(eventId),
    store.participants.count(eventId),
    store.reports.openPollTurnout(eventId),
  ]);
  const openTurnout = new Map(open.map((t) => [t.pollId, { count: t.count, weight: t.weight }]));
  const visible = polls.filter((poll) => poll.status !== "draft");
  const views = await Promise.all(
    visible.map(async (poll) => {
      const result = poll.status === "published" ? (await store.ballots.tally(poll.id)).tally : null;
      return pollView(poll, await turnoutOf(store, poll, openTurnout), result);
    }),
  );
  const newestFirst = [...announcements].sort((a, b) => b.publishedAt.localeCompare(a.publishedAt)).slice(0, ANNOUNCEMENTS_SHOWN);
  return {
    event: { id: event.id, name: event.name, status: event.status, timezone: event.timezone },
    agenda: agenda.map(({ id, title, description, position }) => ({ id, title, description, position })),
    announcements: newestFirst.map(({ id, title, body, agendaItemId, publishedAt }) => ({ id, title, body, agendaItemId, publishedAt })),
    polls: views,
    elections: elections.filter(shownElection).map((election) => electionView(election, openTurnout)),
    present: counts.present,
    eligible: counts.eligible,
  };
}

export async function renderParticipantView(store: Store, eventId: string, participantId: string): Promise<ParticipantView> {
  const [participant, present, polls, elections, proxies] = await Promise.all([
    store.participants.get(participantId),
    store.attendance.isPresent(participantId),
    store.polls.list(eventId),
    store.elections.list(eventId),
    store.proxies.list(eventId),
  ]);
  const proxyMap = new Map(proxies.map((p) => [p.principalId, p.delegateId]));
  const principals = await Promise.all(principalsOf(participantId, proxyMap).map((id) => store.participants.get(id)));
  const votable = [...polls, ...elections].filter((box) => box.status !== "draft");
  const voted: Record<string, string[]> = {};
  await Promise.all(
    votable.map(async (poll) => {
      const flags = await Promise.all(principals.map((p) => store.ballots.hasVoted(poll.id, p.id)));
      voted[poll.id] = principals.filter((_, i) => flags[i]).map((p) => p.id);
    }),
  );
  return {
    participant: { id: participant.id, name: participant.name, eligible: participant.eligible, weight: participant.weight, present },
    principals: principals.map(({ id, name, eligible, weight }) => ({ id, name, eligible, weight })),
    delegatedTo: proxyMap.get(participantId) ?? null,
    voted,
  };
}

export async function renderAdminView(store: Store, eventId: string): Promise<AdminView> {
  const [counts, open, mail] = await Promise.all([
    store.participants.count(eventId),
    store.reports.openPollTurnout(eventId),
    store.mail.counts(eventId),
  ]);
  const openPolls = await Promise.all(
    open.map(async (t) => {
      const waiting = await store.participants.list(eventId, { filter: { kind: "present_not_voted", pollId: t.pollId }, limit: 1 });
      return {
        pollId: t.pollId,
        title: t.title,
        count: t.count,
        weight: t.weight,
        eligibleCount: t.eligibleCount,
        presentNotVoted: waiting.total,
      };
    }),
  );
  const { total, eligible, present, presentEligible } = counts;
  return { counts: { total, eligible, present, presentEligible }, openPolls, mail };
}

/** Views are plain JSON; this narrows them for the patcher. */
export const asJson = (view: EventView | ParticipantView | AdminView): Json => view as unknown as Json;

/** The render function `LiveViews` calls: which model a topic carries. */
export function topicRenderer(store: Store): (topic: string) => Promise<Json> {
  return async (topic) => {
    const parsed = parseTopic(topic);
    switch (parsed?.kind) {
      case "event":
        return asJson(await renderEventView(store, parsed.eventId));
      case "admin":
        return asJson(await renderAdminView(store, parsed.eventId));
      case "participant":
        return asJson(await renderParticipantView(store, parsed.eventId, parsed.participantId));
      default:
        throw new Error(`no live view for topic ${topic}`);
    }
  };
}
