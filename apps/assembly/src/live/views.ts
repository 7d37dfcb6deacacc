import type { Json } from "@plenum/realtime/live/json-patch";
import type { AgendaItem, Announcement } from "../domain/agenda.ts";
import type { EventStatus } from "../domain/event.ts";
import type { Poll, PollKind, PollOption, PollStatus } from "../domain/poll.ts";
import type { MailCounts } from "../domain/mail.ts";
import type { Tally } from "../domain/tally.ts";
import { principalsOf } from "../domain/proxy.ts";
import type { Store } from "../store/store.ts";
import type { Language } from "../api/errors.ts";
import { timeLimitFor } from "../domain/speakers/countdown.ts";
import { describeFairOrder } from "../domain/speakers/fair-order-description.ts";
import { currentSpeaker, waitingEntries, type SpeakerEntry, type SpeakerListSettings } from "../domain/speakers/speaker-list.ts";
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
  /** Per poll past draft: which of `principals` have voted. */
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

export async function renderEventView(store: Store, eventId: string): Promise<EventView> {
  const [event, agenda, announcements, polls, counts, open] = await Promise.all([
    store.events.get(eventId),
    store.agenda.list(eventId),
    store.announcements.list(eventId),
    store.polls.list(eventId),
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
    present: counts.present,
    eligible: counts.eligible,
  };
}

export async function renderParticipantView(store: Store, eventId: string, participantId: string): Promise<ParticipantView> {
  const [participant, present, polls, proxies] = await Promise.all([
    store.participants.get(participantId),
    store.attendance.isPresent(participantId),
    store.polls.list(eventId),
    store.proxies.list(eventId),
  ]);
  const proxyMap = new Map(proxies.map((p) => [p.principalId, p.delegateId]));
  const principals = await Promise.all(principalsOf(participantId, proxyMap).map((id) => store.participants.get(id)));
  const votable = polls.filter((poll) => poll.status !== "draft");
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

export async function renderSpeakersView(store: Store, eventId: string): Promise<SpeakersView> {
  const lists = await store.speakers.list(eventId);
  const shown = lists.map(({ list }) => ({ current: currentSpeaker(list), waiting: waitingEntries(list) }));
  const ids = new Set(
    shown.flatMap(({ current, waiting }) => [...(current ? [current] : []), ...waiting].map((entry) => entry.participantId)),
  );
  const names = new Map((await Promise.all([...ids].map((id) => store.participants.get(id)))).map((person) => [person.id, person.name]));
  const seat = (entry: SpeakerEntry): SpeakerSeat => ({
    entryId: entry.id,
    participantId: entry.participantId,
    name: names.get(entry.participantId)!,
    kind: entry.kind,
  });
  return {
    lists: lists.map(({ id, agendaItemId, motionId, list }, index) => {
      const { current, waiting } = shown[index]!;
      return {
        id,
        agendaItemId,
        motionId,
        closed: list.closed,
        settings: list.settings,
        rule: { en: describeFairOrder(list.settings.fairOrder, "en"), de: describeFairOrder(list.settings.fairOrder, "de") },
        current: current && {
          ...seat(current),
          startedAt: current.startedAt!,
          runningSince: current.runningSince,
          spokenMs: current.spokenMs,
          limitMs: timeLimitFor(list.settings, current.kind),
        },
        queue: waiting.map(seat),
        done: list.entries.filter((entry) => entry.state === "done").length,
      };
    }),
  };
}

/** Views are plain JSON; this narrows them for the patcher. */
export const asJson = (view: EventView | ParticipantView | AdminView | SpeakersView): Json => view as unknown as Json;

/** The render function `LiveViews` calls: which model a topic carries. */
export function topicRenderer(store: Store): (topic: string) => Promise<Json> {
  return async (topic) => {
    const parsed = parseTopic(topic);
    switch (parsed?.kind) {
      case "event":
        return asJson(await renderEventView(store, parsed.eventId));
      case "admin":
        return asJson(await renderAdminView(store, parsed.eventId));
      case "speakers":
        return asJson(await renderSpeakersView(store, parsed.eventId));
      case "participant":
        return asJson(await renderParticipantView(store, parsed.eventId, parsed.participantId));
      default:
        throw new Error(`no live view for topic ${topic}`);
    }
  };
}
