import type { Logger } from "pino";
import { Counter, type Registry } from "prom-client";
import { BoundedLog } from "../transport/bounded-log.ts";
import type { PubSub, PubSubHandler, PubSubMessage } from "./pubsub.ts";
import { Subscribers } from "./subscribers.ts";
import { assertMessage, assertNodeId, assertSubscription } from "./validate.ts";

export interface LocalPubSubOptions {
  readonly nodeId?: string;
  /** Where a throwing subscriber is reported (at most one line per 10 s, with how many were held back). */
  readonly logger?: Logger;
  /** Where `plenum_pubsub_handler_errors_total` is exported; without one it still counts. */
  readonly registry?: Registry;
}

/**
 * In-process adapter: the whole cluster is this process. A subscriber that
 * throws is isolated (the others still get the message), counted and logged.
 */
export class LocalPubSub implements PubSub {
  readonly nodeId: string;
  readonly #subscribers: Subscribers;
  readonly #handlerErrors: Counter;
  #closed = false;

  constructor(options: LocalPubSubOptions = {}) {
    this.nodeId = options.nodeId ?? "local";
    this.#handlerErrors = new Counter({
      name: "plenum_pubsub_handler_errors_total",
      help: "Exceptions thrown by subscribers (isolated)",
      registers: options.registry ? [options.registry] : [],
    });
    const log = options.logger ? new BoundedLog(options.logger) : undefined;
    this.#subscribers = new Subscribers((error, message) => {
      this.#handlerErrors.inc();
      log?.warn("pubsub_handler", { err: error, topic: message.topic, event: message.event }, "pubsub handler threw");
    });
  }

  async start(): Promise<void> {}

  async close(): Promise<void> {
    this.#closed = true;
    this.#subscribers.clear();
  }

  subscribe(topic: string, handler: PubSubHandler): () => void {
    assertSubscription(topic, handler);
    return this.#subscribers.add(topic, handler);
  }

  ready(_topic: string): Promise<void> {
    return Promise.resolve();
  }

  broadcast(message: PubSubMessage): void {
    this.localBroadcast(message);
  }

  localBroadcast(message: PubSubMessage): void {
    assertMessage(message);
    if (!this.#closed) this.#subscribers.deliver(message);
  }

  direct(nodeId: string, message: PubSubMessage): void {
    assertNodeId(nodeId);
    if (nodeId === this.nodeId) this.localBroadcast(message);
  }

  onReconnect(): () => void {
    return () => {};
  }
}
