import type { PubSub, PubSubMessage } from "../pubsub/pubsub.ts";
import { TextFrame, type Frame, type Serializer } from "../protocol/serializer.ts";
import type { EngineMetrics } from "../metrics/metrics.ts";

/**
 * One broadcast, encoded lazily at most once per wire format: the first
 * subscriber speaking v2 pays for `JSON.stringify`, the other N-1 reuse the
 * same string (Phoenix's fastlane).
 */
export class EncodedBroadcast {
  readonly message: PubSubMessage;
  readonly #frames = new Map<Serializer, Frame>();

  constructor(message: PubSubMessage) {
    this.message = message;
  }

  frameFor(serializer: Serializer): Frame {
    let frame = this.#frames.get(serializer);
    if (frame === undefined) {
      const { topic, event, payload } = this.message;
      const encoded = serializer.encodeBroadcast({ topic, event, payload });
      frame = typeof encoded === "string" ? new TextFrame(encoded) : encoded;
      this.#frames.set(serializer, frame);
    }
    return frame;
  }
}

/** Something on this node that receives a topic's broadcasts (a channel, a socket by id). */
export interface Subscriber {
  /** Compared with a message's `from` to skip the sender. */
  readonly id: string;
  deliver(broadcast: EncodedBroadcast): void;
}

/**
 * The node-local side of PubSub: one adapter subscription per topic, however
 * many local subscribers it has, and one encoding per broadcast.
 */
export class Hub {
  readonly #pubsub: PubSub;
  readonly #metrics: EngineMetrics;
  readonly #topics = new Map<string, { subscribers: Set<Subscriber>; unsubscribe: () => void }>();

  constructor(pubsub: PubSub, metrics: EngineMetrics) {
    this.#pubsub = pubsub;
    this.#metrics = metrics;
  }

  /** Resolves when broadcasts from every node reach the new subscriber (see `PubSub.ready`). */
  add(topic: string, subscriber: Subscriber): Promise<void> {
    let entry = this.#topics.get(topic);
    if (!entry) {
      const subscribers = new Set<Subscriber>();
      const unsubscribe = this.#pubsub.subscribe(topic, (message) => this.#fanOut(subscribers, message));
      this.#topics.set(topic, (entry = { subscribers, unsubscribe }));
    }
    entry.subscribers.add(subscriber);
    return this.#pubsub.ready(topic);
  }

  remove(topic: string, subscriber: Subscriber): void {
    const entry = this.#topics.get(topic);
    if (!entry?.subscribers.delete(subscriber)) return;
    if (entry.subscribers.size === 0) {
      this.#topics.delete(topic);
      entry.unsubscribe();
    }
  }

  /** Local subscribers of a topic on this node. */
  count(topic: string): number {
    return this.#topics.get(topic)?.subscribers.size ?? 0;
  }

  broadcast(message: PubSubMessage): void {
    this.#pubsub.broadcast(message);
  }

  localBroadcast(message: PubSubMessage): void {
    this.#pubsub.localBroadcast(message);
  }

  #fanOut(subscribers: Set<Subscriber>, message: PubSubMessage): void {
    const started = process.hrtime.bigint();
    const encoded = new EncodedBroadcast(message);
    for (const subscriber of subscribers) {
      if (subscriber.id !== message.from) subscriber.deliver(encoded);
    }
    this.#metrics.fanoutSeconds.observe(Number(process.hrtime.bigint() - started) / 1e9);
  }
}
