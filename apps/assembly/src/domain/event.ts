import { DomainError } from "./errors.ts";

export type EventStatus = "draft" | "open" | "closed";

export interface EventSettings {
  /** When false, a delegate may not delegate onward and a delegate's principals may not delegate. */
  readonly allowProxyChains: boolean;
  /** Maximum principals per delegate; 0 disables proxy voting for the event. */
  readonly proxyCapPerDelegate: number;
  /** When true, only checked-in (present) participants may cast ballots, for themselves or as delegates. */
  readonly presentOnlyVoting: boolean;
}

export const defaultEventSettings: EventSettings = {
  allowProxyChains: false,
  proxyCapPerDelegate: 1,
  presentOnlyVoting: false,
};

/** Named `AssemblyEvent` so it never shadows the DOM `Event`. Timestamps are ISO-8601 UTC strings. */
export interface AssemblyEvent {
  readonly id: string;
  readonly name: string;
  /** IANA zone the event is held in, e.g. "Europe/Berlin"; used for display and exports. */
  readonly timezone: string;
  readonly status: EventStatus;
  readonly settings: EventSettings;
  readonly createdAt: string;
}

const eventTransitions: Readonly<Record<EventStatus, readonly EventStatus[]>> = {
  draft: ["open"],
  // Reopening a closed day is legitimate (a session resumes); drafting it again is not.
  open: ["closed"],
  closed: ["open"],
};

/** Returns `to` when the event may move there from `from`; throws `invalid_transition` otherwise. */
export function transitionEvent(from: EventStatus, to: EventStatus): EventStatus {
  if (!eventTransitions[from].includes(to)) {
    throw new DomainError("invalid_transition", `event cannot go from ${from} to ${to}`, { from, to });
  }
  return to;
}

/** Validates a name: trimmed, 1..200 characters. Returns the trimmed value. */
export function validateEventName(name: string): string {
  const trimmed = name.trim();
  if (trimmed.length === 0 || trimmed.length > 200) {
    throw new DomainError("invalid", "event name must have 1 to 200 characters", { field: "name" });
  }
  return trimmed;
}

/** Validates an IANA time zone name using the runtime's Intl database. */
export function validateTimezone(timezone: string): string {
  try {
    new Intl.DateTimeFormat("en", { timeZone: timezone });
  } catch {
    throw new DomainError("unknown_time_zone", `unknown time zone ${JSON.stringify(timezone)}`, { field: "timezone" });
  }
  return timezone;
}

/** Merges a partial update into settings and validates the result. */
export function validateEventSettings(base: EventSettings, patch: Partial<EventSettings> = {}): EventSettings {
  const settings = { ...base, ...patch };
  if (!Number.isSafeInteger(settings.proxyCapPerDelegate) || settings.proxyCapPerDelegate < 0) {
    throw new DomainError("invalid", "proxyCapPerDelegate must be a non-negative integer", { field: "proxyCapPerDelegate" });
  }
  if (typeof settings.allowProxyChains !== "boolean" || typeof settings.presentOnlyVoting !== "boolean") {
    throw new DomainError("invalid", "allowProxyChains and presentOnlyVoting must be booleans", { field: "settings" });
  }
  return settings;
}
