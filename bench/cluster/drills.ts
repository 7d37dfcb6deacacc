/**
 * Cluster fault drills: 3 singleton-node processes
 * (the bench contract plus dashboard trees) on this run's own redis-server.
 * A publisher on n1 streams `{seq, t}` into a room whose subscribers (with
 * presence) sit on all 3 nodes, while dashboard trees poll. Then:
 *   1. SIGKILL n3 mid-stream: lost/duplicated messages per subscriber on the
 *      survivors, presence cleanup time, singleton failover time;
 *   2. Redis killed mid-stream and restarted after an outage: what each
 *      subscriber lost (local vs remote), time until cross-node delivery
 *      resumes, presence dropped and restored, trees stopped during the
 *      outage and restarted after it, fencing tokens before and after.
 *
 *   npx tsx bench/cluster/drills.ts [--quick]
 *   LEASE_OFFLINE_QUEUE=on npx tsx bench/cluster/drills.ts   (lease client as apps/assembly had it before a261223)
 */
import { performance } from "node:perf_hooks";
import { BenchRun, loopbackAddresses, sleep } from "./bench-run.ts";
import type { OpenResult, StreamStats } from "./load-protocol.ts";
import type { NodeProcess } from "./node-process.ts";
import { counterGrowth, nodeCounters } from "./node-metrics.ts";
import { PhxClient } from "./phx-client.ts";
import { SINGLETON_NODE, ask, duplicates, mergeLogs, type NodeStatus } from "./singleton-status.ts";
import { markdownTable, summarize } from "./stats.ts";

const NAMES = ["n1", "n2", "n3"];
const TOPIC = "room:drill";
const DATASETS = 2;
const INTERVAL_MS = 1_000;
const OUTAGE_MS = 5_000;

interface Sizes {
  readonly subscribersPerNode: number;
  readonly dashboards: number;
  readonly rate: number;
}

const SIZES: Record<"quick" | "full", Sizes> = {
  quick: { subscribersPerNode: 10, dashboards: 10, rate: 100 },
  full: { subscribersPerNode: 100, dashboards: 100, rate: 100 },
};

/** A cluster under steady load: subscribers with presence, dashboards with viewers on every node, a watcher per node, a publisher on n1. */
async function loadedCluster(bench: BenchRun, sizes: Sizes) {
  const nodes = await bench.startNodes(NAMES, {
    script: SINGLETON_NODE,
    env: { DATASETS: String(DATASETS), INTERVAL_MS: String(INTERVAL_MS), LEASE_OFFLINE_QUEUE: process.env["LEASE_OFFLINE_QUEUE"] ?? "off" },
  });
  const clients = bench.loadClients(1);
  const subscribers = nodes.flatMap((node) =>
    Array.from({ length: sizes.subscribersPerNode }, (_, i) => ({ url: node.url, topic: TOPIC, user: `${node.name}-${i}` })),
  );
  const viewers = Array.from({ length: sizes.dashboards }, (_, d) =>
    nodes.map((node) => ({ url: node.url, topic: `dashboard:${d}`, user: `${node.name}-viewer` })),
  ).flat();
  const [opened] = await clients.all<OpenResult>({
    type: "open",
    peer: "plenum",
    sockets: [...subscribers, ...viewers],
    ratePerSec: 400,
    addresses: loopbackAddresses(),
    joinTimeoutMs: 20_000,
  });
  if (opened!.failed > 0) throw new Error(`drill setup: ${opened!.failed} sockets failed: ${opened!.firstError}`);
  // Watchers are tracked too: a join with {user} is what gets a presence_state.
  const watchers = await Promise.all(
    nodes.map(async (node) => {
      const watcher = await PhxClient.connect(node.url, { presence: true });
      await watcher.join(TOPIC, { user: `watcher-${node.name}` });
      return watcher;
    }),
  );
  const everyone = subscribers.length + watchers.length;
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const running = (await Promise.all(nodes.map((node) => ask(node, "mark")))).reduce((sum, status) => sum + status.running.length, 0);
    if (running >= sizes.dashboards && watchers.every((watcher) => watcher.presenceKeys(TOPIC).length === everyone)) break;
    await sleep(200);
  }
  if (watchers.some((watcher) => watcher.presenceKeys(TOPIC).length !== everyone))
    throw new Error("drill setup: presence did not converge");
  const publisher = await PhxClient.connect(nodes[0]!.url);
  await publisher.join(TOPIC, {});
  return { nodes, clients, watchers, publisher, everyone };
}

type Cluster = Awaited<ReturnType<typeof loadedCluster>>;

/** Streams `seconds` of `{seq, t}` at `rate` from the publisher; `at(second)` hooks run (awaited) when due. */
async function stream(cluster: Cluster, rate: number, seconds: number, hooks: Record<number, () => Promise<void>>): Promise<number> {
  const total = rate * seconds;
  const start = performance.now();
  const pending = new Map(Object.entries(hooks).map(([second, hook]) => [Number(second) * 1000, hook]));
  for (let seq = 0; seq < total; ) {
    const elapsed = performance.now() - start;
    for (const [dueMs, hook] of pending) {
      if (elapsed < dueMs) continue;
      pending.delete(dueMs);
      void hook();
    }
    const due = Math.min(total, Math.floor((elapsed * rate) / 1000) + 1);
    for (; seq < due; seq++) cluster.publisher.push(TOPIC, "broadcast", { seq, t: performance.timeOrigin + performance.now() });
    await sleep(5);
  }
  return total;
}

/** Lost and duplicated messages per subscriber, grouped by the node the subscriber is on (open sockets only). */
function faultsByNode(stats: StreamStats, nodes: readonly NodeProcess[], sent: number) {
  return nodes.map((node) => {
    const sockets = stats.sockets.filter((socket) => socket.url === node.url && socket.topic === TOPIC && socket.open);
    const lost = sockets.map((socket) => sent - socket.distinct);
    return {
      node: node.name,
      subscribers: sockets.length,
      lost: summarize(lost),
      duplicated: sockets.reduce((sum, socket) => sum + socket.backwards, 0),
    };
  });
}

async function statuses(nodes: readonly NodeProcess[]): Promise<{ node: string; status: NodeStatus }[]> {
  return Promise.all(nodes.map(async (node) => ({ node: node.name, status: await ask(node, "status") })));
}

async function nodeKillDrill(bench: BenchRun, sizes: Sizes) {
  const cluster = await loadedCluster(bench, sizes);
  const [n1, n2, n3] = cluster.nodes as [NodeProcess, NodeProcess, NodeProcess];
  const owned = (await ask(n3, "status")).running;
  await cluster.clients.all({ type: "reset" });
  let killedAt = 0;
  const cleanup = new Map<number, number>();
  const survivors = cluster.watchers.slice(0, 2);
  for (const [w, watcher] of survivors.entries())
    watcher.onPresence(() => {
      if (killedAt && !cleanup.has(w) && !watcher.presenceKeys(TOPIC).some((key) => key.startsWith("n3-")))
        cleanup.set(w, Date.now() - killedAt);
    });
  const sent = await stream(cluster, sizes.rate, 10, {
    3: async () => {
      await Promise.all([n1, n2].map((node) => ask(node, "mark")));
      killedAt = Date.now();
      await n3.kill();
    },
  });
  const stats = await cluster.clients.settled({ atLeast: Number.POSITIVE_INFINITY, quietMs: 2_000, timeoutMs: 15_000 });
  const merged = mergeLogs(await statuses([n1, n2]));
  const failover = owned.map((key) => {
    const first = Math.min(
      ...Array.from({ length: DATASETS }, (_, d) => merged.get(`${key}|dataset${d}`)?.[0]?.at ?? Number.POSITIVE_INFINITY),
    );
    return first - killedAt;
  });
  for (const watcher of cluster.watchers) watcher.close();
  cluster.publisher.close();
  await bench.stopAll();
  const result = {
    sent,
    subscribers: faultsByNode(stats, [n1, n2], sent),
    presenceCleanupMs: summarize([...cleanup.values()]),
    presenceCleanedOnAllSurvivors: cleanup.size === survivors.length,
    singletons: {
      owned: owned.length,
      recovered: failover.filter(Number.isFinite).length,
      failoverMs: summarize(failover.filter(Number.isFinite)),
      duplicates: duplicates(merged, INTERVAL_MS),
    },
  };
  bench.log(`node kill: presence cleanup max ${result.presenceCleanupMs.max} ms, failover max ${result.singletons.failoverMs.max} ms`);
  return result;
}

async function redisRestartDrill(bench: BenchRun, sizes: Sizes) {
  const cluster = await loadedCluster(bench, sizes);
  const nodes = cluster.nodes;
  const before = await statuses(nodes);
  const countersBefore = await Promise.all(nodes.map(nodeCounters));
  const tokensBefore = before.flatMap(({ status }) => Object.values(status.tokens).filter((token): token is number => token !== null));
  await cluster.clients.all({ type: "reset" });

  // One remote subscriber in the runner, to time the first cross-node delivery after Redis returns.
  const remote = await PhxClient.connect(nodes[1]!.url);
  await remote.join(TOPIC, {});
  const received: number[] = [];
  remote.onMessage((_topic, event) => event === "msg" && received.push(Date.now()));
  const watcher = cluster.watchers[1]!;
  const dropped = new Set<string>();
  let killedAt = 0;
  let restartedAt = 0;
  let restoredAt = 0;
  watcher.onPresence((_topic, _joined, left) => {
    if (killedAt && !restartedAt) for (const key of left) dropped.add(key);
    if (restartedAt && !restoredAt && watcher.presenceKeys(TOPIC).length === cluster.everyone) restoredAt = Date.now();
  });
  let outage: { node: string; status: NodeStatus }[] = [];
  const sent = await stream(cluster, sizes.rate, 14, {
    3: async () => {
      await Promise.all(nodes.map((node) => ask(node, "mark")));
      killedAt = Date.now();
      await bench.redis.kill();
    },
    [3 + OUTAGE_MS / 1000]: async () => {
      outage = await statuses(nodes);
      await Promise.all(nodes.map((node) => ask(node, "mark")));
      await bench.redis.restart();
      restartedAt = Date.now();
    },
  });
  const stats = await cluster.clients.settled({ atLeast: Number.POSITIVE_INFINITY, quietMs: 2_000, timeoutMs: 15_000 });
  await sleep(3_000);
  const after = await statuses(nodes);
  const counters = counterGrowth(countersBefore, await Promise.all(nodes.map(nodeCounters)));
  // Queries a tree ran later than 2·ttl/3 (2 s) into the outage: it should have stopped by then.
  const outageQueries = outage.flatMap(({ status }) => Object.values(status.log).flat());
  const lateQueries = outageQueries.filter((at) => at > killedAt + 2_000).length;
  const merged = mergeLogs(after);
  const keys = Array.from({ length: sizes.dashboards }, (_, d) => `dashboard:${d}`);
  const resumed = keys.map(
    (key) =>
      Math.min(...Array.from({ length: DATASETS }, (_, d) => merged.get(`${key}|dataset${d}`)?.[0]?.at ?? Number.POSITIVE_INFINITY)) -
      restartedAt,
  );
  const tokensAfter = after.flatMap(({ status }) => Object.values(status.tokens).filter((token): token is number => token !== null));
  // A receiver's FenceGate keeps the highest token per key: a new owner whose token is not above it is ignored.
  const tokenOf = (list: { status: NodeStatus }[]): Map<string, number> =>
    new Map(list.flatMap(({ status }) => Object.entries(status.tokens).filter((entry): entry is [string, number] => entry[1] !== null)));
  const [beforeByKey, afterByKey] = [tokenOf(before), tokenOf(after)];
  const tokensNotAbove = [...afterByKey].filter(([key, token]) => (beforeByKey.get(key) ?? 0) >= token).length;
  remote.close();
  for (const w of cluster.watchers) w.close();
  cluster.publisher.close();
  await bench.stopAll();
  const result = {
    sent,
    outageMs: restartedAt - killedAt,
    subscribers: faultsByNode(stats, nodes, sent),
    firstRemoteDeliveryAfterRestartMs: (received.find((at) => at >= restartedAt) ?? Number.NaN) - restartedAt,
    counters,
    presence: { droppedDuringOutage: dropped.size, restoredAfterRestartMs: restoredAt ? restoredAt - restartedAt : Number.NaN },
    singletons: {
      queriesLaterThan2sIntoOutage: lateQueries,
      lastQueryIntoOutageMs: outageQueries.length > 0 ? Math.max(...outageQueries) - killedAt : Number.NaN,
      resumedAfterRestartMs: summarize(resumed.filter(Number.isFinite)),
      resumed: resumed.filter(Number.isFinite).length,
      keys: keys.length,
      duplicatesAfterRestart: duplicates(merged, INTERVAL_MS),
      tokensBefore: { min: Math.min(...tokensBefore), max: Math.max(...tokensBefore) },
      tokensAfter: { min: Math.min(...tokensAfter), max: Math.max(...tokensAfter) },
      keysWhoseTokenDidNotGrow: tokensNotAbove,
    },
  };
  bench.log(
    `redis restart: remote delivery resumed after ${result.firstRemoteDeliveryAfterRestartMs} ms, presence restored after ${result.presence.restoredAfterRestartMs} ms`,
  );
  return result;
}

const bench = await BenchRun.start("drills");
try {
  const sizes = SIZES[bench.quick ? "quick" : "full"];
  const kill = await nodeKillDrill(bench, sizes);
  const restart = await redisRestartDrill(bench, sizes);
  const path = bench.save({ sizes, kill, restart });
  const f = (value: number, digits = 0): string => (Number.isFinite(value) ? value.toFixed(digits) : "—");
  const lostCells = (row: { lost: { p50: number; max: number }; duplicated: number }) => [
    `${f(row.lost.p50)} / ${f(row.lost.max)}`,
    row.duplicated,
  ];

  console.log(
    `\n### Drill 1: SIGKILL n3 at 3 s of a 10 s stream (${sizes.rate} msg/s published on n1, ${sizes.subscribersPerNode} subscribers per node, ${sizes.dashboards} dashboards)\n`,
  );
  console.log(
    markdownTable([
      ["subscribers on", "sockets", "lost p50 / max", "duplicated"],
      ...kill.subscribers.map((row) => [row.node, row.subscribers, ...lostCells(row)]),
    ]),
  );
  console.log(
    `\npresence: n3's users gone from the survivors' watchers after ${f(kill.presenceCleanupMs.max)} ms (all survivors: ${kill.presenceCleanedOnAllSurvivors ? "yes" : "NO"})` +
      `\nsingletons: ${kill.singletons.recovered}/${kill.singletons.owned} of n3's trees taken over; kill → first query p50 ${f(kill.singletons.failoverMs.p50)} ms, max ${f(kill.singletons.failoverMs.max)} ms; polls < interval/2 apart ${kill.singletons.duplicates.close} (${kill.singletons.duplicates.crossNode} across nodes), interleaved ${kill.singletons.duplicates.interleaved}`,
  );
  console.log(`\n### Drill 2: Redis SIGKILLed at 3 s, restarted ${OUTAGE_MS / 1000} s later (same stream, ${restart.sent} messages)\n`);
  console.log(
    markdownTable([
      ["subscribers on", "sockets", "lost p50 / max", "duplicated"],
      ...restart.subscribers.map((row) => [row.node, row.subscribers, ...lostCells(row)]),
    ]),
  );
  const s = restart.singletons;
  console.log(
    `\noutage ${restart.outageMs} ms; first cross-node delivery ${f(restart.firstRemoteDeliveryAfterRestartMs)} ms after the restart` +
      `\npresence: ${restart.presence.droppedDuringOutage} remote users dropped by n2 during the outage; full list again ${f(restart.presence.restoredAfterRestartMs)} ms after the restart` +
      `\nsingletons: last query ${f(s.lastQueryIntoOutageMs)} ms into the outage (${s.queriesLaterThan2sIntoOutage} later than 2 s); ${s.resumed}/${s.keys} trees polling again, p50 ${f(s.resumedAfterRestartMs.p50)} ms / max ${f(s.resumedAfterRestartMs.max)} ms after the restart; polls < interval/2 apart ${s.duplicatesAfterRestart.close} (${s.duplicatesAfterRestart.crossNode} across nodes), interleaved ${s.duplicatesAfterRestart.interleaved}` +
      `\nfencing tokens: before ${s.tokensBefore.min}–${s.tokensBefore.max}, after ${s.tokensAfter.min}–${s.tokensAfter.max}; keys whose new token is not above the old one: ${s.keysWhoseTokenDidNotGrow}/${s.keys}`,
  );
  console.log(
    `\ncounters grown over drill 2 (all nodes): ${Object.entries(restart.counters)
      .map(([name, n]) => `${name} ${n}`)
      .join(", ")}`,
  );
  console.log(`\nresults: ${path}`);
} finally {
  await bench.close();
}
