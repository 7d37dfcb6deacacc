import type { PresenceMeta } from "./types.ts";

/**
 * Messages trackers exchange over the PubSub adapter. Every message names its
 * sender node `n` and the sender's incarnation `i` (a restarted node gets a new
 * one, which replaces everything known about the old one).
 *
 * Each node owns its presences and numbers its outgoing deltas `s` = 1, 2, …;
 * `p` is the previous number, so a receiver spots a missed delta as a gap.
 */
export type Replication =
  /** Periodic liveness + clock. `sync` asks every receiver to send its full state (start, reconnect). */
  | { event: "heartbeat"; payload: { n: string; i: string; s: number; sync?: true } }
  /** Changes since delta `p`: joined metas as [topic, key, meta] and left refs. */
  | { event: "delta"; payload: { n: string; i: string; p: number; s: number; j: [string, string, PresenceMeta][]; l: string[] } }
  /** Sent directly to a node: please send me your full state. */
  | { event: "state_request"; payload: { n: string; i: string } }
  /** Sent directly: the sender's complete own presences as of delta `s`. */
  | { event: "state"; payload: { n: string; i: string; s: number; e: [string, string, PresenceMeta][] } }
  /** A graceful close: drop my presences now rather than after the down timeout. */
  | { event: "goodbye"; payload: { n: string; i: string } };

/** Parses an untrusted bus message; undefined if it is not a well-formed replication message. */
export function parseReplication(event: string, payload: unknown): Replication | undefined {
  if (!isObject(payload) || typeof payload.n !== "string" || typeof payload.i !== "string") return undefined;
  switch (event) {
    case "heartbeat":
      return isSeq(payload.s) ? ({ event, payload } as Replication) : undefined;
    case "delta":
      return isSeq(payload.p) && isSeq(payload.s) && areEntries(payload.j) && areRefs(payload.l)
        ? ({ event, payload } as Replication)
        : undefined;
    case "state":
      return isSeq(payload.s) && areEntries(payload.e) ? ({ event, payload } as Replication) : undefined;
    case "state_request":
    case "goodbye":
      return { event, payload } as Replication;
    default:
      return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function isSeq(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}

function areRefs(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((ref) => typeof ref === "string");
}

function areEntries(value: unknown): value is [string, string, PresenceMeta][] {
  return (
    Array.isArray(value) &&
    value.every(
      (e) => Array.isArray(e) && typeof e[0] === "string" && typeof e[1] === "string" && isObject(e[2]) && typeof e[2].phx_ref === "string",
    )
  );
}
