/** Topic names of the assembly's channels, and their parsing. One place, so they never drift. */
export const Topics = {
  event: (eventId: string) => `event:${eventId}`,
  admin: (eventId: string) => `event:${eventId}:admin`,
  participant: (eventId: string, participantId: string) => `event:${eventId}:participant:${participantId}`,
  /** The event's lists of speakers: who speaks, who waits, the rule; for participants, the projector and the chairs. */
  speakers: (eventId: string) => `event:${eventId}:speakers`,
  dashboard: (eventId: string) => `dashboard:${eventId}`,
  /** The event's screens and what each shows: for the screens themselves and the chairs' previews, never participants. */
  projectors: (eventId: string) => `event:${eventId}:projectors`,
  /** The motion book's list: everyone in the event, chairs included. */
  motions: (eventId: string) => `event:${eventId}:motions`,
  /** One motion with its amendments, change views and final text. */
  motion: (eventId: string, motionId: string) => `event:${eventId}:motion:${motionId}`,
  /** Presence of participants, tracked but never subscribed to by clients (see docs/assembly-realtime.md). */
  presence: (eventId: string) => `presence:event:${eventId}`,
  /** Server-side notices to the event's participant channels (the event opened); no client can join it. */
  attendance: (eventId: string) => `attendance:event:${eventId}`,
  /** Server-side notice to one admin's channels of the event (their role was removed); no client can join it. */
  access: (eventId: string, adminId: string) => `access:event:${eventId}:admin:${adminId}`,
};

export type ParsedTopic =
  | { kind: "event"; eventId: string }
  | { kind: "admin"; eventId: string }
  | { kind: "speakers"; eventId: string }
  | { kind: "projectors"; eventId: string }
  | { kind: "participant"; eventId: string; participantId: string }
  | { kind: "dashboard"; eventId: string }
  | { kind: "motions"; eventId: string }
  | { kind: "motion"; eventId: string; motionId: string };

const ID = "([A-Za-z0-9_-]{1,64})";
const patterns: [RegExp, (m: RegExpExecArray) => ParsedTopic][] = [
  [new RegExp(`^event:${ID}$`), (m) => ({ kind: "event", eventId: m[1]! })],
  [new RegExp(`^event:${ID}:admin$`), (m) => ({ kind: "admin", eventId: m[1]! })],
  [new RegExp(`^event:${ID}:speakers$`), (m) => ({ kind: "speakers", eventId: m[1]! })],
  [new RegExp(`^event:${ID}:projectors$`), (m) => ({ kind: "projectors", eventId: m[1]! })],
  [new RegExp(`^event:${ID}:participant:${ID}$`), (m) => ({ kind: "participant", eventId: m[1]!, participantId: m[2]! })],
  [new RegExp(`^dashboard:${ID}$`), (m) => ({ kind: "dashboard", eventId: m[1]! })],
  [new RegExp(`^event:${ID}:motions$`), (m) => ({ kind: "motions", eventId: m[1]! })],
  [new RegExp(`^event:${ID}:motion:${ID}$`), (m) => ({ kind: "motion", eventId: m[1]!, motionId: m[2]! })],
];

export function parseTopic(topic: string): ParsedTopic | undefined {
  for (const [pattern, build] of patterns) {
    const match = pattern.exec(topic);
    if (match) return build(match);
  }
  return undefined;
}
