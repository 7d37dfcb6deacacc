import { shownToParticipants } from "../domain/agenda.ts";
import type { Election } from "../domain/election/election.ts";
import { timeLimitFor } from "../domain/speakers/countdown.ts";
import { describeFairOrder } from "../domain/speakers/fair-order-description.ts";
import { currentSpeaker, waitingEntries, type SpeakerEntry } from "../domain/speakers/speaker-list.ts";
import type { Json } from "@plenum/realtime/live/json-patch";
import { checkedOutByChair } from "../domain/attendance.ts";
import type { Poll } from "../domain/poll.ts";
import type { Tally } from "../domain/tally.ts";
import { principalsOf } from "../domain/proxy.ts";
import type { Store } from "../store/store.ts";
import { parseTopic } from "../api/topics.ts";
import {
  ANNOUNCEMENTS_SHOWN,
  type AdminView,
  type ElectionView,
  type EventView,
  type ParticipantView,
  type PollView,
  type ProjectorsView,
  type SpeakerSeat,
  type SpeakersView,
} from "../api/views.ts";
import type { MotionDetailView, MotionListView } from "../api/motion-views.ts";
import { renderMotionDetail, renderMotionList } from "./motion-views.ts";
import { renderProjectorsView } from "./projector-views.ts";

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
    allowSplit: poll.allowSplit,
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
  const newestFirst = shownToParticipants(announcements)
    .sort((a, b) => b.publishedAt.localeCompare(a.publishedAt))
    .slice(0, ANNOUNCEMENTS_SHOWN);
  return {
    event: { id: event.id, name: event.name, status: event.status, timezone: event.timezone },
    agenda: agenda.map(({ id, title, description, position }) => ({ id, title, description, position })),
    announcements: newestFirst.map(({ id, title, body, agendaItemId, publishedAt, editedAt }) => ({
      id,
      title,
      body,
      agendaItemId,
      publishedAt,
      editedAt,
    })),
    polls: views,
    elections: elections.filter(shownElection).map((election) => electionView(election, openTurnout)),
    present: counts.present,
    eligible: counts.eligible,
  };
}

export async function renderParticipantView(store: Store, eventId: string, participantId: string): Promise<ParticipantView> {
  const [participant, present, lastChange, polls, elections, proxies] = await Promise.all([
    store.participants.get(participantId),
    store.attendance.isPresent(participantId),
    store.attendance.lastChange(participantId),
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
    participant: {
      id: participant.id,
      name: participant.name,
      eligible: participant.eligible,
      weight: participant.weight,
      present,
      checkedOutByChair: checkedOutByChair(lastChange),
    },
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
  const motions = lists.some((stored) => stored.motionId !== null)
    ? new Map((await store.motions.list(eventId)).map(({ id, number, title }) => [id, { number, title }]))
    : new Map<string, { number: string | null; title: string }>();
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
        motion: motionId === null ? null : (motions.get(motionId) ?? null),
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

export const asJson = (
  view: EventView | ParticipantView | AdminView | MotionListView | MotionDetailView | SpeakersView | ProjectorsView,
): Json => view as unknown as Json;

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
      case "motions":
        return asJson(await renderMotionList(store, parsed.eventId));
      case "motion":
        return asJson(await renderMotionDetail(store, parsed.eventId, parsed.motionId));
      case "speakers":
        return asJson(await renderSpeakersView(store, parsed.eventId));
      case "projectors":
        return asJson(await renderProjectorsView(store, parsed.eventId));
      default:
        throw new Error(`no live view for topic ${topic}`);
    }
  };
}
