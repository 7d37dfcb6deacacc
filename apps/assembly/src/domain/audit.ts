/**
 * One line of an event's append-only audit log. `before`/`after` are JSON
 * snapshots where the change matters (settings, weights, poll status...).
 */
export interface AuditEntry {
  /** Increasing in append order within the store. */
  readonly id: number;
  /** Null for installation-wide actions (e.g. creating an admin user). */
  readonly eventId: string | null;
  /** Who did it, e.g. `admin:<id>`, `participant:<id>`, `system`. */
  readonly actor: string;
  /** What was done, e.g. `poll.open`, `participant.update`. */
  readonly action: string;
  /** The entity acted upon, e.g. a poll id; null when the event itself. */
  readonly subject: string | null;
  readonly before: unknown;
  readonly after: unknown;
  readonly at: string;
}

export interface NewAuditEntry {
  readonly eventId: string | null;
  readonly actor: string;
  readonly action: string;
  readonly subject?: string | null;
  readonly before?: unknown;
  readonly after?: unknown;
}
