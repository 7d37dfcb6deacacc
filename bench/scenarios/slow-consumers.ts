import { Histogram } from "../lib/histogram.ts";
import { kernelSendQueueBytes } from "../lib/kernel-queues.ts";
import { cpuSeconds } from "../lib/proc-stats.ts";
import { metricValue } from "../lib/prom-text.ts";
import { RssSampler, type RssSample } from "../lib/rss-sampler.ts";
import { startServer, type RunningServer } from "../lib/servers.ts";
import type { DeliveryReport } from "../clients/messages.ts";
import { Population, broadcast, sleep, sumCpu, type BenchContext, type SlowStream } from "./context.ts";
import type { LatencySummary } from "./fanout.ts";

/**
 * baseline: the steady stream, everyone reads. slow: the same with a share
 * that stops reading. pressure: far fewer subscribers at a far higher rate, so
 * a paused socket fills its kernel buffers and its engine queue within the
 * stream; "pressure + coalesce" sends the same with one coalesce key.
 */
export type SlowVariantName = "baseline" | "slow" | "pressure" | "pressure + coalesce";

const PLANS: readonly { name: SlowVariantName; stream: "steady" | "pressure"; slow: boolean; coalesce?: string }[] = [
  { name: "baseline", stream: "steady", slow: false },
  { name: "slow", stream: "steady", slow: true },
  { name: "pressure", stream: "pressure", slow: true },
  { name: "pressure + coalesce", stream: "pressure", slow: true, coalesce: "latest" },
];

/** What the server holds for its sockets at one moment of the stream. */
export interface HeldSample {
  /** Seconds since the stream started. */
  readonly t: number;
  /** In the engine's outbound queues, waiting or handed to `ws` but unflushed (`plenum_queue_bytes`). */
  readonly queueBytes: number;
  /** In the kernel's send buffers of the server's sockets (`ss` Send-Q). */
  readonly kernelBytes: number;
  /** Slow-consumer closes and coalesced frames since the stream started. */
  readonly closes: number;
  readonly coalesced: number;
}

export interface SlowVariant {
  readonly name: SlowVariantName;
  /** Messages per second, sent `batch` per broadcast request. */
  readonly rate: number;
  readonly batch: number;
  /** Seconds into the stream at which the slow share stopped reading. */
  readonly pauseAtS: number;
  readonly coalesce: boolean;
  readonly subscribers: number;
  readonly slowSockets: number;
  readonly messages: number;
  /** From the first broadcast request to the last fast delivery. */
  readonly seconds: number;
  /** Subscribers that keep reading: receiver time − server stamp, and what reached them. */
  readonly fast: LatencySummary & {
    readonly sockets: number;
    readonly delivered: number;
    readonly expected: number;
    /** Fast sockets the server closed or lost (must be 0). */
    readonly closed: number;
  };
  /** Frames the slow share read before and just after it stopped reading. */
  readonly slowDelivered: number;
  readonly serverCpuSeconds: number;
  readonly clientCpuSeconds: number;
  readonly rssAtStart: number;
  readonly peakRss: number;
  readonly peakQueueBytes: number;
  readonly peakKernelBytes: number;
  /** Slow-consumer closes by the server during the stream. */
  readonly closes: number;
  /** Seconds from the slow share's pause to the server's first and last slow-consumer close, when there were closes. */
  readonly firstCloseAfterS?: number;
  readonly lastCloseAfterS?: number;
  readonly coalesced: number;
  /** Server RSS, seconds since the stream started. */
  readonly rss: readonly RssSample[];
  readonly held: readonly HeldSample[];
}

export interface SlowResult {
  readonly variants: readonly SlowVariant[];
  readonly failedSockets: number;
}

const HELD_EVERY_MS = 1000;
/** Bounds the wait for the fast subscribers' last deliveries once the stream ends. */
const DRAIN_TIMEOUT_MS = 15_000;
/**
 * With a coalesce key a fast subscriber that lags past the engine's high-water
 * mark also gets the newest frame only, so its full count may never come:
 * the wait is a short bounded drain instead.
 */
const COALESCED_DRAIN_MS = 2_000;

/** Samples what the server holds (engine queues, kernel buffers, close and coalesce counters) until `close`. */
class HeldSampler {
  readonly samples: HeldSample[] = [];
  readonly #server: RunningServer;
  readonly #started = Date.now();
  readonly #loop: Promise<void>;
  #base: { closes: number; coalesced: number } | undefined;
  #closed = false;

  constructor(server: RunningServer) {
    this.#server = server;
    this.#loop = this.#run();
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.#loop;
  }

  async #run(): Promise<void> {
    // A sample that ran late (a busy server answers /metrics late) moves the schedule on, with no catch-up burst.
    for (let next = this.#started; !this.#closed; next = Math.max(next + HELD_EVERY_MS, Date.now())) {
      const t = (Date.now() - this.#started) / 1000;
      const [text, kernelBytes] = await Promise.all([
        fetch(`http://127.0.0.1:${this.#server.port}/metrics`).then((r) => r.text()),
        kernelSendQueueBytes(this.#server.port),
      ]);
      const closes = metricValue(text, "plenum_slow_consumer_closes_total") ?? 0;
      const coalesced = metricValue(text, "plenum_coalesced_total") ?? 0;
      this.#base ??= { closes, coalesced };
      this.samples.push({
        t,
        queueBytes: metricValue(text, "plenum_queue_bytes") ?? 0,
        kernelBytes,
        closes: closes - this.#base.closes,
        coalesced: coalesced - this.#base.coalesced,
      });
      await sleep(Math.max(0, next + HELD_EVERY_MS - Date.now()));
    }
  }
}

/** `total` split over `parts` as evenly as whole numbers allow. */
function split(total: number, parts: number): number[] {
  return Array.from({ length: parts }, (_, i) => Math.floor(total / parts) + (i < total % parts ? 1 : 0));
}

/** Broadcasts at `sizes.rate` for `sizes.streamMs`, on a fixed schedule whatever the server's answer time. Returns the messages sent. */
async function stream(server: RunningServer, sizes: SlowStream, coalesce: string | undefined): Promise<number> {
  const requests = Math.max(1, Math.round(((sizes.streamMs / 1000) * sizes.rate) / sizes.batch));
  const everyMs = (1000 * sizes.batch) / sizes.rate;
  const started = Date.now();
  const pending: Promise<void>[] = [];
  for (let i = 0; i < requests; i++) {
    await sleep(Math.max(0, started + i * everyMs - Date.now()));
    pending.push(broadcast(server, sizes.batch, coalesce));
  }
  await Promise.all(pending);
  return requests * sizes.batch;
}

async function runVariant(
  ctx: BenchContext,
  plan: (typeof PLANS)[number],
  population: Population,
  server: RunningServer,
): Promise<SlowVariant> {
  const sizes = ctx.sizes.slow[plan.stream];
  const wanted = split(plan.slow ? Math.round(population.total * sizes.share) : 0, ctx.agents.size);
  await ctx.agents.all({ type: "measure" });
  const slowPerAgent = await ctx.agents.all<number>((agent) => ({ type: "pause", sockets: wanted[agent]!, afterMs: sizes.pauseAtMs }));
  const fastPerAgent = population.perAgent.map((n, agent) => n - slowPerAgent[agent]!);
  const cpuBefore = cpuSeconds(server.pid);
  const rss = new RssSampler(server.pid, 500);
  const held = new HeldSampler(server);
  const started = Date.now();
  let messages = 0;
  try {
    messages = await stream(server, sizes, plan.coalesce);
    const timeoutMs = plan.coalesce ? COALESCED_DRAIN_MS : DRAIN_TIMEOUT_MS;
    await ctx.agents.all((agent) => ({ type: "await", atLeast: fastPerAgent[agent]! * messages, timeoutMs }));
  } finally {
    rss.close();
    await held.close();
  }
  const serverCpuSeconds = cpuSeconds(server.pid) - cpuBefore;
  const reports = await ctx.agents.all<DeliveryReport>({ type: "report" });
  const latency = new Histogram();
  for (const r of reports) latency.merge(r.latency);
  const fastSockets = fastPerAgent.reduce((a, b) => a + b, 0);
  const samples = held.samples;
  const pauseAtS = sizes.pauseAtMs / 1000;
  const closes = samples.at(-1)?.closes ?? 0;
  const closeAt = (n: number): number | undefined => {
    const sample = samples.find((s) => s.closes >= n);
    return sample ? sample.t - pauseAtS : undefined;
  };
  const firstCloseAfterS = closes > 0 ? closeAt(1) : undefined;
  const lastCloseAfterS = closes > 0 ? closeAt(closes) : undefined;
  return {
    name: plan.name,
    rate: sizes.rate,
    batch: sizes.batch,
    pauseAtS,
    coalesce: plan.coalesce !== undefined,
    subscribers: population.total,
    slowSockets: slowPerAgent.reduce((a, b) => a + b, 0),
    messages,
    seconds: (Math.max(...reports.map((r) => r.lastAt)) - started) / 1000,
    fast: {
      p50: latency.quantile(0.5),
      p99: latency.quantile(0.99),
      max: latency.quantile(1),
      sockets: fastSockets,
      delivered: reports.reduce((s, r) => s + r.received, 0),
      expected: fastSockets * messages,
      closed: reports.reduce((s, r) => s + r.dropped, 0),
    },
    slowDelivered: reports.reduce((s, r) => s + r.slowReceived, 0),
    serverCpuSeconds,
    clientCpuSeconds: sumCpu(reports.map((r) => r.cpu)),
    rssAtStart: rss.samples[0]?.rss ?? Number.NaN,
    peakRss: Math.max(...rss.samples.map((s) => s.rss)),
    peakQueueBytes: Math.max(0, ...samples.map((s) => s.queueBytes)),
    peakKernelBytes: Math.max(0, ...samples.map((s) => s.kernelBytes)),
    closes,
    ...(firstCloseAfterS !== undefined ? { firstCloseAfterS } : {}),
    ...(lastCloseAfterS !== undefined ? { lastCloseAfterS } : {}),
    coalesced: samples.at(-1)?.coalesced ?? 0,
    rss: rss.samples,
    held: samples,
  };
}

/**
 * Slow consumers, Plenum only (the peers have no
 * bounded queues to observe). Each variant (see `SlowVariantName`) runs on a
 * fresh server: subscribers join one topic, a stream goes out at a fixed
 * rate, and the slow share stops reading part-way. Set side by side: the
 * fast subscribers' latency and losses, server RSS, what the engine queues
 * and the kernel buffers hold, and the server's slow-consumer closes and
 * coalesced frames, with when they came.
 */
export async function measureSlowConsumers(ctx: BenchContext): Promise<SlowResult> {
  const variants: SlowVariant[] = [];
  let failedSockets = 0;
  for (const plan of PLANS) {
    const sizes = ctx.sizes.slow[plan.stream];
    const server = await startServer(ctx.children, "plenum", ctx.server);
    const population = new Population(ctx.agents.size);
    try {
      ctx.log(`  ${plan.name}: ${sizes.subscribers} subscribers, ${sizes.rate} msg/s for ${sizes.streamMs / 1000} s`);
      await population.grow(ctx, server, sizes.subscribers);
      failedSockets += population.failed;
      await sleep(ctx.sizes.settleMs);
      variants.push(await runVariant(ctx, plan, population, server));
    } finally {
      await population.closeAll(ctx);
      await server.stop();
    }
  }
  return { variants, failedSockets };
}
