import { moveInOrder } from "../agenda.ts";
import { DomainError } from "../errors.ts";
import { type FairOrderRule, validateFairOrderRule } from "./fair-order-rule.ts";
import { instantMs } from "./instant.ts";

/** Points of order (on procedure) and pro/contra speeches exist where the list enables them. */
export type SpeakerKind = "normal" | "pro" | "contra" | "point_of_order";
export type SpeakerState = "waiting" | "speaking" | "done" | "removed";

export interface SpeakerEntry {
  readonly id: string;
  readonly participantId: string;
  readonly kind: SpeakerKind;
  /**
   * The client's key for the request: asking again with the same key (a
   * double tap, a retry after a lost answer) finds this entry instead of
   * adding another.
   */
  readonly requestKey: string;
  /** ISO-8601 instant of the request, as the caller's clock saw it. */
  readonly requestedAt: string;
  readonly addedBy: "self" | "chair";
  readonly state: SpeakerState;
  readonly startedAt: string | null;
  /** While speaking and not paused: when the current stretch began. */
  readonly runningSince: string | null;
  readonly endedAt: string | null;
  /** Milliseconds of finished stretches; the whole speaking time once done. */
  readonly spokenMs: number;
  readonly removedBy: "self" | "chair" | null;
}

export interface SpeakerListSettings {
  readonly pointsOfOrder: boolean;
  readonly proContra: boolean;
  /** Speaking time per speech in milliseconds, null for none. */
  readonly timeLimitMs: number | null;
  /** For points of order, usually shorter; null for none. */
  readonly pointOfOrderTimeLimitMs: number | null;
  /** Null: first come, first served (points of order first). */
  readonly fairOrder: FairOrderRule | null;
}

/**
 * The list of speakers of one agenda item or motion. `entries` holds every
 * entry ever made, in the order they were made; `queue` the ids of exactly
 * the waiting ones, in the order they will speak. At most one is speaking.
 */
export interface SpeakerList {
  readonly closed: boolean;
  readonly settings: SpeakerListSettings;
  readonly entries: readonly SpeakerEntry[];
  readonly queue: readonly string[];
}

export interface SpeakerRequest {
  /** The new entry's id, chosen by the store. */
  readonly entryId: string;
  readonly participantId: string;
  readonly kind: SpeakerKind;
  readonly requestKey: string;
  readonly at: string;
}

export interface RequestResult {
  readonly list: SpeakerList;
  readonly entry: SpeakerEntry;
  /** False when the request repeated an earlier one (same participant and key): nothing changed. */
  readonly created: boolean;
}

export const defaultSpeakerListSettings: SpeakerListSettings = {
  pointsOfOrder: true,
  proContra: false,
  timeLimitMs: 3 * 60_000,
  pointOfOrderTimeLimitMs: 60_000,
  fairOrder: null,
};

const maxTimeLimitMs = 4 * 3_600_000;
const idPattern = /^[A-Za-z0-9_.:-]{1,100}$/;
const kinds: readonly SpeakerKind[] = ["normal", "pro", "contra", "point_of_order"];

function invalid(message: string, field: string): DomainError {
  return new DomainError("invalid", message, { field });
}

function timeLimit(value: number | null, field: string): number | null {
  if (value === null) return null;
  if (!Number.isSafeInteger(value) || value < 1000 || value > maxTimeLimitMs) {
    throw invalid(`${field} must be null or whole milliseconds from 1 second to 4 hours`, field);
  }
  return value;
}

export function validateSpeakerListSettings(input: SpeakerListSettings): SpeakerListSettings {
  if (typeof input?.pointsOfOrder !== "boolean" || typeof input.proContra !== "boolean") {
    throw invalid("pointsOfOrder and proContra must be true or false", "settings");
  }
  return {
    pointsOfOrder: input.pointsOfOrder,
    proContra: input.proContra,
    timeLimitMs: timeLimit(input.timeLimitMs, "timeLimitMs"),
    pointOfOrderTimeLimitMs: timeLimit(input.pointOfOrderTimeLimitMs, "pointOfOrderTimeLimitMs"),
    fairOrder: input.fairOrder === null ? null : validateFairOrderRule(input.fairOrder),
  };
}

/** An empty, open list. */
export function newSpeakerList(settings: SpeakerListSettings = defaultSpeakerListSettings): SpeakerList {
  return { closed: false, settings: validateSpeakerListSettings(settings), entries: [], queue: [] };
}

/** The list with new settings; entries already waiting stay, whatever kind they are. */
export function updateSpeakerListSettings(list: SpeakerList, patch: Partial<SpeakerListSettings>): SpeakerList {
  return { ...list, settings: validateSpeakerListSettings({ ...list.settings, ...patch }) };
}

export function entryOf(list: SpeakerList, entryId: string): SpeakerEntry {
  const entry = list.entries.find((candidate) => candidate.id === entryId);
  if (!entry) throw new DomainError("not_found", "no such entry on this list of speakers", { entryId });
  return entry;
}

/** The waiting entries in speaking order. */
export function waitingEntries(list: SpeakerList): SpeakerEntry[] {
  const byId = new Map(list.entries.map((entry) => [entry.id, entry]));
  return list.queue.map((id) => byId.get(id)!);
}

export function currentSpeaker(list: SpeakerList): SpeakerEntry | null {
  return list.entries.find((entry) => entry.state === "speaking") ?? null;
}

function replaceEntry(list: SpeakerList, entry: SpeakerEntry, queue: readonly string[] = list.queue): SpeakerList {
  return { ...list, entries: list.entries.map((candidate) => (candidate.id === entry.id ? entry : candidate)), queue };
}

function addEntry(list: SpeakerList, request: SpeakerRequest, addedBy: "self" | "chair"): RequestResult {
  for (const [value, field] of [
    [request.entryId, "entryId"],
    [request.participantId, "participantId"],
    [request.requestKey, "requestKey"],
  ] as const) {
    if (typeof value !== "string" || !idPattern.test(value))
      throw invalid(`${field} must be 1-100 characters of A-Z a-z 0-9 _ . : -`, field);
  }
  const repeated = list.entries.find((entry) => entry.participantId === request.participantId && entry.requestKey === request.requestKey);
  if (repeated) return { list, entry: repeated, created: false };
  instantMs(request.at);
  const { kind } = request;
  if (!kinds.includes(kind)) throw invalid(`kind must be one of ${kinds.join(", ")}`, "kind");
  if (kind === "point_of_order" && !list.settings.pointsOfOrder) throw invalid("this list takes no points of order", "kind");
  if ((kind === "pro" || kind === "contra") && !list.settings.proContra)
    throw invalid("this list takes no pro and contra speeches", "kind");
  if (list.entries.some((entry) => entry.id === request.entryId)) {
    throw new DomainError("conflict", "an entry with this id already exists", { entryId: request.entryId });
  }
  const pointOfOrder = kind === "point_of_order";
  if (list.closed && addedBy === "self" && !pointOfOrder) {
    throw new DomainError("speakers_list_closed", "the list of speakers is closed", {});
  }
  // A speech and a point of order may wait side by side; two of either may not.
  const waiting = waitingEntries(list);
  if (waiting.some((entry) => entry.participantId === request.participantId && (entry.kind === "point_of_order") === pointOfOrder)) {
    throw new DomainError(
      "already_on_speakers_list",
      pointOfOrder ? "this participant already waits with a point of order" : "this participant already waits to speak",
      { participantId: request.participantId },
    );
  }
  const entry: SpeakerEntry = {
    id: request.entryId,
    participantId: request.participantId,
    kind,
    requestKey: request.requestKey,
    requestedAt: request.at,
    addedBy,
    state: "waiting",
    startedAt: null,
    runningSince: null,
    endedAt: null,
    spokenMs: 0,
    removedBy: null,
  };
  // Points of order go ahead of every speech, behind the points of order already at the front.
  const firstSpeech = waiting.findIndex((candidate) => candidate.kind !== "point_of_order");
  const at = pointOfOrder && firstSpeech >= 0 ? firstSpeech : list.queue.length;
  const queue = [...list.queue.slice(0, at), entry.id, ...list.queue.slice(at)];
  return { list: { ...list, entries: [...list.entries, entry], queue }, entry, created: true };
}

/**
 * A participant asks to speak. Refused with `speakers_list_closed` on a
 * closed list and `already_on_speakers_list` while they wait already —
 * except for a point of order, which is always possible where enabled
 * (once at a time) and goes ahead of all speeches. A repeated request
 * (same participant and request key) returns the entry it made.
 */
export function requestToSpeak(list: SpeakerList, request: SpeakerRequest): RequestResult {
  return addEntry(list, request, "self");
}

/** The chair puts someone on the list, closed or not; the same rules on kinds and waiting twice apply. */
export function addSpeakerByChair(list: SpeakerList, request: SpeakerRequest): RequestResult {
  return addEntry(list, request, "chair");
}

function removeWaiting(list: SpeakerList, entry: SpeakerEntry, by: "self" | "chair"): SpeakerList {
  if (entry.state === "removed") return list;
  if (entry.state !== "waiting") {
    throw new DomainError("invalid_transition", `an entry that is ${entry.state} cannot be removed`, {
      entryId: entry.id,
      state: entry.state,
    });
  }
  return replaceEntry(
    list,
    { ...entry, state: "removed", removedBy: by },
    list.queue.filter((id) => id !== entry.id),
  );
}

/** A participant takes back their own waiting request (`forbidden` for another's); repeating it changes nothing. */
export function withdrawRequest(list: SpeakerList, entryId: string, participantId: string): SpeakerList {
  const entry = entryOf(list, entryId);
  if (entry.participantId !== participantId) throw new DomainError("forbidden", "only the speaker can withdraw their request", { entryId });
  return removeWaiting(list, entry, "self");
}

/** The chair takes a waiting entry off the list; repeating it changes nothing. */
export function removeSpeaker(list: SpeakerList, entryId: string): SpeakerList {
  return removeWaiting(list, entryOf(list, entryId), "chair");
}

/**
 * The chair moves a waiting entry to `position` (0-based, clamped) in the
 * queue. Refused with `invalid_transition` while a fair-order rule orders
 * the list: its order is the one everyone was shown.
 */
export function moveSpeaker(list: SpeakerList, entryId: string, position: number): SpeakerList {
  const entry = entryOf(list, entryId);
  if (entry.state !== "waiting") {
    throw new DomainError("invalid_transition", `an entry that is ${entry.state} has no place in the queue`, {
      entryId,
      state: entry.state,
    });
  }
  if (list.settings.fairOrder !== null) {
    throw new DomainError("invalid_transition", "the fair-order rule orders this list; switch it off to reorder by hand", { entryId });
  }
  return { ...list, queue: moveInOrder(list.queue, entryId, position) };
}

function finishCurrent(list: SpeakerList, at: string): SpeakerList {
  const current = currentSpeaker(list);
  if (!current) return list;
  return replaceEntry(list, { ...current, state: "done", endedAt: at, runningSince: null, spokenMs: spokenUntil(current, at) });
}

function spokenUntil(entry: SpeakerEntry, at: string): number {
  if (entry.runningSince === null) return entry.spokenMs;
  const stretch = instantMs(at) - instantMs(entry.runningSince, "runningSince");
  if (stretch < 0) throw invalid("the time given is before the current speech began", "at");
  return entry.spokenMs + stretch;
}

/**
 * Gives the floor to waiting entry `entryId` at `at`. Whoever is speaking
 * is stopped at the same instant first: one speaker at a time.
 */
export function startSpeaker(list: SpeakerList, entryId: string, at: string): SpeakerList {
  const entry = entryOf(list, entryId);
  if (entry.state !== "waiting") {
    throw new DomainError("invalid_transition", `an entry that is ${entry.state} cannot start speaking`, { entryId, state: entry.state });
  }
  instantMs(at);
  const stopped = finishCurrent(list, at);
  return replaceEntry(
    stopped,
    { ...entry, state: "speaking", startedAt: at, runningSince: at },
    stopped.queue.filter((id) => id !== entryId),
  );
}

/** Gives the floor to the first in the queue (see `startSpeaker`); `invalid_transition` when nobody waits. */
export function startNextSpeaker(list: SpeakerList, at: string): SpeakerList {
  const [next] = list.queue;
  if (next === undefined) throw new DomainError("invalid_transition", "nobody is waiting to speak", {});
  return startSpeaker(list, next, at);
}

function requireCurrent(list: SpeakerList): SpeakerEntry {
  const current = currentSpeaker(list);
  if (!current) throw new DomainError("invalid_transition", "nobody is speaking", {});
  return current;
}

/** Ends the current speech at `at`, recording its speaking time; `invalid_transition` when nobody speaks. */
export function stopSpeaker(list: SpeakerList, at: string): SpeakerList {
  requireCurrent(list);
  return finishCurrent(list, at);
}

/** Holds the current speaker's clock (an interruption); pausing a paused speech changes nothing. */
export function pauseSpeaker(list: SpeakerList, at: string): SpeakerList {
  const current = requireCurrent(list);
  if (current.runningSince === null) return list;
  return replaceEntry(list, { ...current, runningSince: null, spokenMs: spokenUntil(current, at) });
}

/** Restarts the current speaker's clock at `at`; resuming a running speech changes nothing. */
export function resumeSpeaker(list: SpeakerList, at: string): SpeakerList {
  const current = requireCurrent(list);
  if (current.runningSince !== null) return list;
  instantMs(at);
  return replaceEntry(list, { ...current, runningSince: at });
}

/** No more requests to speak, except points of order; the chair can still add people. Closing twice changes nothing. */
export function closeSpeakerList(list: SpeakerList): SpeakerList {
  return list.closed ? list : { ...list, closed: true };
}

export function reopenSpeakerList(list: SpeakerList): SpeakerList {
  return list.closed ? { ...list, closed: false } : list;
}
