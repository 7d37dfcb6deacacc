import { inspect } from "node:util";
import type { Channel } from "../channel/channel.ts";
import type { ChannelHandler } from "../channel/handler.ts";
import { FenceGate, isFenced } from "./fencing.ts";
import type { Singletons } from "./singletons.ts";

type Maybe<T> = T | Promise<T>;

/** What `authorize` decides about a join. */
export type ViewerAdmission = { readonly viewer: string } | { readonly error: object };

export interface SingletonChannelOptions {
  /** Runs the key's tree; a channel's topic is its key. Needs an endpoint with presence (viewers are presences). */
  readonly singletons: Singletons;
  /** The events of the tree that reach viewers, each pushed as its fenced payload's `data`. */
  readonly events: readonly string[];
  /**
   * Decides a join (who asks, may they see this key): `{ viewer }` accepts
   * and counts the socket as viewer `viewer` of the key (a presence key:
   * viewers are counted once per distinct key, cluster-wide); `{ error }`
   * refuses with that reply.
   */
  authorize(topic: string, payload: unknown, channel: Channel): Maybe<ViewerAdmission>;
  /** How long a joiner's catch-up waits for the owner's last messages. Default 1000 ms. */
  readonly catchUpTimeoutMs?: number;
}

/** Sent by a join to its own channel: the catch-up runs once the channel receives broadcasts. */
const CATCH_UP = Symbol("singleton catch-up");

/**
 * The channel through which viewers watch a {@link Singletons} key, so that
 * an application writes no lease or fencing code of its own.
 *
 * Guarantees:
 * - Viewers start the tree: an accepted join tracks the viewer's presence on
 *   the topic, which is what `Singletons` counts; the tree starts somewhere in
 *   the cluster with the first viewer and stops `graceMs` after the last one
 *   left (or was disconnected).
 * - Only fenced messages reach viewers: every message of `events` must carry
 *   a fencing token (the tree's `publish` adds it), and is pushed only if its
 *   token is at least the highest this node has seen for the key. A stale
 *   owner's message delivered late is dropped, and so is anything on those
 *   events published around the tree; drops count in
 *   `plenum_fenced_deliveries_dropped_total` (once per viewer). Viewers get
 *   `data` only, never the token.
 * - A joiner catches up: right after the join, once broadcasts reach the
 *   channel, it gets the tree's last message of each event (and coalesce key)
 *   from its owner, through the same fence, since trees publish only changes.
 *   Broadcasts arriving meanwhile wait behind the catch-up (a channel's
 *   callbacks run one at a time), so a message may arrive twice but the last
 *   push of each event is the newest the viewer's node received (the bus
 *   delivers one node's messages in order).
 * - Joins of topics `singletons` does not manage are refused.
 */
export function singletonChannel(options: SingletonChannelOptions): ChannelHandler {
  const { singletons } = options;
  const events = new Set(options.events);
  const catchUpTimeoutMs = options.catchUpTimeoutMs ?? 1_000;
  if (events.size === 0 || [...events].some((event) => typeof event !== "string" || event === "")) {
    throw new TypeError("singletonChannel: events must be non-empty strings, at least one");
  }
  if (typeof options.authorize !== "function") throw new TypeError("singletonChannel: authorize must be a function");
  if (!(catchUpTimeoutMs > 0)) throw new RangeError("singletonChannel: catchUpTimeoutMs must be > 0");
  const gate = new FenceGate();

  /** The data to push for a message of the key's tree, or undefined when the fence drops it. */
  function admit(payload: unknown): { data: unknown } | undefined {
    if (isFenced(payload) && gate.accept(payload)) return { data: payload.data };
    singletons.metrics.fencedDeliveryDrops.inc();
    return undefined;
  }

  return {
    intercept: [...events],
    async join(topic, payload, channel) {
      if (!singletons.manages(topic)) return { error: { reason: "unknown topic" } };
      const admission = checkAdmission(await options.authorize(topic, payload, channel));
      if ("error" in admission) return { error: admission.error };
      channel.track(admission.viewer, {});
      channel.send(CATCH_UP);
      return { ok: {} };
    },
    async handleInfo(message, channel) {
      if (message !== CATCH_UP) return;
      for (const last of await singletons.last(channel.topic, catchUpTimeoutMs)) {
        if (last.topic !== channel.topic || !events.has(last.event)) continue;
        const admitted = admit(last.payload);
        if (admitted) channel.push(last.event, admitted.data, last.coalesce === undefined ? {} : { coalesce: last.coalesce });
      }
    },
    handleOut(_event, payload) {
      const admitted = admit(payload);
      return admitted ? { push: admitted.data } : { skip: true };
    },
  };
}

function checkAdmission(value: unknown): ViewerAdmission {
  if (typeof value === "object" && value !== null) {
    const { viewer, error } = value as Record<string, unknown>;
    if (typeof viewer === "string" && viewer !== "") return { viewer };
    if (typeof error === "object" && error !== null) return { error };
  }
  throw new TypeError(
    `singletonChannel: authorize must return { viewer: non-empty string } or { error: object }, got ${inspect(value, { depth: 2 })}`,
  );
}
