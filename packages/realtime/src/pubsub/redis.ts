import { randomUUID } from "node:crypto";
import { Redis, type RedisOptions } from "ioredis";
import { pino, type Logger } from "pino";
import type { Registry } from "prom-client";
import { decodeEnvelope, encodeEnvelope, type Envelope } from "./envelope.ts";
import { PubSubMetrics } from "./metrics.ts";
import type { PubSub, PubSubHandler, PubSubMessage } from "./pubsub.ts";
import { Subscribers } from "./subscribers.ts";
import { assertMessage, assertNodeId, assertSubscription } from "./validate.ts";

export interface RedisPubSubOptions {
  /** Default `redis://127.0.0.1:6379`. */
  url?: string;
  /** Extra ioredis options (TLS, password…); connection behaviour options are overridden. */
  redis?: RedisOptions;
  /** Unique in the cluster; default a random UUID. A restarted process may reuse it. */
  nodeId?: string;
  /** Namespace of every Redis channel this adapter uses. Default `plenum:`. */
  prefix?: string;
  logger?: Logger;
  /** Registers `plenum_pubsub_*` metrics here. One adapter per registry. */
  registry?: Registry;
  /** `start()` rejects when Redis is not reachable within this time. Default 10 s. */
  startTimeoutMs?: number;
  /** Ceiling of the exponential reconnect backoff. Default 2 s. */
  maxBackoffMs?: number;
}

const SUBSCRIBE_CHUNK = 500;

/**
 * PubSub across processes through Redis, with exactly two connections per
 * node: a publisher and one subscriber shared by every topic.
 *
 * Delivery path: `broadcast` delivers to this node's handlers synchronously
 * (so local order is publish order) and publishes an envelope carrying the
 * origin node; every node subscribed to the topic delivers it, except the
 * origin, which ignores its own echo. So each node sees each broadcast exactly
 * once while the bus is up, and in publish order per publisher (one publisher
 * connection, and Redis keeps order per connection).
 *
 * Redis channels: `<prefix>t:<topic>` per topic with local handlers (SUBSCRIBEd
 * on the first handler, UNSUBSCRIBEd after the last) and `<prefix>n:<nodeId>`
 * for `direct`.
 *
 * Outage: local delivery keeps working; publishes while the publisher is down
 * are dropped and counted; both connections reconnect with capped exponential
 * backoff and jitter; on return every topic is subscribed again, then the
 * `onReconnect` listeners run so consumers can resync what they missed.
 */
export class RedisPubSub implements PubSub {
  readonly nodeId: string;
  readonly #url: string;
  readonly #prefix: string;
  readonly #redisOptions: RedisOptions;
  readonly #log: Logger;
  readonly #metrics: PubSubMetrics;
  readonly #startTimeoutMs: number;
  readonly #maxBackoffMs: number;
  readonly #subscribers: Subscribers;
  /** SUBSCRIBEs sent and not yet confirmed, by topic: what `ready` waits for. */
  readonly #pendingSubscriptions = new Map<string, Promise<void>>();
  readonly #reconnectListeners = new Set<() => void>();
  #pub: Redis | undefined;
  #sub: Redis | undefined;
  #pubUp = false;
  /** True once the subscriber connection is ready and all channels are subscribed again. */
  #subUp = false;
  #wasUp = false;
  /** Last status reported in logs and the gauge, so transitions are reported once. */
  #reportedUp = false;
  #starting: Promise<void> | undefined;
  #settleStart: ((outcome: "up" | "closed") => void) | undefined;
  #closing: Promise<void> | undefined;

  constructor(options: RedisPubSubOptions = {}) {
    const nodeId = options.nodeId ?? randomUUID();
    const prefix = options.prefix ?? "plenum:";
    assertNodeId(nodeId);
    if (typeof prefix !== "string") throw new TypeError("RedisPubSub: prefix must be a string");
    this.nodeId = nodeId;
    this.#prefix = prefix;
    this.#url = options.url ?? "redis://127.0.0.1:6379";
    this.#redisOptions = options.redis ?? {};
    this.#startTimeoutMs = positive("startTimeoutMs", options.startTimeoutMs ?? 10_000);
    this.#maxBackoffMs = positive("maxBackoffMs", options.maxBackoffMs ?? 2_000);
    this.#log = (options.logger ?? pino({ level: "silent" })).child({ component: "pubsub", node: nodeId });
    this.#subscribers = new Subscribers((error, message) => {
      this.#metrics.handlerErrors.inc();
      this.#log.error({ err: error, topic: message.topic, event: message.event }, "pubsub handler threw");
    });
    this.#metrics = new PubSubMetrics(options.registry, () => this.#subscribers.topics().length);
  }

  /** True while both connections are usable and every topic is subscribed. */
  get up(): boolean {
    return this.#pubUp && this.#subUp;
  }

  /** Resolves once connected and subscribed; rejects (and cleans up) if Redis is unreachable in time. */
  start(): Promise<void> {
    if (this.#closing) return Promise.reject(new Error("RedisPubSub: start after close"));
    this.#starting ??= this.#connect();
    return this.#starting;
  }

  async close(): Promise<void> {
    this.#closing ??= this.#shutdown();
    return this.#closing;
  }

  subscribe(topic: string, handler: PubSubHandler): () => void {
    assertSubscription(topic, handler);
    if (this.#closing) return () => {};
    const first = !this.#subscribers.has(topic);
    const unsubscribe = this.#subscribers.add(topic, handler, (emptied) => this.#redisUnsubscribe(emptied));
    if (first) this.#redisSubscribe(topic);
    return unsubscribe;
  }

  broadcast(message: PubSubMessage): void {
    const data = this.#encode(message);
    if (this.#closing) return;
    this.#subscribers.deliver(message);
    this.#publish(this.#topicChannel(message.topic), data);
  }

  localBroadcast(message: PubSubMessage): void {
    assertMessage(message);
    if (!this.#closing) this.#subscribers.deliver(message);
  }

  direct(nodeId: string, message: PubSubMessage): void {
    assertNodeId(nodeId);
    if (nodeId === this.nodeId) {
      this.localBroadcast(message);
      return;
    }
    const data = this.#encode(message);
    if (!this.#closing) this.#publish(this.#nodeChannel(nodeId), data);
  }

  onReconnect(listener: () => void): () => void {
    const entry = () => listener();
    this.#reconnectListeners.add(entry);
    return () => void this.#reconnectListeners.delete(entry);
  }

  #encode(message: PubSubMessage): Buffer {
    assertMessage(message);
    try {
      return encodeEnvelope(this.nodeId, message);
    } catch (error) {
      throw new TypeError(`pubsub: payload of ${message.topic}/${message.event} is not serialisable: ${String(error)}`);
    }
  }

  #publish(channel: string, data: Buffer): void {
    const pub = this.#pub;
    if (!pub || !this.#pubUp) {
      this.#metrics.dropped.inc();
      return;
    }
    pub.publish(channel, data).then(
      () => this.#metrics.published.inc(),
      (error: unknown) => {
        this.#metrics.dropped.inc();
        this.#log.debug({ err: error, channel }, "publish failed");
      },
    );
  }

  #onMessage(data: Buffer): void {
    let envelope: Envelope;
    try {
      envelope = decodeEnvelope(data);
    } catch (error) {
      this.#metrics.decodeErrors.inc();
      this.#log.warn({ err: error }, "dropping malformed pubsub message");
      return;
    }
    // Our own broadcast was already delivered locally when it was published.
    if (envelope.origin === this.nodeId || this.#closing) return;
    this.#metrics.received.inc();
    this.#subscribers.deliver(envelope.message);
  }

  #topicChannel(topic: string): string {
    return `${this.#prefix}t:${topic}`;
  }

  #nodeChannel(nodeId: string): string {
    return `${this.#prefix}n:${nodeId}`;
  }

  #redisSubscribe(topic: string): void {
    const sub = this.#sub;
    // While the subscriber is down, the next `ready` subscribes every topic anyway.
    if (sub?.status !== "ready") return;
    const confirmed: Promise<void> = sub.subscribe(this.#topicChannel(topic)).then(
      () => {},
      (error: unknown) => this.#log.debug({ err: error, topic }, "subscribe failed; retried on reconnect"),
    );
    this.#pendingSubscriptions.set(topic, confirmed);
    void confirmed.then(() => {
      if (this.#pendingSubscriptions.get(topic) === confirmed) this.#pendingSubscriptions.delete(topic);
    });
  }

  ready(topic: string): Promise<void> {
    return this.#pendingSubscriptions.get(topic) ?? Promise.resolve();
  }

  #redisUnsubscribe(topic: string): void {
    const sub = this.#sub;
    if (sub?.status !== "ready") return;
    sub.unsubscribe(this.#topicChannel(topic)).catch((error: unknown) => {
      this.#log.debug({ err: error, topic }, "unsubscribe failed");
    });
  }

  #client(role: "pub" | "sub"): Redis {
    const client = new Redis(this.#url, {
      ...this.#redisOptions,
      lazyConnect: true,
      connectionName: `${this.#prefix}${this.nodeId}:${role}`,
      // Publishing while down is dropped and counted, never queued without bound.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      // Resubscription is ours: the topic set lives in `#subscribers`.
      autoResubscribe: false,
      retryStrategy: (attempt) => Math.min(this.#maxBackoffMs, 50 * 2 ** Math.min(attempt, 10)) * (0.5 + Math.random() / 2),
    });
    client.on("error", (error: Error) => this.#log.debug({ err: error, role }, "redis connection error"));
    return client;
  }

  async #connect(): Promise<void> {
    const pub = (this.#pub = this.#client("pub"));
    const sub = (this.#sub = this.#client("sub"));
    pub.on("ready", () => this.#setPubUp(true));
    pub.on("close", () => this.#setPubUp(false));
    sub.on("ready", () => this.#resubscribeAll(sub));
    sub.on("close", () => this.#setSubUp(false));
    sub.on("messageBuffer", (_channel: Buffer, data: Buffer) => this.#onMessage(data));

    let timer: NodeJS.Timeout | undefined;
    const outcome = new Promise<"up" | "closed" | "timeout">((resolve) => {
      this.#settleStart = resolve;
      timer = setTimeout(() => resolve("timeout"), this.#startTimeoutMs);
    });
    // Connection errors are retried by ioredis; only the deadline decides failure.
    pub.connect().catch(() => {});
    sub.connect().catch(() => {});
    const result = await outcome;
    this.#settleStart = undefined;
    clearTimeout(timer);
    if (result === "up") return;
    pub.disconnect();
    sub.disconnect();
    throw new Error(
      result === "closed"
        ? "RedisPubSub: closed before it was up"
        : `RedisPubSub: Redis at ${this.#url} not reachable within ${this.#startTimeoutMs} ms`,
    );
  }

  #resubscribeAll(sub: Redis): void {
    const channels = [this.#nodeChannel(this.nodeId), ...this.#subscribers.topics().map((t) => this.#topicChannel(t))];
    const chunks: Promise<unknown>[] = [];
    for (let i = 0; i < channels.length; i += SUBSCRIBE_CHUNK) {
      chunks.push(sub.subscribe(...channels.slice(i, i + SUBSCRIBE_CHUNK)));
    }
    Promise.all(chunks).then(
      () => this.#setSubUp(true),
      (error: unknown) => this.#log.warn({ err: error }, "resubscribe failed; waiting for next reconnect"),
    );
  }

  #setPubUp(value: boolean): void {
    this.#pubUp = value;
    this.#statusChanged();
  }

  #setSubUp(value: boolean): void {
    this.#subUp = value;
    this.#statusChanged();
  }

  #statusChanged(): void {
    const up = this.up;
    if (this.#closing) return;
    if (up === this.#reportedUp) return;
    this.#reportedUp = up;
    this.#metrics.up.set(up ? 1 : 0);
    if (!up) {
      this.#log.warn("redis pubsub down: serving local traffic only, publishes are dropped until it returns");
      return;
    }
    if (!this.#wasUp) {
      this.#wasUp = true;
      this.#log.info("redis pubsub up");
      this.#settleStart?.("up");
      return;
    }
    this.#metrics.reconnects.inc();
    this.#log.warn("redis pubsub reconnected and resubscribed");
    for (const listener of [...this.#reconnectListeners]) {
      try {
        listener();
      } catch (error) {
        this.#log.error({ err: error }, "pubsub reconnect listener threw");
      }
    }
  }

  async #shutdown(): Promise<void> {
    this.#settleStart?.("closed");
    this.#subscribers.clear();
    this.#reconnectListeners.clear();
    this.#pubUp = this.#subUp = false;
    this.#metrics.up.set(0);
    const pub = this.#pub;
    const sub = this.#sub;
    sub?.disconnect();
    if (pub?.status === "ready") {
      // QUIT lets already-written publishes reach Redis; a hung socket must not hang close.
      await Promise.race([pub.quit().catch(() => {}), new Promise((r) => setTimeout(r, 1_000).unref())]);
    }
    pub?.disconnect();
  }
}

function positive(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`RedisPubSub: ${name} must be a positive number of milliseconds`);
  return value;
}
