import type { Insertable, Selectable } from "kysely";
import type { AgendaItem, Announcement } from "../domain/agenda.ts";
import type { BallotChoice, BallotPart, PollBallot } from "../domain/ballot.ts";
import type { AssemblyEvent, EventStatus } from "../domain/event.ts";
import type { Participant } from "../domain/participant.ts";
import type { MajorityRule, Poll, PollKind, PollOption, PollStatus, Quorum } from "../domain/poll.ts";
import type { BallotTotals, Total } from "../domain/tally.ts";
import type { FairOrderRule } from "../domain/speakers/fair-order-rule.ts";
import type { SpeakerEntry, SpeakerKind, SpeakerList, SpeakerListSettings, SpeakerState } from "../domain/speakers/speaker-list.ts";
import type { Projector, ProjectorContent } from "../domain/projector.ts";
import type { ParticipantRow } from "./store.ts";
import type {
  AgendaItemsTable,
  AnnouncementsTable,
  BallotTotalsTable,
  EventsTable,
  ParticipantsTable,
  PollsTable,
  ProjectorsTable,
  SpeakerEntriesTable,
  SpeakerListsTable,
} from "./schema.ts";

/** Row ↔ domain mapping: the only place that knows how columns encode domain values. */

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

export function isoOrNull(ms: number | null): string | null {
  return ms === null ? null : iso(ms);
}

export function toEvent(row: Selectable<EventsTable>): AssemblyEvent {
  return {
    id: row.id,
    name: row.name,
    timezone: row.timezone,
    status: row.status as EventStatus,
    settings: {
      allowProxyChains: row.allow_proxy_chains === 1,
      proxyCapPerDelegate: row.proxy_cap_per_delegate,
      presentOnlyVoting: row.present_only_voting === 1,
    },
    createdAt: iso(row.created_at),
  };
}

export function toAgendaItem(row: Selectable<AgendaItemsTable>): AgendaItem {
  return { id: row.id, eventId: row.event_id, position: row.position, title: row.title, description: row.description };
}

export function toAnnouncement(row: Selectable<AnnouncementsTable>): Announcement {
  return {
    id: row.id,
    eventId: row.event_id,
    agendaItemId: row.agenda_item_id,
    title: row.title,
    body: row.body,
    publishedAt: iso(row.published_at),
    editedAt: row.edited_at === null ? null : iso(row.edited_at),
    withdrawnAt: row.withdrawn_at === null ? null : iso(row.withdrawn_at),
  };
}

export function toParticipant(row: Selectable<ParticipantsTable>): Participant {
  return {
    id: row.id,
    eventId: row.event_id,
    name: row.name,
    email: row.email,
    group: row.group_name,
    region: row.region,
    weight: row.weight,
    eligible: row.eligible === 1,
    language: row.language as Participant["language"],
    memberNumber: row.member_number,
    createdAt: iso(row.created_at),
  };
}

export function toParticipantRow(row: Selectable<ParticipantsTable>): ParticipantRow {
  return { ...toParticipant(row), present: row.present === 1 };
}

export function toPoll(row: Selectable<PollsTable>): Poll {
  return {
    id: row.id,
    eventId: row.event_id,
    agendaItemId: row.agenda_item_id,
    title: row.title,
    description: row.description,
    kind: row.kind as PollKind,
    options: JSON.parse(row.options) as PollOption[],
    minChoices: row.min_choices,
    maxChoices: row.max_choices,
    allowAbstain: row.allow_abstain === 1,
    secret: row.secret === 1,
    majority: JSON.parse(row.majority) as MajorityRule,
    abstentionsCount: row.abstentions_count === 1,
    quorum: row.quorum === null ? null : (JSON.parse(row.quorum) as Quorum),
    allowSplit: row.allow_split === 1,
    status: row.status as PollStatus,
    eligibleCount: row.eligible_count,
    eligibleWeight: row.eligible_weight,
    createdAt: iso(row.created_at),
    openedAt: isoOrNull(row.opened_at),
    closedAt: isoOrNull(row.closed_at),
    publishedAt: isoOrNull(row.published_at),
  };
}

export function parseChoice(text: string): BallotChoice {
  return JSON.parse(text) as BallotChoice;
}

/** A named poll's stored choice with its row's weight: a choice's JSON, or a split's `{"parts": [...]}` (see `checkBallot`). */
export function parseBallot(text: string, weight: number): PollBallot {
  const stored = JSON.parse(text) as BallotChoice | { readonly parts: readonly BallotPart[] };
  return "parts" in stored ? { weight, parts: stored.parts } : { weight, choice: stored };
}

export function bool(value: boolean): number {
  return value ? 1 : 0;
}

const turnoutKey = "turnout";
const abstainKey = "abstain";
const optionKey = (optionId: string): string => `option:${optionId}`;

export function toTotalRows(pollId: string, totals: BallotTotals): Insertable<BallotTotalsTable>[] {
  const row = (total: string, { count, weight }: Total) => ({ poll_id: pollId, total, ballots: count, weight });
  return [
    row(turnoutKey, totals.turnout),
    row(abstainKey, totals.abstentions),
    ...[...totals.options].map(([optionId, total]) => row(optionKey(optionId), total)),
  ];
}

export function toBallotTotals(
  poll: Pick<Poll, "options">,
  rows: readonly Pick<Selectable<BallotTotalsTable>, "total" | "ballots" | "weight">[],
): BallotTotals {
  const byKey = new Map(rows.map((row) => [row.total, { count: row.ballots, weight: row.weight }]));
  const none = { count: 0, weight: 0 };
  return {
    options: new Map(poll.options.map((option) => [option.id, byKey.get(optionKey(option.id)) ?? none])),
    abstentions: byKey.get(abstainKey) ?? none,
    turnout: byKey.get(turnoutKey) ?? none,
  };
}

export function toSpeakerEntry(row: Selectable<SpeakerEntriesTable>): SpeakerEntry {
  return {
    id: row.id,
    participantId: row.participant_id,
    kind: row.kind as SpeakerKind,
    requestKey: row.request_key,
    requestedAt: iso(row.requested_at),
    addedBy: row.added_by as SpeakerEntry["addedBy"],
    state: row.state as SpeakerState,
    startedAt: isoOrNull(row.started_at),
    runningSince: isoOrNull(row.running_since),
    endedAt: isoOrNull(row.ended_at),
    spokenMs: Number(row.spoken_ms),
    removedBy: row.removed_by as SpeakerEntry["removedBy"],
  };
}

const msOrNull = (at: string | null): number | null => (at === null ? null : Date.parse(at));

/** The columns of `entry` that change over its life (all but its list, participant and creation order). */
export function fromSpeakerEntry(entry: SpeakerEntry, queuePosition: number | null) {
  return {
    kind: entry.kind,
    request_key: entry.requestKey,
    requested_at: Date.parse(entry.requestedAt),
    added_by: entry.addedBy,
    state: entry.state,
    queue_position: queuePosition,
    started_at: msOrNull(entry.startedAt),
    running_since: msOrNull(entry.runningSince),
    ended_at: msOrNull(entry.endedAt),
    spoken_ms: entry.spokenMs,
    removed_by: entry.removedBy,
  };
}

/** A list's settings and state (its entries come from their own rows). */
export function toSpeakerListSettings(row: Selectable<SpeakerListsTable>): SpeakerListSettings {
  return {
    pointsOfOrder: row.points_of_order === 1,
    proContra: row.pro_contra === 1,
    timeLimitMs: row.time_limit_ms === null ? null : Number(row.time_limit_ms),
    pointOfOrderTimeLimitMs: row.point_of_order_time_limit_ms === null ? null : Number(row.point_of_order_time_limit_ms),
    fairOrder: row.fair_order === null ? null : (JSON.parse(row.fair_order) as FairOrderRule),
  };
}

export function fromSpeakerList(list: SpeakerList) {
  const { settings } = list;
  return {
    closed: list.closed ? 1 : 0,
    points_of_order: settings.pointsOfOrder ? 1 : 0,
    pro_contra: settings.proContra ? 1 : 0,
    time_limit_ms: settings.timeLimitMs,
    point_of_order_time_limit_ms: settings.pointOfOrderTimeLimitMs,
    fair_order: settings.fairOrder === null ? null : JSON.stringify(settings.fairOrder),
  };
}

export function toProjector(row: Selectable<ProjectorsTable>): Projector {
  return {
    id: row.id,
    eventId: row.event_id,
    name: row.name,
    content: JSON.parse(row.content) as ProjectorContent,
    changedAt: iso(row.changed_at),
  };
}
