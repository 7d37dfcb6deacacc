import type { Agents } from "../lib/agents.ts";
import type { Children } from "../lib/children.ts";
import type { RunningServer, ServerOptions } from "../lib/servers.ts";
import type { ConnectResult, CpuUse } from "../clients/messages.ts";

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
}

export const quickSizes: Sizes = {
  memorySockets: 1000,
  fanoutSizes: [200, 1000],
  probes: 10,
  streamMessages: 50,
  streamFrames: 50_000,
  streamBatch: 10,
  roundtripMs: 1500,
  roundtripWindow: 100,
  roundtripSockets: 200,
  settleMs: 1500,
};

/**
 * The sizes. The curve stops at 19,000: the container's hard
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

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
