/**
 * What history adds to a broadcast, alone (no sockets, no fan-out): the time
 * from `endpoint.broadcast` on a `room:*` topic until the message reaches the
 * bus, with history off (the bus gets it at once), in `MemoryHistory` and in
 * `RedisHistory`, each on its own endpoint in this one process, one after the
 * other. Two shapes: one broadcast at a time (the latency an append adds to
 * each message) and bursts of B issued at once (as `GET /bench/broadcast?n=B`
 * does: the throughput of the append path). Retention as the bench server's:
 * the last 1,000 messages / 120 s.
 *
 *   npx tsx bench/history-append.ts [--quick]     (full: 20,000 single + 100 bursts of 200; quick: 2,000 + 10)
 *   npx tsx bench/history-append.ts --single=5000 --bursts=50 --burst=500 --redis=redis://127.0.0.1:6379
 */
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import { Endpoint, LocalPubSub, MemoryHistory, type PubSubMessage, RedisHistory } from "../packages/realtime/src/index.ts";
import { markdownTable } from "./lib/table.ts";
import { pino } from "pino";

const { values } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    single: { type: "string" },
    bursts: { type: "string" },
    burst: { type: "string" },
    redis: { type: "string", default: "redis://127.0.0.1:6379" },
  },
  strict: true,
});
const single = Number(values.single ?? (values.quick ? 2_000 : 20_000));
const bursts = Number(values.bursts ?? (values.quick ? 10 : 100));
const burst = Number(values.burst ?? 200);
if (![single, bursts, burst].every((n) => Number.isInteger(n) && n > 0))
  throw new Error("--single, --bursts and --burst must be positive integers");

const TOPIC = "room:append";

/** A bus that tells when the n-th message reached it. */
class CountingBus extends LocalPubSub {
  count = 0;
  #waiting: { until: number; resolve: () => void } | undefined;

  reached(until: number): Promise<void> {
    if (this.count >= until) return Promise.resolve();
    return new Promise((resolve) => (this.#waiting = { until, resolve }));
  }

  override broadcast(message: PubSubMessage): void {
    this.count++;
    if (this.#waiting && this.count >= this.#waiting.until) {
      this.#waiting.resolve();
      this.#waiting = undefined;
    }
    super.broadcast(message);
  }
}

type Variant = "off" | "memory" | "redis";

function quantile(samples: number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN;
}

async function measure(variant: Variant) {
  const bus = new CountingBus();
  const store =
    variant === "memory"
      ? new MemoryHistory()
      : variant === "redis"
        ? new RedisHistory({ url: values.redis, prefix: `plenum:bench-append-${process.pid}:h:`, metaTtlSeconds: 600 })
        : undefined;
  const endpoint = new Endpoint({
    logger: pino({ level: "silent" }),
    pubsub: bus,
    ...(store ? { history: { store, topics: { "room:*": { maxMessages: 1_000, ttlSeconds: 120 } } } } : {}),
  });
  await endpoint.start();
  try {
    const latency: number[] = [];
    for (let i = 0; i < single; i++) {
      const target = bus.count + 1;
      const started = process.hrtime.bigint();
      endpoint.broadcast(TOPIC, "msg", { seq: i, t: Date.now() });
      await bus.reached(target);
      latency.push(Number(process.hrtime.bigint() - started) / 1e3);
    }
    const burstMs: number[] = [];
    const started = process.hrtime.bigint();
    for (let b = 0; b < bursts; b++) {
      const from = process.hrtime.bigint();
      const target = bus.count + burst;
      for (let seq = 0; seq < burst; seq++) endpoint.broadcast(TOPIC, "msg", { seq, t: Date.now() });
      await bus.reached(target);
      burstMs.push(Number(process.hrtime.bigint() - from) / 1e6);
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    await store?.forget(TOPIC);
    return {
      variant,
      singleP50Us: quantile(latency, 0.5),
      singleP99Us: quantile(latency, 0.99),
      burstP50Ms: quantile(burstMs, 0.5),
      perSecond: (bursts * burst) / seconds,
    };
  } finally {
    await endpoint.close();
  }
}

console.log(
  `history append: ${single} single broadcasts, ${bursts} bursts of ${burst}; node ${process.version}, load ${loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")}`,
);
const rows: string[][] = [["history", "one at a time p50 µs", "one at a time p99 µs", `burst of ${burst} p50 ms`, "bursts: broadcasts/s"]];
for (const variant of ["off", "memory", "redis"] as const) {
  const r = await measure(variant);
  rows.push([
    r.variant,
    r.singleP50Us.toFixed(1),
    r.singleP99Us.toFixed(1),
    r.burstP50Ms.toFixed(2),
    Math.round(r.perSecond).toLocaleString("en"),
  ]);
}
console.log(markdownTable(rows));
