import { randomUUID } from "node:crypto";
import { Events, SOCKET_TOPIC, type Inbound } from "../protocol/message.ts";
import { ProtocolError, type Frame, type Serializer } from "../protocol/serializer.ts";
import type { SocketInfo } from "../channel/channel.ts";
import { ChannelServer, type ChannelDeps, type ChannelHost } from "../channel/channel-server.ts";
import type { ChannelHandler } from "../channel/handler.ts";
import type { Router } from "../channel/router.ts";
import type { Subscriber } from "../channel/hub.ts";
import type { ByteBudget } from "./byte-budget.ts";
import { InboundLimiter, type SocketLimits } from "./inbound-limiter.ts";
import { OutboundQueue, type QueueLimits, type Sink } from "./outbound-queue.ts";

/** A transport's connection as the socket drives it. */
export interface Connection extends Sink {
  /** Close with a WebSocket close code; the transport calls `Socket.closed()` once it is gone. */
  close(code: number, reason: string): void;
}

export interface SocketDeps extends ChannelDeps {
  readonly router: Router<ChannelHandler>;
  readonly queueLimits: QueueLimits;
  readonly limits: SocketLimits;
  /** Shared by every socket of the node. */
  readonly outboundBudget: ByteBudget;
  /** Socket ends: the endpoint stops tracking it. */
  forget(socket: Socket): void;
}

/** The reason of the error reply to a join past `maxChannels`: Phoenix's words for its `max_channels_per_transport`. */
export const TOO_MANY_CHANNELS = "too many channels joined";

/** The reason of the error reply to a message over the inbound rate limit. */
export const RATE_LIMITED = "rate limited: too many messages, slow down";

/** WebSocket close codes the engine uses, with why. */
export const CloseCodes = {
  normal: 1000,
  goingAway: 1001,
  /** Not a message of the protocol (bad JSON, wrong shape). */
  invalidFrame: 1007,
  /** Kept sending past the inbound rate limit after its messages were refused. */
  policyViolation: 1008,
  /** The node is draining before a restart: reconnect (to it or another node) after a backoff. */
  serviceRestart: 1012,
  /**
   * The outbound queue passed its limit, or the node's queues together did:
   * the client is too slow for what it is sent; it reconnects and resyncs.
   */
  slowConsumer: 1013,
} as const;

/**
 * One connected client, whatever its transport (Phoenix's Socket): decodes
 * frames, answers heartbeats, routes joins to channel handlers, keeps one
 * channel per topic, and owns the bounded outbound queue every frame for
 * this client goes through.
 */
export class Socket implements ChannelHost {
  readonly uid = randomUUID();
  readonly info: SocketInfo;
  readonly serializer: Serializer;
  readonly #deps: SocketDeps;
  readonly #connection: Connection;
  readonly #queue: OutboundQueue;
  readonly #channels = new Map<string, ChannelServer>();
  readonly #idSubscriber: Subscriber | undefined;
  readonly #limiter: InboundLimiter;
  #lastSeen = Date.now();
  #closed = false;
  /** Joins so far: names each channel uniquely, since a join ref may be absent (vsn 1) or reused. */
  #joins = 0;

  constructor(connection: Connection, serializer: Serializer, info: SocketInfo, deps: SocketDeps) {
    this.#connection = connection;
    this.serializer = serializer;
    this.info = info;
    this.#deps = deps;
    this.#limiter = new InboundLimiter(deps.limits, Date.now());
    this.#queue = new OutboundQueue(connection, deps.queueLimits, {
      budget: deps.outboundBudget,
      onShed: () => this.#dropSlow("node_budget"),
    });
    deps.metrics.sockets.inc();
    if (info.id !== null) {
      const id = info.id;
      // Receives the `disconnect` broadcast to this socket's id, from any node.
      this.#idSubscriber = {
        id: `${this.uid}#id`,
        deliver: ({ message }) => {
          if (message.event === "disconnect") this.close(CloseCodes.normal, "disconnected by the server");
        },
      };
      deps.hub.add(id, this.#idSubscriber);
    }
  }

  /** When the client last sent anything (heartbeats included). */
  get lastSeen(): number {
    return this.#lastSeen;
  }

  /** True once the socket ended, by either side. */
  get isClosed(): boolean {
    return this.#closed;
  }

  get queuedBytes(): number {
    return this.#queue.bytes;
  }

  receive(data: Buffer, isBinary: boolean): void {
    if (this.#closed) return;
    this.#lastSeen = Date.now();
    this.#deps.metrics.messagesIn.inc();
    let message: Inbound;
    try {
      message = this.serializer.decode(data, isBinary);
    } catch (error) {
      if (!(error instanceof ProtocolError)) throw error;
      this.#deps.metrics.dropped.inc({ reason: "invalid_frame" });
      this.close(CloseCodes.invalidFrame, `invalid frame: ${error.message}`);
      return;
    }
    // Decoded first so the refusal can answer the push it refuses; decoding is bounded by the frame limit.
    const admitted = this.#limiter.admit(this.#lastSeen);
    if (admitted === "ok") {
      this.#dispatch(message);
      return;
    }
    this.#deps.metrics.limitRefusals.inc({ limit: "rate" });
    if (admitted === "refuse") {
      this.#reply(message, "error", { reason: RATE_LIMITED });
      return;
    }
    this.#deps.metrics.rateLimitCloses.inc();
    this.close(CloseCodes.policyViolation, "rate limit: too many messages");
  }

  send(frame: Frame, coalesceKey?: string): void {
    if (this.#closed) return;
    const result = this.#queue.enqueue(frame, coalesceKey);
    if (result === "overflow" || result === "over_budget") {
      this.#dropSlow(result === "over_budget" ? "node_budget" : "slow_consumer");
      return;
    }
    if (result === "coalesced") this.#deps.metrics.coalesced.inc();
    else this.#deps.metrics.messagesOut.inc();
  }

  #dropSlow(reason: "slow_consumer" | "node_budget"): void {
    if (this.#closed) return;
    this.#deps.metrics.dropped.inc({ reason });
    this.#deps.metrics.slowConsumerCloses.inc();
    this.close(
      CloseCodes.slowConsumer,
      reason === "node_budget"
        ? "slow consumer: furthest behind when the server's outbound memory ran full"
        : "slow consumer: outbound queue over its limit",
    );
  }

  released(channel: ChannelServer): void {
    if (this.#channels.get(channel.topic) === channel) this.#channels.delete(channel.topic);
  }

  /** Server-initiated close. Idempotent. */
  close(code: number, reason: string): void {
    if (this.#closed) return;
    this.#teardown();
    this.#connection.close(code, reason.length > 120 ? reason.slice(0, 120) : reason);
  }

  /** The transport reports the connection is gone. Idempotent. */
  closed(): void {
    if (!this.#closed) this.#teardown();
  }

  #teardown(): void {
    this.#closed = true;
    this.#queue.close();
    for (const channel of this.#channels.values()) void channel.close("closed", false);
    this.#channels.clear();
    if (this.info.id !== null && this.#idSubscriber) this.#deps.hub.remove(this.info.id, this.#idSubscriber);
    this.#deps.metrics.sockets.dec();
    this.#deps.forget(this);
  }

  #dispatch(message: Inbound): void {
    const { topic, event, ref, joinRef } = message;
    if (topic === SOCKET_TOPIC && event === Events.heartbeat) {
      this.#reply(message, "ok", {});
      return;
    }
    if (event === Events.join) {
      this.#join(message);
      return;
    }
    const channel = this.#channels.get(topic);
    if (!channel || (joinRef !== null && joinRef !== channel.joinRef)) {
      this.#reply(message, "error", { reason: "unmatched topic" });
      return;
    }
    if (event === Events.leave) channel.leave(ref);
    else channel.handleIn(message);
  }

  #join(message: Inbound): void {
    const { topic, joinRef, ref } = message;
    const handler = this.#deps.router.match(topic);
    if (!handler) {
      this.#reply(message, "error", { reason: "unmatched topic" });
      return;
    }
    const existing = this.#channels.get(topic);
    if (!existing && this.#channels.size >= this.#deps.limits.maxChannels) {
      this.#deps.metrics.limitRefusals.inc({ limit: "channels" });
      this.#reply(message, "error", { reason: TOO_MANY_CHANNELS });
      return;
    }
    if (existing) {
      // The client lost track of its join (e.g. a page module rejoined): the new join wins.
      this.#channels.delete(topic);
      void existing.close("duplicate_join", true);
    }
    const channel = new ChannelServer(this, topic, joinRef, `${this.uid}/${++this.#joins}`, handler, this.#deps);
    this.#channels.set(topic, channel);
    channel.join(message.payload, ref);
  }

  #reply(message: Inbound, status: "ok" | "error", response: unknown): void {
    if (message.ref === null) return;
    this.send(this.serializer.encodeReply({ joinRef: message.joinRef, ref: message.ref, topic: message.topic, status, response }));
  }
}
