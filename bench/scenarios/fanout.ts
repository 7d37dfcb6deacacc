import { Histogram } from "../lib/histogram.ts";
import { cpuSeconds, rssBytes } from "../lib/proc-stats.ts";
import type { RunningServer } from "../lib/servers.ts";
import type { DeliveryReport } from "../clients/messages.ts";
import { fanoutTotals, meanFanoutMs } from "./fanout-metric.ts";
import { broadcast, streamLength, sumCpu, type BenchContext, type Population } from "./context.ts";

export interface LatencySummary {
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

export interface FanoutPoint {
  readonly subscribers: number;
  /** One message at a time, each fully delivered before the next: receiver time − server stamp, ms. */
  readonly single: LatencySummary & {
    readonly messages: number;
    readonly delivered: number;
    readonly expected: number;
    /** Plenum only: the server's own mean time to hand one message to every subscriber, ms. */
    readonly serverFanoutMs?: number;
  };
  /** A stream sent as fast as the server accepts it. */
  readonly stream: LatencySummary & {
    readonly messages: number;
    readonly delivered: number;
    readonly expected: number;
    /** Delivered frames / (last delivery − first send). */
    readonly framesPerSecond: number;
    readonly seconds: number;
    readonly serverCpuSeconds: number;
    readonly clientCpuSeconds: number;
    readonly peakRss: number;
    /** Sockets closed by the server during the stream (slow-consumer limits). */
    readonly dropped: number;
  };
}

/** Bounds on waiting for deliveries: a lost frame costs one timeout, never a hang. */
const PROBE_TIMEOUT_MS = 5_000;
const STREAM_TIMEOUT_MS = 60_000;

function summarise(reports: readonly DeliveryReport[]): { histogram: Histogram; delivered: number } {
  const histogram = new Histogram();
  for (const r of reports) histogram.merge(r.latency);
  return { histogram, delivered: reports.reduce((s, r) => s + r.received, 0) };
}

function percentiles(h: Histogram): LatencySummary {
  return { p50: h.quantile(0.5), p99: h.quantile(0.99), max: h.quantile(1) };
}

/** Waits until every agent counted its share of `messages` deliveries (bounded). */
function awaitDeliveries(ctx: BenchContext, population: Population, messages: number, timeoutMs: number): Promise<number[]> {
  return ctx.agents.all<number>((agent) => ({ type: "await", atLeast: population.perAgent[agent]! * messages, timeoutMs }));
}

/**
 * Scenario 2 at one subscriber count: first `probes` single messages, each
 * waited for on every subscriber (pure fan-out latency, no queueing), then
 * a stream (see `Sizes.streamFrames`) sent as fast as the server answers the
 * broadcast requests (sustained delivered frames/s, latency under load).
 */
export async function measureFanout(ctx: BenchContext, server: RunningServer, population: Population): Promise<FanoutPoint> {
  const { sizes } = ctx;
  const subscribers = population.total;

  await ctx.agents.all({ type: "measure" });
  const totalsBefore = await fanoutTotals(server);
  let probed = 0;
  while (probed < sizes.probes) {
    await broadcast(server, 1);
    probed++;
    const counts = await awaitDeliveries(ctx, population, probed, PROBE_TIMEOUT_MS);
    if (counts.some((count, agent) => count < population.perAgent[agent]! * probed)) {
      ctx.log(`  fan-out probe ${probed} not fully delivered within ${PROBE_TIMEOUT_MS} ms; probes stop here`);
      break;
    }
  }
  const serverFanoutMs = meanFanoutMs(totalsBefore, await fanoutTotals(server));
  const probes = summarise(await ctx.agents.all<DeliveryReport>({ type: "report" }));

  const messages = streamLength(sizes, subscribers);
  await ctx.agents.all({ type: "measure" });
  let peakRss = rssBytes(server.pid);
  const rssTimer = setInterval(() => (peakRss = Math.max(peakRss, rssBytes(server.pid))), 100).unref();
  const cpuBefore = cpuSeconds(server.pid);
  const started = Date.now();
  try {
    for (let sent = 0; sent < messages; sent += sizes.streamBatch) {
      await broadcast(server, Math.min(sizes.streamBatch, messages - sent));
    }
    await awaitDeliveries(ctx, population, messages, STREAM_TIMEOUT_MS);
  } finally {
    clearInterval(rssTimer);
  }
  const serverCpuSeconds = cpuSeconds(server.pid) - cpuBefore;
  const reports = await ctx.agents.all<DeliveryReport>({ type: "report" });
  const stream = summarise(reports);
  const lastAt = Math.max(...reports.map((r) => r.lastAt));
  const seconds = (lastAt - started) / 1000;

  return {
    subscribers,
    single: {
      ...percentiles(probes.histogram),
      messages: probed,
      delivered: probes.delivered,
      expected: subscribers * probed,
      ...(serverFanoutMs !== undefined ? { serverFanoutMs } : {}),
    },
    stream: {
      ...percentiles(stream.histogram),
      messages,
      delivered: stream.delivered,
      expected: subscribers * messages,
      framesPerSecond: seconds > 0 ? stream.delivered / seconds : Number.NaN,
      seconds,
      serverCpuSeconds,
      clientCpuSeconds: sumCpu(reports.map((r) => r.cpu)),
      peakRss,
      dropped: reports.reduce((s, r) => s + r.dropped, 0),
    },
  };
}
