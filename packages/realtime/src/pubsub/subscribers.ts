import type { PubSubHandler, PubSubMessage } from "./pubsub.ts";

/** Topic → handlers registry shared by adapters; isolates throwing handlers. */
export class Subscribers {
  readonly #byTopic = new Map<string, Set<PubSubHandler>>();
  #onError: (error: unknown, message: PubSubMessage) => void;

  constructor(onError: (error: unknown, message: PubSubMessage) => void = () => {}) {
    this.#onError = onError;
  }

  /** Returns an idempotent unsubscribe. `onEmpty` runs when a topic loses its last handler. */
  add(topic: string, handler: PubSubHandler, onEmpty?: (topic: string) => void): () => void {
    let set = this.#byTopic.get(topic);
    if (!set) this.#byTopic.set(topic, (set = new Set()));
    // Wrap so the same function subscribed twice gets two independent subscriptions.
    const entry: PubSubHandler = (m) => handler(m);
    set.add(entry);
    return () => {
      const current = this.#byTopic.get(topic);
      if (!current?.delete(entry)) return;
      if (current.size === 0) {
        this.#byTopic.delete(topic);
        onEmpty?.(topic);
      }
    };
  }

  has(topic: string): boolean {
    return this.#byTopic.has(topic);
  }

  topics(): string[] {
    return [...this.#byTopic.keys()];
  }

  deliver(message: PubSubMessage): void {
    const set = this.#byTopic.get(message.topic);
    if (!set) return;
    for (const handler of [...set]) {
      try {
        handler(message);
      } catch (error) {
        this.#onError(error, message);
      }
    }
  }

  clear(): void {
    this.#byTopic.clear();
  }
}
