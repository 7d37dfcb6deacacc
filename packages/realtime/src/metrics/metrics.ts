import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

/**
 * The engine's Prometheus metrics, on a registry of its own so that several
 * engines (tests, benchmarks) can live in one process. Other parts
 * (presence, pubsub, supervision) register theirs on the same `registry`.
 */
export class EngineMetrics {
  readonly registry: Registry;
  readonly sockets: Gauge;
  readonly channels: Gauge;
  readonly messagesIn: Counter;
  readonly messagesOut: Counter;
  readonly queueBytes: Gauge;
  readonly coalesced: Counter;
  readonly dropped: Counter<"reason">;
  readonly slowConsumerCloses: Counter;
  readonly fanoutSeconds: Histogram;
  readonly channelErrors: Counter;
  readonly originRefused: Counter<"transport">;
  readonly limitRefusals: Counter<"limit">;
  readonly rateLimitCloses: Counter;
  readonly drainedSockets: Counter;
  #queueBytes = 0;

  constructor(options: { registry?: Registry; defaultMetrics?: boolean } = {}) {
    const registry = (this.registry = options.registry ?? new Registry());
    if (options.defaultMetrics) collectDefaultMetrics({ register: registry, prefix: "plenum_" });
    const at = { registers: [registry] };
    this.sockets = new Gauge({ name: "plenum_sockets", help: "Connected sockets", ...at });
    this.channels = new Gauge({ name: "plenum_channels", help: "Joined channels", ...at });
    this.messagesIn = new Counter({ name: "plenum_messages_in_total", help: "Frames received from clients", ...at });
    this.messagesOut = new Counter({ name: "plenum_messages_out_total", help: "Frames handed to transports", ...at });
    const self = this;
    this.queueBytes = new Gauge({
      name: "plenum_queue_bytes",
      help: "Bytes held in outbound queues (waiting or unflushed), all sockets",
      collect() {
        this.set(self.#queueBytes);
      },
      ...at,
    });
    this.coalesced = new Counter({
      name: "plenum_coalesced_total",
      help: "Queued frames replaced by a newer frame with the same coalesce key",
      ...at,
    });
    this.dropped = new Counter({
      name: "plenum_dropped_total",
      help: "Frames not delivered, by reason",
      labelNames: ["reason"],
      ...at,
    });
    this.slowConsumerCloses = new Counter({
      name: "plenum_slow_consumer_closes_total",
      help: "Sockets closed because their outbound queue passed its limit",
      ...at,
    });
    this.fanoutSeconds = new Histogram({
      name: "plenum_broadcast_fanout_seconds",
      help: "Time to hand one broadcast to every local subscriber",
      buckets: [0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1],
      ...at,
    });
    this.channelErrors = new Counter({
      name: "plenum_channel_errors_total",
      help: "Channels ended by an exception in a callback",
      ...at,
    });
    this.originRefused = new Counter({
      name: "plenum_origin_refused_total",
      help: "Socket requests refused because their Origin is not allowed, by transport",
      labelNames: ["transport"],
      ...at,
    });
    this.limitRefusals = new Counter({
      name: "plenum_limit_refusals_total",
      help: "Client messages refused by a per-socket limit, by limit (channels: a join past maxChannels; rate: a message past the inbound rate)",
      labelNames: ["limit"],
      ...at,
    });
    this.rateLimitCloses = new Counter({
      name: "plenum_rate_limit_closes_total",
      help: "Sockets closed (1008) because they kept sending past the inbound rate limit",
      ...at,
    });
    this.drainedSockets = new Counter({
      name: "plenum_drained_sockets_total",
      help: "Sockets closed (1012) by a drain before shutdown",
      ...at,
    });
  }

  queueBytesChanged(delta: number): void {
    this.#queueBytes += delta;
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
