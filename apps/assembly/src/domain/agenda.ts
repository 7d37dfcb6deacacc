import { DomainError } from "./errors.ts";

/** An item of the event's agenda; `position` is 0-based and dense within the event. */
export interface AgendaItem {
  readonly id: string;
  readonly eventId: string;
  readonly position: number;
  readonly title: string;
  readonly description: string;
}

/** A message the chairs publish to every participant, optionally about one agenda item. */
export interface Announcement {
  readonly id: string;
  readonly eventId: string;
  readonly agendaItemId: string | null;
  readonly title: string;
  readonly body: string;
  readonly publishedAt: string;
  /** When a chair last corrected it (participants see that it was). */
  readonly editedAt: string | null;
  /** When a chair withdrew it: participants no longer see it; the record keeps it. */
  readonly withdrawnAt: string | null;
}

/** What participants read: a withdrawn announcement is gone from their screens (the record keeps it). */
export const shownToParticipants = (announcements: readonly Announcement[]): Announcement[] =>
  announcements.filter((announcement) => announcement.withdrawnAt === null);

/** Trims and bounds a short human label (titles). */
export function validateTitle(title: string, field = "title"): string {
  const trimmed = title.trim();
  if (trimmed.length === 0 || trimmed.length > 300) {
    throw new DomainError("invalid", `${field} must have 1 to 300 characters`, { field });
  }
  return trimmed;
}

/** Bounds long free text (descriptions, announcement bodies); empty is allowed. */
export function validateText(text: string, field: string): string {
  if (text.length > 20_000) {
    throw new DomainError("invalid", `${field} must have at most 20000 characters`, { field });
  }
  return text;
}

/**
 * Returns `ids` reordered so that `movedId` sits at `position` (clamped to the
 * ends). Throws `not_found` when `movedId` is not in the list.
 */
export function moveInOrder(ids: readonly string[], movedId: string, position: number): string[] {
  const from = ids.indexOf(movedId);
  if (from < 0) throw new DomainError("not_found", "agenda item not in this event", { id: movedId });
  if (!Number.isSafeInteger(position)) throw new DomainError("invalid", "position must be an integer", { field: "position" });
  const rest = ids.filter((id) => id !== movedId);
  const to = Math.max(0, Math.min(position, rest.length));
  rest.splice(to, 0, movedId);
  return rest;
}
