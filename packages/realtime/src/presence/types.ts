/** What the application attaches to a presence; must survive a JSON round trip. */
export type Meta = Record<string, unknown>;

/** A meta as clients see it: the application's fields plus Phoenix's refs. */
export interface PresenceMeta extends Meta {
  readonly phx_ref: string;
  /** Set by `update`: the ref this meta replaces. */
  readonly phx_ref_prev?: string;
}

/** Phoenix client shape of `presence_state`, and of each half of a diff. */
export type PresenceState = Record<string, { metas: PresenceMeta[] }>;

/** Phoenix client shape of `presence_diff`. */
export interface PresenceDiff {
  joins: PresenceState;
  leaves: PresenceState;
}

/** One tracked presence; stored once per node however many sockets watch its topic. */
export interface PresenceEntry {
  readonly topic: string;
  readonly key: string;
  readonly meta: PresenceMeta;
}
