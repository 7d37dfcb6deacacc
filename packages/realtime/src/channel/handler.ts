import type { Channel } from "./channel.ts";
import type { InResult, JoinResult, OutResult } from "./results.ts";

type Maybe<T> = T | Promise<T>;

/**
 * What an application implements for a topic pattern (Phoenix's Channel
 * behaviour). Callbacks of one channel run one at a time, in arrival order,
 * like messages in a process mailbox; different channels run independently.
 * A callback that throws (or returns a wrong shape) ends that channel only:
 * the client gets `phx_error` for it and rejoins; the socket lives on.
 */
export interface ChannelHandler {
  /** Authorise and set up a join. `{ ok: response }` accepts, `{ error: response }` refuses. */
  join(topic: string, payload: unknown, channel: Channel): Maybe<JoinResult>;
  /** An event pushed by the client. Without `handleIn`, every event gets an error reply. */
  handleIn?(event: string, payload: unknown, channel: Channel): Maybe<InResult>;
  /** A server-side message: `channel.send(...)` or a topic subscribed with `channel.subscribe`. */
  handleInfo?(message: unknown, channel: Channel): Maybe<void>;
  /** Broadcast events to filter per subscriber through `handleOut` (costs one encoding per subscriber). */
  readonly intercept?: readonly string[];
  handleOut?(event: string, payload: unknown, channel: Channel): Maybe<OutResult>;
  /** The channel ended: left, socket closed, crashed, replaced by a duplicate join, or server shutdown. */
  terminate?(reason: TerminateReason, channel: Channel): Maybe<void>;
}

export type TerminateReason = "leave" | "closed" | "duplicate_join" | "error" | "shutdown" | "join_refused";
