import type { PubSubMessage } from "../pubsub/pubsub.ts";
import type { Assigns } from "./handler.ts";

export interface PushOptions {
  /**
   * Latest-value semantics: if a frame with the same (topic, event, key) is
   * still waiting in a subscriber's outbound queue, this one replaces it.
   */
  readonly coalesce?: string;
}

/** The socket a channel belongs to, as the application sees it. */
export interface SocketInfo {
  /** The id given by `connect` (used to disconnect all sockets of one user), or null. */
  readonly id: string | null;
  readonly assigns: Readonly<Record<string, unknown>>;
  readonly transport: "websocket" | "longpoll";
}

/**
 * One join of one topic by one socket, as handed to `ChannelHandler`
 * callbacks. Everything it sends goes through the socket's bounded queue.
 */
export interface Channel<A extends object = Assigns> {
  readonly topic: string;
  /** The client's join ref; null for a client that sent none (vsn 1.0.0 clients may not). */
  readonly joinRef: string | null;
  readonly socket: SocketInfo;
  /** Per-channel state for the application, typed by its `ChannelHandler<A>`; starts empty. */
  readonly assigns: A;
  /** Push to this client only. */
  push(event: string, payload: unknown, options?: PushOptions): void;
  /** Every subscriber of the topic, cluster-wide, this one included. */
  broadcast(event: string, payload: unknown, options?: PushOptions): void;
  /** Every subscriber of the topic except this channel. */
  broadcastFrom(event: string, payload: unknown, options?: PushOptions): void;
  /** Deliver `message` to this channel's `handleInfo`, after what is already queued. */
  send(message: unknown): void;
  /** Route another topic's broadcasts to `handleInfo` until the channel ends. */
  subscribe(topic: string): () => void;
  /**
   * Track a presence, on this channel's topic unless another is given (as
   * Phoenix's `Presence.track(pid, topic, …)`); untracked when the channel ends.
   */
  track(key: string, meta?: Record<string, unknown>, topic?: string): void;
  /** Replace the meta of a presence tracked by this channel. */
  updatePresence(key: string, meta: Record<string, unknown>): void;
  /**
   * Push `presence_state` (the topic's whole presence list) to this client;
   * diffs follow as `presence_diff`. Called during `join`, it is sent right
   * after the join reply, in the same tick the channel starts receiving
   * diffs, so the client's `Presence` never misses or doubles a change.
   *
   * Only channels that called this receive `presence_diff`: members of a
   * big room who never see the list cost no diff traffic. Returns false,
   * sending nothing, when the topic has more keys than the tracker's
   * `maxListKeys`: such a topic is for counting, not listing (push a count
   * of your own instead).
   */
  pushPresenceState(): boolean;
  /** Stop tracking a presence of this channel before it ends. */
  untrack(key: string): void;
}

export type { PubSubMessage };
