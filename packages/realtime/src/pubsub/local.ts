import type { PubSub, PubSubHandler, PubSubMessage } from "./pubsub.ts";
import { Subscribers } from "./subscribers.ts";
import { assertMessage, assertNodeId, assertSubscription } from "./validate.ts";

/** In-process adapter: the whole cluster is this process. */
export class LocalPubSub implements PubSub {
  readonly nodeId: string;
  readonly #subscribers = new Subscribers();
  #closed = false;

  constructor(options: { nodeId?: string } = {}) {
    this.nodeId = options.nodeId ?? "local";
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
