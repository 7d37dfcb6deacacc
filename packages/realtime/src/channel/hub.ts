import type { PubSub, PubSubMessage } from "../pubsub/pubsub.ts";
import { TextFrame, type Frame, type Serializer } from "../protocol/serializer.ts";
import type { EngineMetrics } from "../metrics/metrics.ts";
import type { TopicHistory } from "../history/topic-history.ts";
import { OffsetOrder } from "../history/offset-order.ts";
import { withPosition } from "../history/wire.ts";

/**
 * One broadcast, encoded lazily at most once per wire format: the first
 * subscriber speaking v2 pays for `JSON.stringify`, the other N-1 reuse the
 * same string (Phoenix's fastlane). A message with a history position
 * carries it in its payload under `_history`.
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
      const { topic, event, payload, position } = this.message;
      const encoded = serializer.encodeBroadcast({ topic, event, payload: withPosition(payload, position) });
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

interface TopicEntry {
  readonly subscribers: Set<Subscriber>;
  readonly unsubscribe: () => void;
  /** History topics only: broadcasts go out in offset order. */
  readonly order: OffsetOrder | undefined;
}

/**
 * The node-local side of PubSub: one adapter subscription per topic, however
 * many local subscribers it has, and one encoding per broadcast. On history
 * topics a broadcast is appended to the store first (which gives its
 * position), and arrivals are put back in offset order before fan-out.
 */
export class Hub {
  readonly #pubsub: PubSub;
  readonly #metrics: EngineMetrics;
  readonly #topics = new Map<string, TopicEntry>();
  /** The history topics' store, when the endpoint keeps history. */
  readonly history: TopicHistory | undefined;

  constructor(pubsub: PubSub, metrics: EngineMetrics, history?: TopicHistory) {
    this.#pubsub = pubsub;
    this.#metrics = metrics;
    this.history = history;
  }

  /** Resolves when broadcasts from every node reach the new subscriber (see `PubSub.ready`). */
  add(topic: string, subscriber: Subscriber): Promise<void> {
    let entry = this.#topics.get(topic);
    if (!entry) {
      const subscribers = new Set<Subscriber>();
      const fanOut = (message: PubSubMessage): void => this.#fanOut(subscribers, message);
      const history = this.history;
      const order =
        history?.retention(topic) === undefined
          ? undefined
          : new OffsetOrder(topic, fanOut, (since) => history.fill(topic, since), history.reorderMs, history.store.position(topic));
      const unsubscribe = this.#pubsub.subscribe(topic, order ? (message) => order.accept(message) : fanOut);
      this.#topics.set(topic, (entry = { subscribers, unsubscribe, order }));
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
      entry.order?.close();
    }
  }

  /** Local subscribers of a topic on this node. */
  count(topic: string): number {
    return this.#topics.get(topic)?.subscribers.size ?? 0;
  }

  /** Every subscriber, cluster-wide; on a history topic once the store gave it a position (see `TopicHistory.publish`). */
  broadcast(message: PubSubMessage): void {
    const retention = this.history?.retention(message.topic);
    if (retention === undefined) this.#pubsub.broadcast(message);
    else this.history!.publish(message, retention, (positioned) => this.#pubsub.broadcast(positioned));
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
