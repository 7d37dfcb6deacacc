import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import { pino, type Logger } from "pino";
import type { PubSub } from "./pubsub/pubsub.ts";
import { LocalPubSub } from "./pubsub/local.ts";
import { EngineMetrics } from "./metrics/metrics.ts";
import { Hub } from "./channel/hub.ts";
import { Router } from "./channel/router.ts";
import type { Assigns, ChannelHandler } from "./channel/handler.ts";
import { Tracker, type TrackerOptions } from "./presence/tracker.ts";
import type { PushOptions } from "./channel/channel.ts";
import { checkConnect, type ConnectResult } from "./channel/results.ts";
import { Socket, CloseCodes, type SocketDeps } from "./socket/socket.ts";
import type { QueueLimits } from "./socket/outbound-queue.ts";
import { ByteBudget } from "./socket/byte-budget.ts";
import { WebSocketTransport } from "./transport/websocket.ts";
import { LongPollTransport } from "./transport/longpoll.ts";
import type { Accepted, Acceptor } from "./transport/acceptor.ts";
import type { ConnectInfo, ConnectParams } from "./transport/connect.ts";
import { OriginPolicy, type CheckOrigin } from "./transport/origin.ts";
import { OriginGate } from "./transport/origin-gate.ts";
import { BoundedLog } from "./transport/bounded-log.ts";
import { wsDeflate, type DeflateOptions } from "./transport/deflate.ts";
import { socketLimits, type SocketLimits } from "./socket/inbound-limiter.ts";
import { drainInBatches, drainOptions, type DrainOptions } from "./socket/drainer.ts";
import { ServerApi, type ServerApiOptions } from "./api/server-api.ts";
import { TopicHistory, type HistoryOptions } from "./history/topic-history.ts";

export interface EndpointOptions {
  /** Cluster bus; defaults to in-process. The endpoint starts and closes it. */
  readonly pubsub?: PubSub;
  /**
   * Enables presence (`channel.track`, `presence_state`, batched
   * `presence_diff`), replicated over `pubsub`. `true` takes the defaults.
   */
  readonly presence?: boolean | Omit<TrackerOptions, "pubsub" | "registry" | "logger">;
  /** Authenticates a connection; the default accepts everyone with no id. */
  readonly connect?: (params: ConnectParams, info: ConnectInfo) => ConnectResult | Promise<ConnectResult>;
  /** Mount path; transports live at `<path>/websocket` and `<path>/longpoll`. Default `/socket`. */
  readonly path?: string;
  /**
   * Which pages may use the transports, by their `Origin` header (see
   * `CheckOrigin`); also decides long-poll's CORS answers. A refused browser
   * gets HTTP 403 before `connect` runs. Default `"same-origin"`.
   */
  readonly checkOrigin?: CheckOrigin;
  /** Per-socket outbound limits; default `defaultQueueLimits`. */
  readonly queue?: Partial<QueueLimits>;
  /**
   * Most bytes all sockets of this node may hold in outbound queues together
   * (see ByteBudget); past it, a socket that needs more is closed as a slow
   * consumer. Default 512 MiB.
   */
  readonly maxOutboundBytes?: number;
  /** Largest inbound frame; larger ones close the WebSocket with 1009. Default 64 KiB. */
  readonly maxFrameBytes?: number;
  /** A socket that sends nothing (not even a heartbeat) for this long is closed. Default 60 s. */
  readonly idleTimeoutMs?: number;
  /** Most callbacks waiting per channel. Default 1,000. */
  readonly maxMailbox?: number;
  readonly longPoll?: { pollTimeoutMs?: number; sessionTimeoutMs?: number };
  /**
   * Per-socket limits: channels held at once (default 100) and the inbound
   * message rate (default 50/s with a burst of 200; past it a message gets an
   * error reply, and a socket refused 100 times without backing off is
   * closed with 1008). See `SocketLimits`.
   */
  readonly limits?: Partial<SocketLimits>;
  /** permessage-deflate on the WebSocket transport; off by default. `true` takes `defaultDeflate`. */
  readonly perMessageDeflate?: boolean | Partial<DeflateOptions>;
  /**
   * How `close()` lets go of the sockets: no new connection is accepted
   * (503), then sockets are closed (1012) in batches, so clients do not all
   * come back at once. Default 10,000 per batch every 2 s, 30 s at most.
   */
  readonly drain?: Partial<DrainOptions>;
  /**
   * Per-topic history and recovery (docs/history.md): broadcasts on the
   * configured topics are kept in `store` and carry their position under
   * `_history`; a join with `{recover: {epoch, offset}}` gets what it missed.
   * Off unless given.
   */
  readonly history?: HistoryOptions;
  /** Enables the HTTP server API (publish, disconnect, presence counts) under its bearer token. Off unless given. */
  readonly serverApi?: ServerApiOptions;
  readonly logger?: Logger;
  readonly metrics?: EngineMetrics;
}

export const defaultQueueLimits: QueueLimits = { maxMessages: 1024, maxBytes: 1024 * 1024 };

/**
 * The engine's entry point (Phoenix's Endpoint + Socket handler): channel
 * routes, transports, the node's hub, metrics. Host it on any Node HTTP
 * server with `attach`, or route upgrades and long-poll requests to it.
 */
export class Endpoint implements Acceptor {
  readonly metrics: EngineMetrics;
  readonly logger: Logger;
  readonly pubsub: PubSub;
  /** The presence tracker, when enabled; lists are cluster-wide. */
  readonly presence: Tracker | undefined;
  readonly #options: EndpointOptions;
  readonly #router = new Router<ChannelHandler>();
  readonly #hub: Hub;
  readonly #history: TopicHistory | undefined;
  readonly #sockets = new Set<Socket>();
  readonly #websocket: WebSocketTransport;
  readonly #longPoll: LongPollTransport;
  readonly #deps: SocketDeps;
  readonly #serverApi: ServerApi | undefined;
  readonly #drain: DrainOptions;
  readonly #detach: (() => void)[] = [];
  #idleSweep: NodeJS.Timeout | undefined;
  #state: "new" | "started" | "draining" | "closed" = "new";
  #draining: Promise<void> | undefined;
  #closing: Promise<void> | undefined;

  constructor(options: EndpointOptions = {}) {
    this.#options = options;
    this.logger = options.logger ?? pino({ level: process.env["LOG_LEVEL"] ?? "info", name: "plenum" });
    this.metrics = options.metrics ?? new EngineMetrics();
    this.pubsub = options.pubsub ?? new LocalPubSub({ logger: this.logger, registry: this.metrics.registry });
    this.#history = options.history ? new TopicHistory(options.history, this.metrics.registry, this.logger) : undefined;
    this.#hub = new Hub(this.pubsub, this.metrics, this.#history);
    if (options.presence) {
      const tuning = options.presence === true ? {} : options.presence;
      this.presence = new Tracker({ ...tuning, pubsub: this.pubsub, registry: this.metrics.registry, logger: this.logger });
    }
    const path = options.path ?? "/socket";
    const maxFrameBytes = options.maxFrameBytes ?? 64 * 1024;
    const refusals = new BoundedLog(this.logger);
    const origins = new OriginGate(new OriginPolicy(options.checkOrigin), this.metrics, refusals);
    this.#drain = drainOptions(options.drain);
    this.#serverApi = options.serverApi ? new ServerApi(this, options.serverApi, this.metrics.registry, refusals) : undefined;
    this.#deps = {
      router: this.#router,
      hub: this.#hub,
      metrics: this.metrics,
      logger: this.logger,
      presence: this.presence,
      maxMailbox: options.maxMailbox ?? 1000,
      queueLimits: { ...defaultQueueLimits, ...options.queue },
      limits: socketLimits(options.limits),
      outboundBudget: new ByteBudget(options.maxOutboundBytes ?? 512 * 1024 * 1024, (delta) => this.metrics.queueBytesChanged(delta)),
      forget: (socket) => this.#sockets.delete(socket),
    };
    this.#websocket = new WebSocketTransport(this, {
      path,
      maxFrameBytes,
      origins,
      refusals,
      perMessageDeflate: wsDeflate(options.perMessageDeflate),
    });
    const pollTimeoutMs = options.longPoll?.pollTimeoutMs ?? 10_000;
    this.#longPoll = new LongPollTransport(this, {
      path,
      maxFrameBytes,
      origins,
      refusals,
      pollTimeoutMs,
      sessionTimeoutMs: options.longPoll?.sessionTimeoutMs ?? pollTimeoutMs * 2,
      onBinaryDropped: () => {
        this.metrics.dropped.inc({ reason: "longpoll_binary" });
        refusals.warn("longpoll_binary", {}, "binary frame not delivered: long-poll clients cannot decode binary frames");
      },
    });
  }

  /**
   * Routes joins of topics matching `pattern` to `handler`: an exact topic, or
   * a prefix ending in `*` (`"room:*"` takes `"room:42"` and `"room:"`). The
   * first added match wins.
   */
  channel<A extends object = Assigns>(pattern: string, handler: ChannelHandler<A>): this {
    // Channels start with empty assigns that `join` fills in; from here on the engine treats them as opaque.
    this.#router.add(pattern, handler as unknown as ChannelHandler);
    return this;
  }

  async start(): Promise<void> {
    if (this.#state !== "new") return;
    this.#state = "started";
    await this.pubsub.start();
    await this.#history?.store.start();
    if (this.presence) {
      // Each node's tracker computes diffs for the whole cluster; fan them out locally only.
      this.#detach.push(this.presence.onDiff((topic, diff) => this.#hub.localBroadcast({ topic, event: "presence_diff", payload: diff })));
      this.presence.start();
    }
    const idleTimeoutMs = this.#options.idleTimeoutMs ?? 60_000;
    this.#idleSweep = setInterval(() => this.#closeIdle(idleTimeoutMs), Math.max(100, idleTimeoutMs / 4)).unref();
  }

  /**
   * Stops accepting connections (WebSocket upgrades and new long-poll
   * sessions get 503), then closes the sockets with 1012 in batches (see
   * the `drain` option). The server API and open sockets keep working until
   * their batch. `close()` drains first; call this alone to drain while the
   * host still serves other requests. Idempotent.
   */
  drain(): Promise<void> {
    if (this.#state === "started") {
      this.#state = "draining";
      this.#websocket.stopAccepting();
      this.#longPoll.stopAccepting();
      const sockets = [...this.#sockets];
      this.logger.info({ sockets: sockets.length, ...this.#drain }, "draining sockets");
      this.#draining = drainInBatches(sockets, this.#drain, (socket) => {
        if (!socket.isClosed) this.metrics.drainedSockets.inc();
        socket.close(CloseCodes.serviceRestart, "server restarting: reconnect after a backoff");
      }).then(() => undefined);
    }
    return this.#draining ?? Promise.resolve();
  }

  /** Drains (see `drain`), then closes every socket left (going away) and the pubsub. Idempotent. */
  close(): Promise<void> {
    this.#closing ??= this.#shutdown();
    return this.#closing;
  }

  async #shutdown(): Promise<void> {
    await this.drain();
    this.#state = "closed";
    clearInterval(this.#idleSweep);
    for (const detach of this.#detach.splice(0)) detach();
    for (const socket of [...this.#sockets]) socket.close(CloseCodes.goingAway, "server shutting down");
    this.presence?.close();
    this.#websocket.close();
    this.#longPoll.close();
    await this.pubsub.close();
    await this.#history?.store.close();
  }

  /** Serves WebSocket upgrades and long-poll requests for this endpoint on `server`. */
  attach(server: Server): void {
    const onUpgrade = (req: IncomingMessage, raw: Duplex, head: Buffer): void => {
      if (!this.handleUpgrade(req, raw, head)) raw.destroy();
    };
    server.on("upgrade", onUpgrade);
    this.#detach.push(() => server.off("upgrade", onUpgrade));
  }

  /** For hosts that route upgrades themselves. False when the path is not ours. */
  handleUpgrade(req: IncomingMessage, raw: Duplex, head: Buffer): boolean {
    return this.#serving && this.#websocket.handleUpgrade(req, raw, head);
  }

  /** For hosts that route requests themselves (e.g. a Fastify route): long-poll and the server API. False when the path is not ours. */
  handleRequest(req: IncomingMessage, res: ServerResponse): boolean {
    return this.#serving && (this.#longPoll.handle(req, res) || (this.#serverApi?.handle(req, res) ?? false));
  }

  get #serving(): boolean {
    return this.#state === "started" || this.#state === "draining";
  }

  /** Every subscriber of `topic`, cluster-wide. */
  broadcast(topic: string, event: string, payload: unknown, options: PushOptions = {}): void {
    this.#hub.broadcast({ topic, event, payload, ...(options.coalesce !== undefined ? { coalesce: options.coalesce } : {}) });
  }

  /** Subscribers of `topic` on this node only. */
  localBroadcast(topic: string, event: string, payload: unknown): void {
    this.#hub.localBroadcast({ topic, event, payload });
  }

  /** Closes every socket, on every node, whose `connect` returned this id. */
  disconnect(socketId: string): void {
    this.#hub.broadcast({ topic: socketId, event: "disconnect", payload: {} });
  }

  /** Sockets connected to this node. */
  get socketCount(): number {
    return this.#sockets.size;
  }

  /** Channels joined to `topic` on this node. */
  subscriberCount(topic: string): number {
    return this.#hub.count(topic);
  }

  async accept(params: ConnectParams, info: ConnectInfo): Promise<Accepted | undefined> {
    let result: ConnectResult = {};
    if (this.#options.connect) {
      try {
        result = checkConnect(await this.#options.connect(params, info));
      } catch (error) {
        this.logger.error({ err: error }, "socket connect crashed");
        return undefined;
      }
    }
    if (result === false || "error" in result) return undefined;
    // Only what the socket keeps: `open` must not hold on to the request's headers.
    const socketInfo = { id: result.id ?? null, assigns: result.assigns ?? {}, transport: info.transport };
    return {
      open: (connection, serializer) => {
        const socket = new Socket(connection, serializer, socketInfo, this.#deps);
        this.#sockets.add(socket);
        return socket;
      },
    };
  }

  #closeIdle(idleTimeoutMs: number): void {
    const deadline = Date.now() - idleTimeoutMs;
    for (const socket of [...this.#sockets]) {
      if (socket.lastSeen < deadline) socket.close(CloseCodes.goingAway, "idle timeout: no heartbeat");
    }
  }
}
