import { DomainError } from "../domain/errors.ts";
import type { Participant } from "../domain/participant.ts";
import { applyFairOrder, type FairOrderContext, type FairOrderMove } from "../domain/speakers/fair-order.ts";
import type { FairAttribute } from "../domain/speakers/fair-order-rule.ts";
import type { SpeakerList } from "../domain/speakers/speaker-list.ts";
import { speechesOfDay } from "../domain/speakers/speaking-day.ts";
import { speakingStatistics } from "../domain/speakers/speaking-stats.ts";
import type { SpeakerListChange, StoreOperations, StoredSpeakerList } from "../store/store.ts";

export interface SpeakerListChanged<T> {
  readonly before: StoredSpeakerList;
  readonly after: StoredSpeakerList;
  readonly result: T;
  /** What the fair-order rule moved after the change (empty without a rule): for the audit log. */
  readonly moves: readonly FairOrderMove[];
}

/** List `listId` of event `eventId`; one of another event is as unknown as a missing one. */
export async function speakerListOf(store: StoreOperations, eventId: string, listId: string): Promise<StoredSpeakerList> {
  const stored = await store.speakers.get(listId);
  if (stored.eventId !== eventId) throw new DomainError("not_found", "list of speakers not found", { listId });
  return stored;
}

const attributeOf = (participant: Participant, attribute: FairAttribute): string | null =>
  attribute === "group" ? participant.group : attribute === "region" ? participant.region : null;

/** What the rule reads: the roll's attribute of everyone on the list, and today's speaking over all the event's lists. */
async function fairOrderContext(
  store: StoreOperations,
  stored: StoredSpeakerList,
  list: SpeakerList,
  at: string,
): Promise<FairOrderContext> {
  const [event, lists] = await Promise.all([store.events.get(stored.eventId), store.speakers.list(stored.eventId)]);
  const current = lists.map((other) => (other.id === stored.id ? list : other.list));
  const today = speakingStatistics(speechesOfDay(current, at, event.timezone), new Map(), at);
  const attribute = list.settings.fairOrder?.alternateBy ?? null;
  const attributes = new Map<string, string | null>();
  if (attribute !== null) {
    const ids = [...new Set(list.entries.map((entry) => entry.participantId))];
    const people = await Promise.all(ids.map((id) => store.participants.get(id)));
    for (const person of people) attributes.set(person.id, attributeOf(person, attribute));
  }
  return { attributes, today: new Map(today.participants.map((totals) => [totals.participantId, totals])) };
}

/**
 * Changes list `listId` of event `eventId` with `operation` (a domain step),
 * then, when the list has a fair-order rule, orders its queue by the rule:
 * every change to such a list ends in the order everyone was shown.
 */
export async function changeSpeakerList<T>(
  store: StoreOperations,
  eventId: string,
  listId: string,
  operation: (list: SpeakerList, at: string) => SpeakerListChange<T>,
): Promise<SpeakerListChanged<T>> {
  const stored = await speakerListOf(store, eventId, listId);
  let moves: readonly FairOrderMove[] = [];
  const changed = await store.speakers.change(listId, async (list, at) => {
    const next = operation(list, at);
    if (next.list.settings.fairOrder === null) return next;
    const ordered = applyFairOrder(next.list, await fairOrderContext(store, stored, next.list, at));
    moves = ordered.moves;
    return { list: ordered.list, result: next.result };
  });
  return { ...changed, moves };
}

/** What an audit entry records of a list: enough to replay who was where, without copying every entry. */
export function auditedState(list: SpeakerList) {
  return {
    closed: list.closed,
    settings: list.settings,
    queue: list.queue,
    speaking: list.entries.find((entry) => entry.state === "speaking")?.id ?? null,
  };
}
