import type { StreamPosition } from "./history.ts";

/**
 * The payload key under which a broadcast on a history topic carries its
 * position, `{"_history": {"epoch": "…", "offset": 42}}`, and under which the
 * join reply of such a topic carries the stream's position (and, for a join
 * that asked to recover, `recovered`). Reserved on history topics: the engine
 * overwrites an application's value. Browser-safe.
 */
export const HISTORY_KEY = "_history";

/** The join parameter asking for what was missed: `{"recover": {"epoch": "…", "offset": 41}}`. */
export const RECOVER_PARAM = "recover";

/** What the join reply of a history topic carries under {@link HISTORY_KEY}. */
export interface JoinPosition {
  /** Present when the join asked to recover: true when every missed message follows the reply. */
  readonly recovered?: boolean;
  /** The stream's position when the channel joined; null when the history store could not be read. */
  readonly epoch: string | null;
  readonly offset: number | null;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** The position a broadcast payload carries, if any. */
export function positionIn(payload: unknown): StreamPosition | undefined {
  if (!isPlainObject(payload)) return undefined;
  const position = payload[HISTORY_KEY];
  return isPosition(position) ? { epoch: position.epoch, offset: position.offset } : undefined;
}

export function isPosition(value: unknown): value is StreamPosition {
  if (!isPlainObject(value)) return false;
  return typeof value["epoch"] === "string" && Number.isInteger(value["offset"]) && (value["offset"] as number) >= 0;
}

/** A broadcast payload as the client gets it: the application's object with the position under `_history`. */
export function withPosition(payload: unknown, position: StreamPosition | undefined): unknown {
  if (position === undefined || !isPlainObject(payload)) return payload;
  return { ...payload, [HISTORY_KEY]: { epoch: position.epoch, offset: position.offset } };
}
