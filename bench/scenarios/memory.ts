import { rssBytes } from "../lib/proc-stats.ts";
import { RssSampler, type RssSample } from "../lib/rss-sampler.ts";
import { startServer } from "../lib/servers.ts";
import type { PeerName } from "../clients/messages.ts";
import { Population, sleep, type BenchContext } from "./context.ts";

export interface MemoryResult {
  readonly peer: PeerName;
  readonly sockets: number;
  readonly failed: number;
  readonly connectSeconds: number;
  readonly baselineRss: number;
  readonly loadedRss: number;
  /** (loaded − baseline) / sockets. */
  readonly bytesPerSocket: number;
  /** RSS over the whole phase: idle, connection ramp, idle with every socket joined. */
  readonly series: readonly RssSample[];
}

/** Median RSS over `ms`, so one GC cycle does not decide the figure. */
async function steadyRss(pid: number, ms: number): Promise<number> {
  const samples: number[] = [];
  const end = Date.now() + ms;
  while (Date.now() < end) {
    samples.push(rssBytes(pid));
    await sleep(100);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)]!;
}

/**
 * Scenario 1: memory per idle socket with one joined channel. A fresh
 * server; RSS before; N sockets connect and join one topic; quiet; RSS
 * after. The difference over N is what each idle subscriber costs.
 */
export async function measureMemory(ctx: BenchContext, peer: PeerName): Promise<MemoryResult> {
  const { sizes } = ctx;
  const server = await startServer(ctx.children, peer, ctx.server);
  const sampler = new RssSampler(server.pid);
  const population = new Population(ctx.agents.size);
  try {
    await sleep(sizes.settleMs);
    const baselineRss = await steadyRss(server.pid, 1000);
    const started = Date.now();
    await population.grow(ctx, server, sizes.memorySockets);
    const connectSeconds = (Date.now() - started) / 1000;
    await sleep(sizes.settleMs);
    const loadedRss = await steadyRss(server.pid, 2000);
    const sockets = population.total;
    return {
      peer,
      sockets,
      failed: population.failed,
      connectSeconds,
      baselineRss,
      loadedRss,
      bytesPerSocket: (loadedRss - baselineRss) / Math.max(sockets, 1),
      series: sampler.samples,
    };
  } finally {
    sampler.close();
    await population.closeAll(ctx);
    await server.stop();
  }
}
