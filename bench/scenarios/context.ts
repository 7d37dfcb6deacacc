import type { Agents } from "../lib/agents.ts";
import type { Children } from "../lib/children.ts";
import type { RunningServer, ServerOptions } from "../lib/servers.ts";
import type { ConnectResult, CpuUse } from "../clients/messages.ts";
import type { RecoverySizes } from "./recovery.ts";

/** How big each scenario runs; `--quick` and full runs differ only here. */
export interface Sizes {
  /** Idle joined sockets for the memory-per-socket figure. */
  readonly memorySockets: number;
  /** Subscriber counts of the fan-out curve, ascending. */
  readonly fanoutSizes: readonly number[];
  /** One-message fan-outs timed one after the other (each waits for full delivery). */
  readonly probes: number;
  /**
   * The sustained stream: at most `streamMessages` messages and about
   * `streamFrames` delivered frames (fewer messages at large subscriber
   * counts keep each point bounded in time), sent `streamBatch` per HTTP
   * request as fast as the server answers.
   */
  readonly streamMessages: number;
  readonly streamFrames: number;
  readonly streamBatch: number;
  readonly roundtripMs: number;
  /** Requests in flight on the single pipelined socket. */
  readonly roundtripWindow: number;
  /** Sockets of the many-sockets round trip (one request in flight each). */
  readonly roundtripSockets: number;
  /** Quiet time before reading RSS, so connection bursts and GC settle. */
  readonly settleMs: number;
  readonly slow: SlowSizes;
  readonly recovery: RecoverySizes;
}

/** Slow consumers: a steady stream (with and without a slow share) and a pressure stream that drives slow sockets to the limit. */
export interface SlowSizes {
  readonly steady: SlowStream;
  readonly pressure: SlowStream;
}

/** A fixed-rate stream to one topic, and the share of its subscribers that stops reading part-way. */
export interface SlowStream {
  readonly subscribers: number;
  /** Share of the subscribers that stops reading, 0..1. */
  readonly share: number;
  readonly streamMs: number;
  /** When, into the stream, the slow share stops reading. */
  readonly pauseAtMs: number;
  /** Messages per second to the topic, sent `batch` per broadcast request. */
  readonly rate: number;
  readonly batch: number;
}

/** A smoke test of every scenario (`--quick`): tiny sizes, figures not for comparison. */
export const quickSizes: Sizes = {
  memorySockets: 500,
  fanoutSizes: [100, 500],
  probes: 5,
  streamMessages: 20,
  streamFrames: 10_000,
  streamBatch: 10,
  roundtripMs: 500,
  roundtripWindow: 100,
  roundtripSockets: 100,
  settleMs: 300,
  slow: {
    steady: { subscribers: 500, share: 0.01, streamMs: 2000, pauseAtMs: 500, rate: 20, batch: 4 },
    // 40 requests/s of 400 (~1 MB/s per socket): a paused socket fills ~4 MB of kernel buffers and its
    // 10,000-frame queue in ~5 s. Few subscribers, so the fast ones keep up even beside the other suites.
    pressure: { subscribers: 5, share: 0.2, streamMs: 6000, pauseAtMs: 300, rate: 16_000, batch: 400 },
  },
  recovery: {
    subscribers: 1_000,
    droppers: 100,
    streamMs: 15_000,
    rate: 20,
    batch: 2,
    dropAtMs: 3_000,
    dropSpreadMs: 3_000,
    downMs: 2_000,
  },
};

/**
 * The issue's sizes. The curve stops at 19,000: the container's hard
 * RLIMIT_NOFILE is 20,000 per process and cannot be raised, so a server
 * cannot hold 20,000 sockets plus its own descriptors.
 */
export const fullSizes: Sizes = {
  memorySockets: 10_000,
  fanoutSizes: [1000, 5000, 10_000, 19_000],
  probes: 20,
  streamMessages: 200,
  streamFrames: 1_000_000,
  streamBatch: 10,
  roundtripMs: 5000,
  roundtripWindow: 100,
  roundtripSockets: 1000,
  settleMs: 4000,
  slow: {
    // One request a second: at 10,000 subscribers each request costs the server one writev per socket (~50 µs here).
    steady: { subscribers: 10_000, share: 0.01, streamMs: 60_000, pauseAtMs: 10_000, rate: 10, batch: 10 },
    pressure: { subscribers: 100, share: 0.01, streamMs: 35_000, pauseAtMs: 5000, rate: 4000, batch: 200 },
  },
  // The issue's size: 10,000 subscribers, 1,000 of them drop and rejoin during a 60 s stream.
  recovery: {
    subscribers: 10_000,
    droppers: 1_000,
    streamMs: 60_000,
    rate: 10,
    batch: 2,
    dropAtMs: 10_000,
    dropSpreadMs: 20_000,
    downMs: 5_000,
  },
};

export interface BenchContext {
  readonly children: Children;
  readonly agents: Agents;
  readonly sizes: Sizes;
  readonly server: ServerOptions;
  /** Loopback source addresses sockets are spread over. */
  readonly addresses: readonly string[];
  log(line: string): void;
}

export const TOPIC = "room:bench";

/** Joined sockets per agent so far, for waiting on each agent's share of deliveries. */
export class Population {
  readonly perAgent: number[];
  failed = 0;
  firstError: string | undefined;

  constructor(agents: number) {
    this.perAgent = Array.from({ length: agents }, () => 0);
  }

  get total(): number {
    return this.perAgent.reduce((a, b) => a + b, 0);
  }

  /** Opens sockets until `target` are joined to `TOPIC`, split evenly over the agents. */
  async grow(ctx: BenchContext, server: RunningServer, target: number): Promise<void> {
    const missing = target - this.total;
    if (missing <= 0) return;
    const share = (agent: number): number => Math.floor(missing / ctx.agents.size) + (agent < missing % ctx.agents.size ? 1 : 0);
    const results = await ctx.agents.all<ConnectResult>((agent) => ({
      type: "connect",
      peer: server.peer,
      port: server.port,
      count: share(agent),
      topic: TOPIC,
      // Rotate per agent so both agents use every source address.
      addresses: ctx.addresses.map((_, i) => ctx.addresses[(i + agent) % ctx.addresses.length]!),
      concurrency: 64,
    }));
    results.forEach((r, agent) => {
      this.perAgent[agent]! += r.opened;
      this.failed += r.failed;
      this.firstError ??= r.firstError;
    });
    if (this.failed > 0) ctx.log(`  ${this.failed} sockets failed to connect/join (first error: ${this.firstError})`);
  }

  async closeAll(ctx: BenchContext): Promise<void> {
    await ctx.agents.all({ type: "close" });
    this.perAgent.fill(0);
  }
}

export function sumCpu(cpus: readonly CpuUse[]): number {
  return cpus.reduce((s, c) => s + c.userMs + c.systemMs, 0) / 1000;
}

/** Messages of the sustained stream at `subscribers`: whole batches, at least one. */
export function streamLength(sizes: Sizes, subscribers: number): number {
  const batches = Math.max(1, Math.round(sizes.streamFrames / Math.max(subscribers, 1) / sizes.streamBatch));
  return Math.min(sizes.streamMessages, batches * sizes.streamBatch);
}

/** N broadcasts to `TOPIC` through the bench contract's `GET /bench/broadcast`; `coalesce` (Plenum) gives them that coalesce key. */
export async function broadcast(server: RunningServer, n: number, coalesce?: string): Promise<void> {
  const query = `topic=${encodeURIComponent(TOPIC)}&n=${n}${coalesce ? `&coalesce=${encodeURIComponent(coalesce)}` : ""}`;
  const response = await fetch(`http://127.0.0.1:${server.port}/bench/broadcast?${query}`);
  if (!response.ok) throw new Error(`broadcast request: HTTP ${response.status} ${await response.text()}`);
  await response.arrayBuffer();
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
