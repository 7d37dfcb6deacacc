/**
 * Join storm (a login storm's shape): sockets join
 * one topic with {user} (tracked in presence) at a steady rate while 10
 * watcher sockets hold the presence list. Measures node RSS over time, presence_diff frames
 * per watcher per second (goal ≤ 20), join latency (connect + join reply),
 * how long presence takes to settle after the last join, and the CPU of
 * servers and load clients (2 processes, sockets spread over 127.0.0.x).
 *   stage 1: 3,000 joins in 60 s on one node (clustered through Redis), every
 *            joiner also syncing the whole list (a Phoenix chat room's habit);
 *   stage 2: 20,000 joins in 60 s spread over 3 nodes (one node cannot hold
 *            20,000 sockets under this machine's 20,000 open-file limit);
 *            joiners are members: tracked, no list (lists are for watchers);
 *   stage 3: the same 20,000, every joiner asking for the list (the naive
 *            app): lists past the tracker's maxListKeys are refused, so
 *            the O(N²) bytes never start.
 *
 *   npx tsx bench/cluster/join-storm.ts [--quick]
 *   npx tsx bench/cluster/join-storm.ts --joins=5000 --seconds=20 --nodes=3 [--lists]   (one custom stage)
 */
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { cpuSeconds } from "../lib/proc-stats.ts";
import { RssSampler } from "../lib/rss-sampler.ts";
import { lineChart } from "../lib/svg-chart.ts";
import { BenchRun, loopbackAddresses, sleep } from "./bench-run.ts";
import type { OpenResult, StreamStats } from "./load-protocol.ts";
import { PhxClient } from "./phx-client.ts";
import { MB, markdownTable, quantile, summarize } from "./stats.ts";

interface Stage {
  readonly label: string;
  readonly nodes: number;
  readonly joins: number;
  readonly seconds: number;
  /** Every joiner asks for the presence list too, not only the watchers. */
  readonly lists: boolean;
}

const WATCHERS = 10;
const LOAD_CLIENTS = 2;
const STAGES: Record<"quick" | "full", Stage[]> = {
  quick: [
    { label: "150 joins / 2 s, 1 node, lists", nodes: 1, joins: 150, seconds: 2, lists: true },
    { label: "300 joins / 2 s, 3 nodes, members", nodes: 3, joins: 300, seconds: 2, lists: false },
  ],
  full: [
    { label: "3,000 joins / 60 s, 1 node, lists", nodes: 1, joins: 3_000, seconds: 60, lists: true },
    { label: "20,000 joins / 60 s, 3 nodes, members", nodes: 3, joins: 20_000, seconds: 60, lists: false },
    { label: "20,000 joins / 60 s, 3 nodes, lists", nodes: 3, joins: 20_000, seconds: 60, lists: true },
  ],
};

async function storm(bench: BenchRun, stage: Stage) {
  const topic = "room:storm";
  const nodes = await bench.startNodes(["a", "b", "c"].slice(0, stage.nodes));
  const clients = bench.loadClients(LOAD_CLIENTS);
  // Watchers join before the storm, untracked, holding the list: every member reaches them as a diff.
  const watchers = await Promise.all(
    Array.from({ length: WATCHERS }, async (_, i) => {
      const watcher = await PhxClient.connect(nodes[i % nodes.length]!.url, { presence: true });
      await watcher.join(topic, { list: true });
      return watcher;
    }),
  );
  await clients.all({ type: "reset" });
  const samplers = nodes.map((node) => new RssSampler(node.pid, 500));
  const cpuBefore = nodes.map((node) => cpuSeconds(node.pid));
  const started = performance.now();
  const diffSeconds = watchers.map(() => [] as number[]);
  for (const [w, watcher] of watchers.entries())
    watcher.onMessage((_topic, event) => {
      if (event !== "presence_diff") return;
      const second = Math.floor((performance.now() - started) / 1000);
      diffSeconds[w]![second] = (diffSeconds[w]![second] ?? 0) + 1;
    });

  const perClient = Math.ceil(stage.joins / LOAD_CLIENTS);
  const opened = await clients.all<OpenResult>((c) => ({
    type: "open",
    peer: "plenum",
    sockets: Array.from({ length: Math.min(perClient, stage.joins - c * perClient) }, (_, i) => {
      const n = c * perClient + i;
      return { url: nodes[n % nodes.length]!.url, topic, user: `user-${n}`, list: stage.lists };
    }),
    ratePerSec: stage.joins / stage.seconds / LOAD_CLIENTS,
    addresses: loopbackAddresses(),
    joinTimeoutMs: 30_000,
  }));
  const stormSeconds = (performance.now() - started) / 1000;
  const joined = opened.reduce((sum, result) => sum + result.opened, 0);
  const settleDeadline = Date.now() + 60_000;
  while (watchers.some((watcher) => watcher.presenceKeys(topic).length < joined) && Date.now() < settleDeadline) await sleep(100);
  const settledSeconds = (performance.now() - started) / 1000 - stormSeconds;
  const settled = watchers.every((watcher) => watcher.presenceKeys(topic).length >= joined);
  const serverCpu = nodes.map((node, i) => cpuSeconds(node.pid) - cpuBefore[i]!);
  const clientStats = await clients.all<StreamStats>({ type: "stats" });

  // Everybody leaves: memory must come back down, presence must empty.
  await clients.all({ type: "close" });
  const leaveDeadline = Date.now() + 30_000;
  while (watchers.some((watcher) => watcher.presenceKeys(topic).length > 0) && Date.now() < leaveDeadline) await sleep(100);
  await sleep(bench.quick ? 1_000 : 3_000);
  for (const sampler of samplers) sampler.close();
  for (const watcher of watchers) watcher.close();
  await bench.stopAll();

  const joinTimes = opened.flatMap((result) => result.joins);
  const latency = summarize(joinTimes.map(([, ms]) => ms));
  const latencyOverTime: [number, number][] = [];
  for (let t = 0; t < stormSeconds; t += 5) {
    const window = joinTimes.filter(([at]) => at >= t * 1000 && at < (t + 5) * 1000).map(([, ms]) => ms);
    if (window.length > 0) latencyOverTime.push([t + 2.5, quantile(window, 0.99)]);
  }
  const watched = Math.ceil(stormSeconds + settledSeconds);
  const diffsPerWatcher = diffSeconds.map((seconds) => seconds.slice(0, watched).reduce((sum, n) => sum + (n ?? 0), 0));
  const result = {
    stage,
    joined,
    failed: opened.reduce((sum, result) => sum + result.failed, 0),
    firstError: opened.find((result) => result.firstError)?.firstError,
    stormSeconds,
    settledSeconds,
    settled,
    joinLatencyMs: latency,
    joinP99OverTime: latencyOverTime,
    diffs: {
      perWatcherTotal: summarize(diffsPerWatcher),
      perWatcherPerSecondMean: quantile(diffsPerWatcher, 0.5) / watched,
      perWatcherPerSecondMax: Math.max(...diffSeconds.flatMap((seconds) => seconds.slice(0, watched).map((n) => n ?? 0))),
    },
    presenceFramesToJoiners: clientStats.reduce((sum, stats) => sum + stats.presenceFrames, 0),
    listsRefused: clientStats.reduce((sum, stats) => sum + stats.listsRefused, 0),
    rss: samplers.map((sampler, i) => {
      const values = sampler.samples.map((sample) => sample.rss);
      return {
        node: nodes[i]!.name,
        startMB: values[0]! / MB,
        peakMB: Math.max(...values) / MB,
        afterLeaveMB: values[values.length - 1]! / MB,
      };
    }),
    rssSeries: samplers.map((sampler, i) => ({
      node: nodes[i]!.name,
      points: sampler.samples.map((s) => [s.t, s.rss / MB] as [number, number]),
    })),
    serverCpuSeconds: serverCpu,
    clientCpuSeconds: clientStats.map((stats) => stats.cpuSeconds),
  };
  bench.log(
    `${stage.label}: ${joined} joined (${result.failed} failed), join p99 ${latency.p99.toFixed(0)} ms, diffs/s/watcher max ${result.diffs.perWatcherPerSecondMax}`,
  );
  return result;
}

const bench = await BenchRun.start("join-storm");
try {
  const { values } = parseArgs({
    options: { joins: { type: "string" }, seconds: { type: "string" }, nodes: { type: "string" }, lists: { type: "boolean" } },
    strict: false,
  });
  const custom = values.joins
    ? { joins: Number(values.joins), seconds: Number(values.seconds ?? 60), nodes: Number(values.nodes ?? 1), lists: values.lists === true }
    : undefined;
  if (custom && !(Number.isInteger(custom.joins) && custom.joins > 0 && custom.seconds > 0 && [1, 2, 3].includes(custom.nodes))) {
    throw new Error("--joins must be a positive integer, --seconds positive, --nodes 1, 2 or 3");
  }
  const stages = custom
    ? [{ ...custom, label: `${custom.joins} joins / ${custom.seconds} s, ${custom.nodes} node(s)${custom.lists ? ", lists" : ""}` }]
    : STAGES[bench.quick ? "quick" : "full"];
  const results = [];
  for (const stage of stages) results.push(await storm(bench, stage));
  const path = bench.save(results);
  const plots = results.map((result, i) =>
    bench.plot(
      `cluster-join-storm-${i + 1}.svg`,
      lineChart({
        title: `Node RSS: ${result.stage.label}`,
        xLabel: "seconds",
        yLabel: "RSS MB",
        series: result.rssSeries.map((series) => ({ name: `node ${series.node}`, points: series.points })),
      }),
    ),
  );

  const f = (value: number, digits = 0): string => (Number.isFinite(value) ? value.toFixed(digits) : "—");
  console.log("\n### Join storm\n");
  console.log(
    markdownTable([
      [
        "stage",
        "joined",
        "failed",
        "storm s",
        "settle s",
        "join p50 ms",
        "join p99 ms",
        "join max ms",
        "diffs/s/watcher mean",
        "max in 1 s",
        "diffs/watcher",
        "presence frames to joiners",
        "lists refused",
        "RSS start → peak → after leave MB",
        "server CPU s",
        "client CPU s",
      ],
      ...results.map((r) => [
        r.stage.label,
        r.joined,
        r.failed,
        f(r.stormSeconds, 1),
        r.settled ? f(r.settledSeconds, 1) : `not within ${f(r.settledSeconds)}`,
        f(r.joinLatencyMs.p50),
        f(r.joinLatencyMs.p99),
        f(r.joinLatencyMs.max),
        f(r.diffs.perWatcherPerSecondMean, 1),
        r.diffs.perWatcherPerSecondMax,
        f(r.diffs.perWatcherTotal.p50),
        r.presenceFramesToJoiners,
        r.listsRefused,
        r.rss.map((rss) => `${rss.node}: ${f(rss.startMB)} → ${f(rss.peakMB)} → ${f(rss.afterLeaveMB)}`).join("; "),
        r.serverCpuSeconds.map((s) => f(s, 1)).join(", "),
        r.clientCpuSeconds.map((s) => f(s, 1)).join(", "),
      ]),
    ]),
  );
  for (const r of results)
    console.log(`\n${r.stage.label}: join p99 per 5 s: ${r.joinP99OverTime.map(([t, p]) => `${t}s ${f(p)}ms`).join(", ")}`);
  console.log(`\nresults: ${path}${plots.some(Boolean) ? `\nplots: ${plots.filter(Boolean).join(", ")}` : ""}`);
} finally {
  await bench.close();
}
