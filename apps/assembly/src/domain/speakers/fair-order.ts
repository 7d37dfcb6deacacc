import { DomainError } from "../errors.ts";
import type { FairOrderRule } from "./fair-order-rule.ts";
import { instantMs } from "./instant.ts";
import { type SpeakerEntry, type SpeakerList, waitingEntries } from "./speaker-list.ts";
import type { SpeakerTotals } from "./speaking-stats.ts";

/** What the rule reads about people: their attribute on the roll, and how much they have spoken today. */
export interface FairOrderContext {
  /** Each participant's value of the attribute the rule alternates by; missing and null both mean not recorded. */
  readonly attributes: ReadonlyMap<string, string | null>;
  /** Today's speaking per participant, from `speakingStatistics` over the day's lists (this one included). */
  readonly today: ReadonlyMap<string, SpeakerTotals>;
}

/** One entry the rule moved (positions 1-based in the queue); entries that only shifted because of it are not listed. */
export interface FairOrderMove {
  readonly entryId: string;
  readonly participantId: string;
  readonly from: number;
  readonly to: number;
}

export interface FairOrderResult {
  readonly list: SpeakerList;
  readonly moves: readonly FairOrderMove[];
}

/**
 * Orders the waiting entries by the list's fair-order rule. The order
 * depends only on the requests (when, and in which order they were made),
 * the rule and `context` — not on the queue's current order — so applying
 * it again without news makes no moves.
 *
 * 1. Points of order first, in the order they were requested.
 * 2. Then the speeches by priority: with `firstTimeFirst`, who has not
 *    spoken today before who has; with `balanceSpeakingTime`, less speaking
 *    time today before more; otherwise (and on ties) in request order.
 * 3. With `alternateBy`, the speeches are then zipped: each next speaker is
 *    the one with the best priority among those whose attribute differs
 *    from the previous speaker's (the current one, or the last to speak on
 *    this list), as long as anyone who differs waits; only then can the
 *    same value follow. A missing attribute counts as one more value.
 *
 * Refused with `invalid_transition` when the list has no rule.
 */
export function applyFairOrder(list: SpeakerList, context: FairOrderContext): FairOrderResult {
  const rule = list.settings.fairOrder;
  if (rule === null) throw new DomainError("invalid_transition", "this list has no fair-order rule", {});
  const creation = new Map(list.entries.map((entry, index) => [entry.id, index]));
  const byRequest = (a: SpeakerEntry, b: SpeakerEntry) =>
    instantMs(a.requestedAt, "requestedAt") - instantMs(b.requestedAt, "requestedAt") || creation.get(a.id)! - creation.get(b.id)!;
  const waiting = waitingEntries(list);
  const pointsOfOrder = waiting.filter((entry) => entry.kind === "point_of_order").sort(byRequest);
  const speeches = prioritise(waiting.filter((entry) => entry.kind !== "point_of_order").sort(byRequest), rule, context);
  const ordered = rule.alternateBy === null ? speeches : alternate(speeches, context, previousValue(list, context));
  const queue = [...pointsOfOrder, ...ordered].map((entry) => entry.id);
  return { list: { ...list, queue }, moves: movesBetween(list.queue, queue, list) };
}

function prioritise(speeches: readonly SpeakerEntry[], rule: FairOrderRule, context: FairOrderContext): SpeakerEntry[] {
  const spoken = (entry: SpeakerEntry) => context.today.get(entry.participantId);
  const key = (entry: SpeakerEntry): [number, number] => [
    rule.firstTimeFirst && (spoken(entry)?.speeches ?? 0) > 0 ? 1 : 0,
    rule.balanceSpeakingTime ? (spoken(entry)?.spokenMs ?? 0) : 0,
  ];
  // Array.prototype.sort is stable: ties keep request order.
  return [...speeches].sort((a, b) => {
    const [tierA, timeA] = key(a);
    const [tierB, timeB] = key(b);
    return tierA - tierB || timeA - timeB;
  });
}

const unrecorded = Symbol("unrecorded");
type Value = string | typeof unrecorded;

function valueOf(context: FairOrderContext, participantId: string): Value {
  return context.attributes.get(participantId) ?? unrecorded;
}

/** The attribute of the speech the queue follows: the current one, else the last finished; points of order do not count. */
function previousValue(list: SpeakerList, context: FairOrderContext): Value | undefined {
  const current = list.entries.find((entry) => entry.state === "speaking" && entry.kind !== "point_of_order");
  if (current) return valueOf(context, current.participantId);
  let last: SpeakerEntry | undefined;
  for (const entry of list.entries) {
    if (entry.state !== "done" || entry.kind === "point_of_order") continue;
    if (!last || instantMs(entry.endedAt!, "endedAt") >= instantMs(last.endedAt!, "endedAt")) last = entry;
  }
  return last ? valueOf(context, last.participantId) : undefined;
}

function alternate(speeches: readonly SpeakerEntry[], context: FairOrderContext, previous: Value | undefined): SpeakerEntry[] {
  const lines = new Map<Value, { rank: number; entry: SpeakerEntry }[]>();
  speeches.forEach((entry, rank) => {
    const value = valueOf(context, entry.participantId);
    const line = lines.get(value) ?? [];
    line.push({ rank, entry });
    lines.set(value, line);
  });
  const ordered: SpeakerEntry[] = [];
  let last = previous;
  while (ordered.length < speeches.length) {
    let pick: Value | undefined;
    let pickRank = Number.POSITIVE_INFINITY;
    const othersWait = last !== undefined && hasOthers(lines, last);
    for (const [value, line] of lines) {
      if (line.length === 0 || (othersWait && value === last)) continue;
      if (line[0]!.rank < pickRank) {
        pick = value;
        pickRank = line[0]!.rank;
      }
    }
    ordered.push(lines.get(pick!)!.shift()!.entry);
    last = pick;
  }
  return ordered;
}

function hasOthers(lines: ReadonlyMap<Value, readonly unknown[]>, value: Value): boolean {
  for (const [other, line] of lines) if (other !== value && line.length > 0) return true;
  return false;
}

/** The fewest single moves that turn `before` into `after`: everything off a longest common subsequence moved. */
function movesBetween(before: readonly string[], after: readonly string[], list: SpeakerList): FairOrderMove[] {
  const oldIndex = new Map(before.map((id, index) => [id, index]));
  const sequence = after.map((id) => oldIndex.get(id)!);
  const stays = longestIncreasing(sequence);
  const participant = new Map(list.entries.map((entry) => [entry.id, entry.participantId]));
  return after.flatMap((id, index) =>
    stays.has(index) ? [] : [{ entryId: id, participantId: participant.get(id)!, from: oldIndex.get(id)! + 1, to: index + 1 }],
  );
}

/** Indices of one longest strictly increasing subsequence of `values` (patience sorting). */
function longestIncreasing(values: readonly number[]): Set<number> {
  const tails: number[] = [];
  const previous = new Array<number>(values.length).fill(-1);
  values.forEach((value, index) => {
    let low = 0;
    let high = tails.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (values[tails[middle]!]! < value) low = middle + 1;
      else high = middle;
    }
    if (low > 0) previous[index] = tails[low - 1]!;
    tails[low] = index;
  });
  const result = new Set<number>();
  for (let index = tails[tails.length - 1] ?? -1; index >= 0; index = previous[index]!) result.add(index);
  return result;
}
