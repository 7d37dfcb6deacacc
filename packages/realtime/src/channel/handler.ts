import type { Channel } from "./channel.ts";
import type { InfoResult, InResult, JoinResult, OutResult } from "./results.ts";

type Maybe<T> = T | Promise<T>;

/** Per-channel state of an application: whatever object type it declares. */
export type Assigns = Record<string, unknown>;

/**
 * What an application implements for a topic pattern (Phoenix's Channel
 * behaviour). Callbacks of one channel run one at a time, in arrival order,
 * like messages in a process mailbox; different channels run independently.
 * A callback that throws (or returns a wrong shape) ends that channel only:
 * the client gets `phx_error` for it and rejoins; the socket lives on.
 *
 * `A` types `channel.assigns`. `join` sees them still being filled in
 * (`Partial<A>`) and is where they are set; every later callback runs only
 * after a successful join and sees `A` (the engine does not check that join
 * set every key: that is the handler's promise).
 */
export interface ChannelHandler<A extends object = Assigns> {
  /** Authorise and set up a join. `{ ok: response }` accepts, `{ error: response }` refuses. */
  join(topic: string, payload: unknown, channel: Channel<Partial<A>>): Maybe<JoinResult>;
  /** An event pushed by the client. Without `handleIn`, every event gets an error reply. `{ stop }` ends the channel. */
  handleIn?(event: string, payload: unknown, channel: Channel<A>): Maybe<InResult>;
  /** A server-side message: `channel.send(...)` or a topic subscribed with `channel.subscribe`. `{ stop }` ends the channel. */
  // biome-ignore lint/suspicious/noConfusingVoidType: a handleInfo that returns nothing, as most do, must type-check.
  handleInfo?(message: unknown, channel: Channel<A>): Maybe<InfoResult | void>;
  /** Broadcast events to filter per subscriber through `handleOut` (costs one encoding per subscriber). */
  readonly intercept?: readonly string[];
  handleOut?(event: string, payload: unknown, channel: Channel<A>): Maybe<OutResult>;
  /** The channel ended: left, socket closed, crashed, replaced by a duplicate join, stopped by a callback, or server shutdown. */
  terminate?(reason: TerminateReason, channel: Channel<A>): Maybe<void>;
}

/** Why a channel ended; `{ stop }` carries the reason a callback returned. */
export type TerminateReason = "leave" | "closed" | "duplicate_join" | "error" | "shutdown" | "join_refused" | { readonly stop: string };
