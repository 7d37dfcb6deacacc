import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { Histogram } from "../lib/histogram.ts";
import { tsxNodeArgs } from "../lib/node-args.ts";
import { RssSampler } from "../lib/rss-sampler.ts";
import { startServer } from "../lib/servers.ts";
import type { RecoveryAgentConfig, RecoveryAgentReport } from "../clients/recovery-agent.ts";
import { sleep, type BenchContext } from "./context.ts";

/** N subscribers of one topic, `droppers` of them drop and rejoin with their last position during a fixed-rate stream. */
export interface RecoverySizes {
  readonly subscribers: number;
  readonly droppers: number;
  readonly streamMs: number;
  /** Messages per second to the topic, sent `batch` per broadcast request. */
  readonly rate: number;
  readonly batch: number;
  /** When the first dropper drops, into the stream; the others follow over `dropSpreadMs`. */
  readonly dropAtMs: number;
  readonly dropSpreadMs: number;
  /** How long each dropper stays away before it rejoins. */
  readonly downMs: number;
}

/** Where the bench server keeps the room topics' history (`HISTORY=` on bench/server.ts); "off" keeps none. */
export type HistoryKind = "memory" | "redis" | "off";

export interface RecoveryVariant {
  readonly history: HistoryKind;
  readonly subscribers: number;
  readonly droppers: number;
  readonly messages: number;
  /** Rejoins that got recovered: true / did not (no history, trimmed). */
  readonly recovered: number;
  readonly notRecovered: number;
  /** Missed messages pushed after the rejoins' replies. */
  readonly replayed: number;
  /** Droppers that ended with every message of the stream, and fast subscribers that did. */
  readonly droppersComplete: number;
  readonly fastComplete: number;
  /** Messages the droppers never got. */
  readonly lost: number;
  /** Sockets whose offsets skipped, repeated or went backwards (must be 0 with history). */
  readonly outOfOrder: number;
  readonly joinFailures: number;
  /** Connections the server closed during the run (the client is told; this one does not reconnect). */
  readonly serverCloses: number;
  /** From a rejoin's new connection to its join reply. */
  readonly rejoinWaitP50Ms: number;
  readonly rejoinWaitMaxMs: number;
  readonly fastP50Ms: number;
  readonly fastP99Ms: number;
  readonly rssAtStart: number;
  readonly peakRss: number;
  readonly rssAtEnd: number;
}

const TOPIC = "room:recovery";
const AGENT = fileURLToPath(new URL("../clients/recovery-agent.ts", import.meta.url));
const EXIT_WITH_RUNNER = fileURLToPath(new URL("../lib/exit-with-runner.ts", import.meta.url));

function next<T>(agent: ChildProcess, type: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: { type: string }) => {
      if (message.type !== type) return;
      agent.off("message", onMessage);
      resolve(message as T);
    };
    agent.on("message", onMessage);
    agent.once("exit", (code) => reject(new Error(`recovery agent exited (${code}) before "${type}"`)));
  });
}

/** One run on a fresh Plenum bench server, room topics with history in `history` or without (`HISTORY=off`). */
async function measure(ctx: BenchContext, history: HistoryKind): Promise<RecoveryVariant> {
  const sizes = ctx.sizes.recovery;
  const server = await startServer(ctx.children, "plenum", { ...ctx.server, env: { HISTORY: history } });
  const agentCount = 2;
  const agents = Array.from({ length: agentCount }, () =>
    ctx.children.track(
      spawn(process.execPath, [...tsxNodeArgs, "--import", EXIT_WITH_RUNNER, AGENT], { stdio: ["ignore", "inherit", "inherit", "ipc"] }),
    ),
  );
  try {
    const share = (i: number, total: number) => Math.floor(total / agentCount) + (i < total % agentCount ? 1 : 0);
    const ready = agents.map((agent) => next(agent, "ready"));
    agents.forEach((agent, i) => {
      const config: RecoveryAgentConfig = {
        url: `ws://127.0.0.1:${server.port}/socket/websocket`,
        topic: TOPIC,
        subscribers: share(i, sizes.subscribers),
        droppers: share(i, sizes.droppers),
        dropAtMs: sizes.dropAtMs,
        dropSpreadMs: sizes.dropSpreadMs,
        downMs: sizes.downMs,
        addresses: ctx.addresses.map((_, k) => ctx.addresses[(k + i) % ctx.addresses.length]!),
      };
      agent.send({ type: "start", config });
    });
    await Promise.all(ready);
    await sleep(ctx.sizes.settleMs);
    const rss = new RssSampler(server.pid);
    for (const agent of agents) agent.send({ type: "go" });
    const requests = Math.round(((sizes.streamMs / 1000) * sizes.rate) / sizes.batch);
    const everyMs = sizes.streamMs / requests;
    const started = Date.now();
    for (let r = 0; r < requests; r++) {
      await sleep(Math.max(0, started + r * everyMs - Date.now()));
      const response = await fetch(`http://127.0.0.1:${server.port}/bench/broadcast?topic=${encodeURIComponent(TOPIC)}&n=${sizes.batch}`);
      if (!response.ok) throw new Error(`broadcast request: HTTP ${response.status}`);
      await response.arrayBuffer();
    }
    const messages = requests * sizes.batch;
    await sleep(2_000);
    const reports = await Promise.all(
      agents.map((agent) => {
        const report = next<{ report: RecoveryAgentReport }>(agent, "report");
        agent.send({ type: "report" });
        return report.then((r) => r.report);
      }),
    );
    rss.close();
    const fast = new Histogram();
    const rejoinWait = new Histogram();
    let droppersComplete = 0;
    let fastComplete = 0;
    let lost = 0;
    for (const report of reports) {
      fast.merge(report.fast);
      rejoinWait.merge(report.rejoinWait);
      report.received.forEach((got, i) => {
        if (i < report.droppers) {
          if (got >= messages) droppersComplete++;
          lost += Math.max(0, messages - got);
        } else if (got >= messages) fastComplete++;
      });
    }
    const sum = (key: "recovered" | "notRecovered" | "replayed" | "outOfOrder" | "joinFailures" | "serverCloses") =>
      reports.reduce((s, r) => s + r[key], 0);
    const samples = rss.samples.map((s) => s.rss);
    return {
      history,
      subscribers: sizes.subscribers,
      droppers: sizes.droppers,
      messages,
      recovered: sum("recovered"),
      notRecovered: sum("notRecovered"),
      replayed: sum("replayed"),
      droppersComplete,
      fastComplete,
      lost,
      outOfOrder: sum("outOfOrder"),
      joinFailures: sum("joinFailures"),
      serverCloses: sum("serverCloses"),
      rejoinWaitP50Ms: rejoinWait.quantile(0.5),
      rejoinWaitMaxMs: rejoinWait.quantile(1),
      fastP50Ms: fast.quantile(0.5),
      fastP99Ms: fast.quantile(0.99),
      rssAtStart: samples[0] ?? 0,
      peakRss: Math.max(0, ...samples),
      rssAtEnd: samples.at(-1) ?? 0,
    };
  } finally {
    for (const agent of agents) agent.kill("SIGKILL");
    await server.stop();
  }
}

/** History in each of `stores`, then off, in the same run: what recovery costs the fast subscribers and the server's memory. */
export async function measureRecovery(ctx: BenchContext, stores: readonly Exclude<HistoryKind, "off">[]): Promise<RecoveryVariant[]> {
  const results: RecoveryVariant[] = [];
  for (const history of [...stores, "off" as const]) {
    ctx.log(`  history ${history}: ${ctx.sizes.recovery.subscribers} subscribers, ${ctx.sizes.recovery.droppers} drop and rejoin`);
    results.push(await measure(ctx, history));
  }
  return results;
}
