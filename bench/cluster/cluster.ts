/**
 * Cluster benchmark: 3 node processes + a
 * private Redis.
 *   1. presence convergence: time from a join's ok reply until watchers on
 *      every node list the new user (local and remote);
 *   2. node loss: time from SIGKILL until watchers on the survivors no longer
 *      list any of the killed node's users;
 *   3. cross-node broadcast, Plenum (RedisPubSub) and Socket.IO 4.8 +
 *      @socket.io/redis-adapter side by side: latency of a paced stream
 *      published on node A, per receiving node, and the throughput of a burst.
 *
 *   npx tsx bench/cluster/cluster.ts [--quick]
 */
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";
import { io, type Socket } from "socket.io-client";
import { Histogram } from "../lib/histogram.ts";
import { barChart } from "../lib/svg-chart.ts";
import { cpuSeconds } from "../lib/proc-stats.ts";
import { BenchRun, loopbackAddresses, sleep } from "./bench-run.ts";
import type { OpenResult, Peer, StreamStats } from "./load-protocol.ts";
import type { NodeProcess } from "./node-process.ts";
import { PhxClient } from "./phx-client.ts";
import { markdownTable, summarize, type Summary } from "./stats.ts";

const SOCKETIO_NODE = fileURLToPath(new URL("./socketio-node.ts", import.meta.url));
const NAMES = ["a", "b", "c"];
const now = (): number => performance.timeOrigin + performance.now();
const ms = (value: number): string => (Number.isFinite(value) ? value.toFixed(value < 10 ? 1 : 0) : "—");

interface Sizes {
  readonly convergenceJoins: number;
  readonly joinSpacingMs: number;
  readonly lossUsersPerNode: number;
  readonly lossRepeats: number;
  readonly subscribersPerNode: number;
  readonly streamRate: number;
  readonly streamSeconds: number;
  readonly burst: number;
  readonly raceTrials: number;
}

const SIZES: Record<"quick" | "full", Sizes> = {
  quick: {
    convergenceJoins: 10,
    joinSpacingMs: 50,
    lossUsersPerNode: 5,
    lossRepeats: 1,
    subscribersPerNode: 10,
    streamRate: 200,
    streamSeconds: 1,
    burst: 300,
    raceTrials: 10,
  },
  full: {
    convergenceJoins: 300,
    joinSpacingMs: 100,
    lossUsersPerNode: 100,
    lossRepeats: 3,
    subscribersPerNode: 100,
    streamRate: 300,
    streamSeconds: 10,
    burst: 5_000,
    raceTrials: 200,
  },
};

/**
 * Presence-keeping sockets on the given nodes. They are tracked themselves
 * (`watcher-<node>-<i>`): a join with {user} is what gets a presence_state.
 */
async function watchers(nodes: readonly NodeProcess[], topic: string, perNode: number): Promise<PhxClient[]> {
  return Promise.all(
    nodes.flatMap((node) =>
      Array.from({ length: perNode }, async (_, i) => {
        const client = await PhxClient.connect(node.url, { presence: true });
        await client.join(topic, { user: `watcher-${node.name}-${i}` });
        return client;
      }),
    ),
  );
}

async function presenceConvergence(bench: BenchRun, nodes: readonly NodeProcess[], sizes: Sizes) {
  const topic = "room:convergence";
  const watching = await watchers(nodes, topic, 2);
  const pending = new Map<string, { node: string; at: number; seen: Map<number, number> }>();
  for (const [w, watcher] of watching.entries())
    watcher.onPresence((_topic, joined) => {
      const t = now();
      for (const key of joined) pending.get(key)?.seen.set(w, t);
    });
  const members: PhxClient[] = [];
  for (let j = 0; j < sizes.convergenceJoins; j++) {
    const node = nodes[j % nodes.length]!;
    const user = `conv-${j}`;
    const member = await PhxClient.connect(node.url);
    members.push(member);
    const entry = { node: node.name, at: 0, seen: new Map<number, number>() };
    pending.set(user, entry);
    await member.join(topic, { user });
    entry.at = now();
    await sleep(sizes.joinSpacingMs);
  }
  const deadline = Date.now() + 10_000;
  while ([...pending.values()].some((entry) => entry.seen.size < watching.length) && Date.now() < deadline) await sleep(50);

  const watcherNode = watching.map((_, w) => nodes[Math.floor(w / 2)]!.name);
  const local: number[] = [];
  const remote: number[] = [];
  const lastWatcher: number[] = [];
  let missing = 0;
  for (const entry of pending.values()) {
    missing += watching.length - entry.seen.size;
    for (const [w, t] of entry.seen) (watcherNode[w] === entry.node ? local : remote).push(t - entry.at);
    if (entry.seen.size === watching.length) lastWatcher.push(Math.max(...entry.seen.values()) - entry.at);
  }
  for (const client of [...watching, ...members]) client.close();
  bench.log(`presence convergence: ${pending.size} joins, remote p99 ${ms(summarize(remote).p99)} ms, missing ${missing}`);
  return { joins: pending.size, local: summarize(local), remote: summarize(remote), allNodes: summarize(lastWatcher), missing };
}

async function nodeLoss(bench: BenchRun, nodes: NodeProcess[], sizes: Sizes) {
  const runs: { firstLeaveMs: number; allGoneMs: Summary; complete: boolean }[] = [];
  for (let repeat = 0; repeat < sizes.lossRepeats; repeat++) {
    const topic = `room:loss-${repeat}`;
    const members = await Promise.all(
      nodes.flatMap((node) =>
        Array.from({ length: sizes.lossUsersPerNode }, async (_, i) => {
          const client = await PhxClient.connect(node.url);
          await client.join(topic, { user: `${node.name}-${i}` });
          return client;
        }),
      ),
    );
    const survivors = nodes.slice(0, 2);
    const watching = await watchers(survivors, topic, 2);
    const total = sizes.lossUsersPerNode * nodes.length + watching.length;
    const deadline = Date.now() + 15_000;
    while (watching.some((watcher) => watcher.presenceKeys(topic).length < total) && Date.now() < deadline) await sleep(50);
    if (watching.some((watcher) => watcher.presenceKeys(topic).length < total))
      throw new Error("node loss: presence did not converge before the kill");

    const victim = nodes[2]!;
    const gone = new Map<number, number>();
    let firstLeave = Number.NaN;
    const killedAt = now();
    for (const [w, watcher] of watching.entries())
      watcher.onPresence((_topic, _joined, left) => {
        if (left.length > 0 && Number.isNaN(firstLeave)) firstLeave = now() - killedAt;
        if (!gone.has(w) && !watcher.presenceKeys(topic).some((key) => key.startsWith(`${victim.name}-`))) gone.set(w, now() - killedAt);
      });
    await victim.kill();
    const until = Date.now() + 15_000;
    while (gone.size < watching.length && Date.now() < until) await sleep(20);
    runs.push({ firstLeaveMs: firstLeave, allGoneMs: summarize([...gone.values()]), complete: gone.size === watching.length });
    bench.log(
      `node loss ${repeat + 1}: all of ${victim.name}'s ${sizes.lossUsersPerNode} users gone after ${ms(Math.max(...gone.values()))} ms`,
    );
    for (const client of [...members, ...watching]) client.close();
    nodes[2] = await bench.startNode({ name: victim.name });
  }
  return runs;
}

/**
 * A socket joins a fresh topic on node B (so B must SUBSCRIBE it in Redis)
 * and, as soon as the join is answered, a broadcast is published on node A:
 * does the socket get it? A join is answered before B's SUBSCRIBE is
 * confirmed by Redis, so this measures how often that window bites.
 */
async function firstJoinRace(bench: BenchRun, nodes: readonly NodeProcess[], trials: number) {
  let missed = 0;
  for (let i = 0; i < trials; i++) {
    const topic = `room:race-${i}`;
    const client = await PhxClient.connect(nodes[1 + (i % 2)]!.url);
    let got = false;
    client.onMessage((_topic, event) => (got ||= event === "msg"));
    await client.join(topic, {});
    await fetch(`http://127.0.0.1:${nodes[0]!.port}/bench/broadcast?topic=${topic}&n=1`);
    const deadline = Date.now() + 1_000;
    while (!got && Date.now() < deadline) await sleep(10);
    if (!got) missed++;
    client.close();
  }
  bench.log(`first-join race: ${missed}/${trials} broadcasts missed`);
  return { trials, missed };
}

/** One socket publishing a paced `{seq, t}` stream into the room, in either peer's protocol. */
interface Publisher {
  send(payload: { seq: number; t: number }): void;
  close(): void;
}

async function publisher(peer: Peer, node: NodeProcess, topic: string): Promise<Publisher> {
  if (peer === "plenum") {
    const client = await PhxClient.connect(node.url);
    await client.join(topic, {});
    return { send: (payload) => client.push(topic, "broadcast", payload), close: () => client.close() };
  }
  const socket: Socket = io(node.url, { transports: ["websocket"], reconnection: false });
  await new Promise<void>((resolve, reject) => socket.once("connect", resolve).once("connect_error", reject));
  await socket.emitWithAck("join", topic);
  return { send: (payload) => socket.emit("broadcast", payload), close: () => socket.disconnect() };
}

/** Sends `count` messages `{seq: 0…, t}` at `rate` per second. */
async function paced(source: Publisher, rate: number, count: number): Promise<void> {
  const start = performance.now();
  for (let seq = 0; seq < count; ) {
    const due = Math.min(count, Math.floor(((performance.now() - start) * rate) / 1000) + 1);
    for (; seq < due; seq++) source.send({ seq, t: now() });
    await sleep(5);
  }
}

function latencyByNode(stats: StreamStats, nodes: readonly NodeProcess[]) {
  const byUrl = (urls: string[]): Summary => {
    const histogram = new Histogram();
    for (const url of urls) histogram.merge(stats.latency[url] ?? []);
    return {
      n: histogram.count,
      p50: histogram.quantile(0.5),
      p90: histogram.quantile(0.9),
      p99: histogram.quantile(0.99),
      max: histogram.quantile(1),
    };
  };
  return { local: byUrl([nodes[0]!.url]), remote: byUrl(nodes.slice(1).map((node) => node.url)) };
}

function deliveryFaults(stats: StreamStats, sent: number) {
  let lost = 0;
  let duplicated = 0;
  for (const socket of stats.sockets) {
    lost += sent - socket.distinct;
    duplicated += socket.backwards;
  }
  return { lost, duplicated };
}

async function broadcast(bench: BenchRun, peer: Peer, sizes: Sizes) {
  const nodes = await bench.startNodes(NAMES, peer === "socketio" ? { script: SOCKETIO_NODE } : {});
  const clients = bench.loadClients(2);
  const topic = "room:broadcast";
  const subscribers = sizes.subscribersPerNode * nodes.length;
  const opened = await clients.all<OpenResult>({
    type: "open",
    peer,
    sockets: Array.from({ length: subscribers / clients.size }, (_, i) => ({ url: nodes[i % nodes.length]!.url, topic })),
    ratePerSec: 300,
    addresses: loopbackAddresses(),
    joinTimeoutMs: 10_000,
  });
  const failed = opened.find((result) => result.failed > 0);
  if (failed) throw new Error(`${peer}: ${failed.failed} subscribers failed: ${failed.firstError}`);
  // Joins are answered before every node's Redis subscription is live: publish probes until all sockets hear one.
  const warmUntil = Date.now() + 10_000;
  for (;;) {
    await fetch(`http://127.0.0.1:${nodes[0]!.port}/bench/broadcast?topic=${topic}&n=1`);
    await sleep(100);
    const stats = await clients.stats();
    if (stats.sockets.every((socket) => socket.distinct > 0) || Date.now() > warmUntil) break;
  }

  const source = await publisher(peer, nodes[0]!, topic);
  // One unmeasured second first, so start-up costs (JIT, first buffers) stay out of the percentiles.
  await paced(source, sizes.streamRate, sizes.streamRate);
  await sleep(500);
  await clients.all({ type: "reset" });
  const sent = sizes.streamRate * sizes.streamSeconds;
  const cpuBefore = nodes.map((node) => cpuSeconds(node.pid));
  await paced(source, sizes.streamRate, sent);
  const stream = await clients.settled({ atLeast: sent * subscribers, quietMs: 2_000, timeoutMs: 15_000 });
  const serverCpu = nodes.map((node, i) => cpuSeconds(node.pid) - cpuBefore[i]!);
  source.close();

  await clients.all({ type: "reset" });
  const burstAt = Date.now();
  await fetch(`http://127.0.0.1:${nodes[0]!.port}/bench/broadcast?topic=${topic}&n=${sizes.burst}`);
  const burst = await clients.settled({ atLeast: sizes.burst * subscribers, quietMs: 3_000, timeoutMs: 60_000 });
  const burstSeconds = (burst.lastAt - burstAt) / 1000;
  await bench.stopAll();

  const result = {
    peer,
    subscribers,
    stream: {
      rate: sizes.streamRate,
      sent,
      ...latencyByNode(stream, nodes),
      ...deliveryFaults(stream, sent),
      serverCpuSeconds: serverCpu,
      clientCpuSeconds: stream.cpuSeconds,
    },
    burst: {
      messages: sizes.burst,
      seconds: burstSeconds,
      messagesPerSecond: sizes.burst / burstSeconds,
      deliveriesPerSecond: burst.received / burstSeconds,
      ...deliveryFaults(burst, sizes.burst),
    },
  };
  bench.log(`${peer}: stream remote p99 ${ms(result.stream.remote.p99)} ms, burst ${Math.round(result.burst.messagesPerSecond)} msg/s`);
  return result;
}

const bench = await BenchRun.start("cluster");
try {
  const sizes = SIZES[bench.quick ? "quick" : "full"];
  const nodes = await bench.startNodes(NAMES);
  const convergence = await presenceConvergence(bench, nodes, sizes);
  const race = await firstJoinRace(bench, nodes, sizes.raceTrials);
  const loss = await nodeLoss(bench, nodes, sizes);
  await bench.stopAll();
  const broadcasts = [await broadcast(bench, "plenum", sizes), await broadcast(bench, "socketio", sizes)];
  const path = bench.save({ sizes, convergence, race, loss, broadcasts });
  const plot = bench.plot(
    "cluster-broadcast-latency.svg",
    barChart({
      title: `Cross-node broadcast latency, ${sizes.streamRate} msg/s published on node A`,
      yLabel: "ms",
      groups: ["A (local) p50", "A (local) p99", "B+C p50", "B+C p99"],
      series: broadcasts.map((b) => ({
        name: b.peer === "plenum" ? "Plenum" : "Socket.IO + redis-adapter",
        values: [b.stream.local.p50, b.stream.local.p99, b.stream.remote.p50, b.stream.remote.p99],
      })),
    }),
  );

  console.log(`\n### Presence convergence (${convergence.joins} joins spread over 3 nodes, 2 watchers per node)\n`);
  console.log(
    markdownTable([
      ["watchers", "samples", "p50 ms", "p90 ms", "p99 ms", "max ms"],
      ...(["local", "remote", "allNodes"] as const).map((kind) => {
        const s = convergence[kind];
        return [kind === "allNodes" ? "last of all 6" : kind, s.n, ms(s.p50), ms(s.p90), ms(s.p99), ms(s.max)];
      }),
    ]),
  );
  console.log(`\nmissing sightings: ${convergence.missing}`);
  console.log(`\nfirst join of a topic on B, then a broadcast on A as soon as the join is answered: ${race.missed}/${race.trials} missed`);
  console.log(`\n### Node loss (SIGKILL, ${sizes.lossUsersPerNode} users per node, 4 watchers on the survivors)\n`);
  console.log(
    markdownTable([
      ["run", "first leave ms", "all gone p50 ms", "all gone max ms", "complete"],
      ...loss.map((run, i) => [i + 1, ms(run.firstLeaveMs), ms(run.allGoneMs.p50), ms(run.allGoneMs.max), run.complete ? "yes" : "NO"]),
    ]),
  );
  console.log(`\n### Cross-node broadcast (published on node A; ${broadcasts[0]!.subscribers} subscribers over 3 nodes)\n`);
  console.log(
    markdownTable([
      [
        "peer",
        "stream msg/s",
        "A p50 ms",
        "A p99 ms",
        "B+C p50 ms",
        "B+C p99 ms",
        "lost",
        "dup",
        "server CPU s (A,B,C)",
        "burst msg/s",
        "burst deliveries/s",
        "burst lost",
      ],
      ...broadcasts.map((b) => [
        b.peer === "plenum" ? "Plenum" : "Socket.IO + redis-adapter",
        b.stream.rate,
        ms(b.stream.local.p50),
        ms(b.stream.local.p99),
        ms(b.stream.remote.p50),
        ms(b.stream.remote.p99),
        b.stream.lost,
        b.stream.duplicated,
        b.stream.serverCpuSeconds.map((s) => s.toFixed(1)).join(", "),
        Math.round(b.burst.messagesPerSecond),
        Math.round(b.burst.deliveriesPerSecond),
        b.burst.lost,
      ]),
    ]),
  );
  console.log(`\nresults: ${path}${plot ? `\nplot: ${plot}` : ""}`);
} finally {
  await bench.close();
}
