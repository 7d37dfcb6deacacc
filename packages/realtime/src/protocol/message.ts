/**
 * The Phoenix Channels message model, independent of any wire format.
 *
 * Refs are opaque strings chosen by the client: `ref` pairs a push with its
 * reply, `joinRef` names one join of a topic so that a client can tell frames
 * of an old join from frames of the current one.
 */

/** Binary payloads travel as bytes; everything else must be JSON-encodable. */
export type Payload = unknown;

/** A frame from the client: a join, leave, heartbeat or event push. */
export interface Inbound {
  readonly joinRef: string | null;
  readonly ref: string | null;
  readonly topic: string;
  readonly event: string;
  readonly payload: Payload;
}

/** A reply to an inbound push, correlated by `ref`. */
export interface Reply {
  readonly joinRef: string | null;
  readonly ref: string;
  readonly topic: string;
  readonly status: "ok" | "error";
  readonly response: Payload;
}

/** A server push to one channel (one join) of one socket. */
export interface Push {
  readonly joinRef: string | null;
  /** Only lifecycle pushes (`phx_close`, `phx_error`) carry one: the join ref. */
  readonly ref?: string | null;
  readonly topic: string;
  readonly event: string;
  readonly payload: Payload;
}

/** A message for every subscriber of a topic; carries no refs, so it can be encoded once. */
export interface Broadcast {
  readonly topic: string;
  readonly event: string;
  readonly payload: Payload;
}

/** Reserved events of the protocol. */
export const Events = {
  join: "phx_join",
  leave: "phx_leave",
  reply: "phx_reply",
  close: "phx_close",
  error: "phx_error",
  heartbeat: "heartbeat",
} as const;

/** The topic of socket-level messages (heartbeats). */
export const SOCKET_TOPIC = "phoenix";

/**
 * A payload already serialised to JSON, spliced into text frames as is: a
 * large payload pushed to many clients one by one (e.g. `presence_state` of a
 * big topic) is stringified once instead of once per client.
 */
export class RawJson {
  readonly json: string;
  constructor(json: string) {
    this.json = json;
  }
}

/** JSON text of a payload, reusing a pre-serialised one. */
export function payloadJson(payload: Payload): string {
  return payload instanceof RawJson ? payload.json : (JSON.stringify(payload) ?? "null");
}

export function isBinary(payload: Payload): payload is Uint8Array {
  return payload instanceof Uint8Array;
}
