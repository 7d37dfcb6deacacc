import { Histogram } from "../lib/histogram.ts";
import { cpuSeconds } from "../lib/proc-stats.ts";
import type { RunningServer } from "../lib/servers.ts";
import type { RoundtripReport } from "../clients/messages.ts";
import { sumCpu, type BenchContext, type Population } from "./context.ts";

export interface RoundtripFigure {
  readonly sockets: number;
  readonly inFlightPerSocket: number;
  readonly perSecond: number;
  /** Replies received before the deadline. */
  readonly completed: number;
  /** Round-trip time, ms. */
  readonly p50: number;
  readonly p99: number;
  readonly serverCpuSeconds: number;
  readonly clientCpuSeconds: number;
}

export interface RoundtripResult {
  readonly single: RoundtripFigure;
  readonly many: RoundtripFigure;
}

async function run(ctx: BenchContext, server: RunningServer, perAgent: readonly number[], window: number): Promise<RoundtripFigure> {
  const cpuBefore = cpuSeconds(server.pid);
  const reports = await Promise.all(
    perAgent.map((sockets, agent) =>
      sockets === 0
        ? undefined
        : ctx.agents.ask<RoundtripReport>(agent, { type: "roundtrip", sockets, window, durationMs: ctx.sizes.roundtripMs }),
    ),
  );
  const done = reports.filter((r): r is RoundtripReport => r !== undefined);
  const histogram = new Histogram(10_000);
  for (const r of done) histogram.merge(r.rtt);
  const completed = done.reduce((s, r) => s + r.completed, 0);
  const seconds = Math.max(...done.map((r) => r.durationMs)) / 1000;
  return {
    sockets: perAgent.reduce((a, b) => a + b, 0),
    inFlightPerSocket: window,
    perSecond: completed / seconds,
    completed,
    p50: histogram.quantile(0.5),
    p99: histogram.quantile(0.99),
    serverCpuSeconds: cpuSeconds(server.pid) - cpuBefore,
    clientCpuSeconds: sumCpu(done.map((r) => r.cpu)),
  };
}

/**
 * Scenario 3: request/reply ("ping" → reply) round trips per second, first
 * on one socket with a pipelined window, then on many sockets with one
 * request in flight each (many users each waiting for their answer).
 */
export async function measureRoundtrips(ctx: BenchContext, server: RunningServer, population: Population): Promise<RoundtripResult> {
  const { sizes } = ctx;
  const single = await run(ctx, server, [1], sizes.roundtripWindow);
  const wanted = Math.min(sizes.roundtripSockets, population.total);
  const perAgent = population.perAgent.map((_, agent) => Math.floor(wanted / ctx.agents.size) + (agent < wanted % ctx.agents.size ? 1 : 0));
  const many = await run(ctx, server, perAgent, 1);
  return { single, many };
}
