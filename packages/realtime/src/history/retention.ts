import { Router } from "../channel/router.ts";
import type { Retention, StreamPosition } from "./history.ts";

/** Which topics keep history, by topic pattern (as channel routes: `"room:*"`, `"lobby"`), and how much. First match wins. */
export type RetentionRules = Readonly<Record<string, Retention>>;

/** Refuses a retention that keeps nothing or is not a count and a duration. */
export function checkRetention(retention: Retention, where = "retention"): Retention {
  const { maxMessages, ttlSeconds } = retention ?? {};
  if (maxMessages === undefined && ttlSeconds === undefined) {
    throw new RangeError(`${where}: set maxMessages, ttlSeconds or both`);
  }
  if (maxMessages !== undefined && (!Number.isInteger(maxMessages) || maxMessages < 1)) {
    throw new RangeError(`${where}: maxMessages must be a positive integer, got ${String(maxMessages)}`);
  }
  if (ttlSeconds !== undefined && (!Number.isFinite(ttlSeconds) || ttlSeconds <= 0)) {
    throw new RangeError(`${where}: ttlSeconds must be a positive number, got ${String(ttlSeconds)}`);
  }
  return retention;
}

/** The retention of each topic under a set of rules; checked once, when built. */
export class TopicRetention {
  readonly #router = new Router<Retention>();

  constructor(rules: RetentionRules) {
    for (const [pattern, retention] of Object.entries(rules)) this.#router.add(pattern, checkRetention(retention, `history ${pattern}`));
  }

  /** Undefined: `topic` keeps no history. */
  of(topic: string): Retention | undefined {
    return this.#router.match(topic);
  }
}

export function checkTopic(topic: string): void {
  if (typeof topic !== "string" || topic === "") throw new TypeError("history: topic must be a non-empty string");
}

export function checkPosition(position: StreamPosition): void {
  if (typeof position?.epoch !== "string" || !Number.isInteger(position.offset) || position.offset < 0) {
    throw new TypeError("history: a position is {epoch: string, offset: integer >= 0}");
  }
}

export function checkEntry(entry: { readonly event: string }): void {
  if (typeof entry?.event !== "string") throw new TypeError("history: entry.event must be a string");
}
