import { Counter, Gauge, type Registry } from "prom-client";

/**
 * Counters and gauges of one cross-process PubSub adapter. Without a registry
 * the metrics still count (tests and `status` read them) but are exported
 * nowhere. One adapter per registry: names are not labelled by node.
 */
export class PubSubMetrics {
  readonly up: Gauge;
  readonly published: Counter;
  readonly received: Counter;
  /** Publishes dropped because the bus was unreachable (at-most-once delivery). */
  readonly dropped: Counter;
  readonly decodeErrors: Counter;
  readonly handlerErrors: Counter;
  readonly reconnects: Counter;

  constructor(registry: Registry | undefined, subscribedTopics: () => number) {
    const registers = registry ? [registry] : [];
    this.up = new Gauge({ name: "plenum_pubsub_up", help: "1 while the bus connection is usable", registers });
    new Gauge({
      name: "plenum_pubsub_subscribed_topics",
      help: "Topics with at least one local handler",
      registers,
      collect() {
        this.set(subscribedTopics());
      },
    });
    this.published = new Counter({ name: "plenum_pubsub_published_total", help: "Messages sent to the bus", registers });
    this.received = new Counter({ name: "plenum_pubsub_received_total", help: "Messages received from other nodes", registers });
    this.dropped = new Counter({
      name: "plenum_pubsub_dropped_total",
      help: "Messages not sent because the bus was down or refused them",
      registers,
    });
    this.decodeErrors = new Counter({
      name: "plenum_pubsub_decode_errors_total",
      help: "Malformed messages received and ignored",
      registers,
    });
    this.handlerErrors = new Counter({
      name: "plenum_pubsub_handler_errors_total",
      help: "Exceptions thrown by subscribers (isolated)",
      registers,
    });
    this.reconnects = new Counter({
      name: "plenum_pubsub_reconnects_total",
      help: "Times the bus came back after an outage",
      registers,
    });
  }
}
