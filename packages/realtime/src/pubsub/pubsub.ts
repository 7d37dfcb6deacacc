import type { StreamPosition } from "../history/history.ts";

/**
 * A message travelling through a PubSub adapter. `payload` must survive a
 * JSON round trip when the adapter crosses processes (binary payloads are
 * carried as `Uint8Array` and adapters must restore them as such).
 */
export interface PubSubMessage {
  readonly topic: string;
  readonly event: string;
  readonly payload: unknown;
  /**
   * Identity of the sender to skip on delivery (Phoenix's `broadcast_from`).
   * Adapters carry it untouched; the hub that fans out drops the sender.
   */
  readonly from?: string;
  /**
   * Coalesce key: a subscriber whose outbound queue still holds an undelivered
   * message with the same (topic, event, key) replaces it with this one.
   * Adapters carry it untouched.
   */
  readonly coalesce?: string;
  /**
   * Where the message is in its topic's history (history topics only): set
   * by the engine before it broadcasts, carried untouched by adapters.
   */
  readonly position?: StreamPosition;
}

export type PubSubHandler = (message: PubSubMessage) => void;

/**
 * The cluster-wide message bus behind channels, presence and supervision.
 *
 * Guarantees every adapter gives:
 * - Ordering: messages from one publisher on one topic are delivered to every
 *   subscriber in publish order. No order holds between publishers.
 * - Delivery: at most once. A message published while a node is cut off from
 *   the bus (e.g. Redis down) may never reach it; consumers that need the
 *   state resync after `onReconnect` (presence sends full state, live views
 *   ask for snapshots).
 * - `localBroadcast` never leaves this process; `broadcast` reaches this
 *   process too (through the same path, so local order is publish order).
 * - `direct` reaches only the subscribers on node `nodeId` (possibly this one).
 * - Handlers run synchronously in delivery order and must not throw; a
 *   throwing handler is isolated and does not stop delivery to others.
 *
 * A subscription is per handler: subscribe once per topic per node and fan out
 * locally (the channel hub does), never once per socket.
 */
export interface PubSub {
  /** This node's identity, unique in the cluster. */
  readonly nodeId: string;
  start(): Promise<void>;
  /** Idempotent. After close, publishes are dropped and handlers are no longer called. */
  close(): Promise<void>;
  /** Returns an unsubscribe function (idempotent). */
  subscribe(topic: string, handler: PubSubHandler): () => void;
  /**
   * Resolves once broadcasts to `topic` published on any node reach this
   * node's subscribers (the bus confirmed the subscription); at once when
   * nothing is pending. Never rejects: while the bus is down it resolves, and
   * delivery resumes after the reconnect (at most once, as always).
   */
  ready(topic: string): Promise<void>;
  broadcast(message: PubSubMessage): void;
  localBroadcast(message: PubSubMessage): void;
  direct(nodeId: string, message: PubSubMessage): void;
  /** Called after the adapter lost and regained the bus; not for the first start. */
  onReconnect(listener: () => void): () => void;
}
