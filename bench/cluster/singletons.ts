/**
 * Singleton polling trees: distinct dashboard topics,
 * each with 2 viewer sockets on 2 different nodes of 3 (singleton-node.ts:
 * presence counts viewers, `Singletons` + `RedisLeaseStore` run one
 * `pollerTree` per viewed topic in the cluster, the "SQL" is a logged fake).
 * Measures trees per node (balance), queries per second against the ideal
 * topics × datasets / interval, duplicate polls (two queries of one
 * key+dataset closer than half an interval, i.e. two owners), and, after
 * SIGKILL of one node, the failover time of each of its keys (kill → first
 * query of that key on a survivor).
 *
 *   npx tsx bench/cluster/singletons.ts [--quick] [--placement=off]
 */
import { parseArgs } from "node:util";
import { rendezvousRank } from "../../packages/realtime/src/supervision/placement.ts";
import { BenchRun, loopbackAddresses, sleep } from "./bench-run.ts";
import type { OpenResult } from "./load-protocol.ts";
import type { NodeProcess } from "./node-process.ts";
import { SINGLETON_NODE, ask, duplicates, mergeLogs } from "./singleton-status.ts";
import { markdownTable, summarize } from "./stats.ts";

const NAMES = ["n1", "n2", "n3"];

interface Sizes {
  readonly topics: number;
  readonly datasets: number;
  readonly intervalMs: number;
  readonly windowMs: number;
  /** Wait after the SIGKILL before reading failover: several lease periods, and at least two poll intervals. */
  readonly failoverWaitMs: number;
}

const SIZES: Record<"quick" | "full", Sizes> = {
  quick: { topics: 30, datasets: 4, intervalMs: 1_000, windowMs: 3_000, failoverWaitMs: 6_000 },
  full: { topics: 1_000, datasets: 4, intervalMs: 5_000, windowMs: 30_000, failoverWaitMs: 12_000 },
};

async function steadyState(nodes: readonly NodeProcess[], sizes: Sizes) {
  await Promise.all(nodes.map((node) => ask(node, "mark")));
  const from = Date.now();
  await sleep(sizes.windowMs);
  const statuses = await Promise.all(nodes.map(async (node) => ({ node: node.name, status: await ask(node, "status") })));
  const seconds = (Date.now() - from) / 1000;
  const merged = mergeLogs(statuses);
  const queries = [...merged.values()].reduce((sum, list) => sum + list.length, 0);
  return {
    treesPerNode: Object.fromEntries(statuses.map(({ node, status }) => [node, status.running.length])),
    queriesPerSecond: queries / seconds,
    idealPerSecond: (sizes.topics * sizes.datasets * 1000) / sizes.intervalMs,
    duplicates: duplicates(merged, sizes.intervalMs),
    statuses,
  };
}

const { values } = parseArgs({ options: { placement: { type: "string", default: "on" } }, strict: false });
const placement = values.placement !== "off";
const bench = await BenchRun.start(placement ? "singletons" : "singletons-no-placement");
try {
  const sizes = SIZES[bench.quick ? "quick" : "full"];
  const env = { DATASETS: String(sizes.datasets), INTERVAL_MS: String(sizes.intervalMs), PLACEMENT: placement ? "on" : "off" };
  const nodes = await bench.startNodes(NAMES, { script: SINGLETON_NODE, env });
  const clients = bench.loadClients(1);
  const keys = Array.from({ length: sizes.topics }, (_, i) => `dashboard:${i}`);
  const [opened] = await clients.all<OpenResult>({
    type: "open",
    peer: "plenum",
    sockets: keys.flatMap((topic, i) => [0, 1].map((k) => ({ url: nodes[(i + k) % nodes.length]!.url, topic, user: `viewer-${i}-${k}` }))),
    ratePerSec: 400,
    addresses: loopbackAddresses(),
    joinTimeoutMs: 20_000,
  });
  bench.log(`${opened!.opened} viewers joined (${opened!.failed} failed)`);
  const startDeadline = Date.now() + 60_000;
  let running = 0;
  while (Date.now() < startDeadline) {
    running = (await Promise.all(nodes.map((node) => ask(node, "mark")))).reduce((sum, status) => sum + status.running.length, 0);
    if (running >= sizes.topics) break;
    await sleep(500);
  }
  bench.log(`${running}/${sizes.topics} trees running; measuring ${sizes.windowMs} ms`);
  const before = await steadyState(nodes, sizes);

  const victim = nodes[nodes.length - 1]!;
  const owned = before.statuses.find((entry) => entry.node === victim.name)!.status.running;
  const survivors = nodes.slice(0, -1);
  await Promise.all(survivors.map((node) => ask(node, "mark")));
  const killedAt = Date.now();
  await victim.kill();
  await sleep(Math.max(sizes.failoverWaitMs, sizes.intervalMs * 2));
  const afterKill = await Promise.all(survivors.map(async (node) => ({ node: node.name, status: await ask(node, "status") })));
  const merged = mergeLogs(afterKill);
  const failover = owned.map((key) => {
    const first = Math.min(
      ...Array.from({ length: sizes.datasets }, (_, d) => merged.get(`${key}|dataset${d}`)?.[0]?.at ?? Number.POSITIVE_INFINITY),
    );
    return first - killedAt;
  });
  const recovered = failover.filter(Number.isFinite);
  const after = await steadyState(survivors, sizes);
  await bench.stopAll();

  // What rendezvous hashing alone assigns: the balance to expect with placement on.
  const preferred = (members: readonly string[]) =>
    Object.fromEntries(members.map((name) => [name, keys.filter((key) => rendezvousRank(name, key, members) === 0).length]));
  const result = {
    sizes,
    placement,
    rendezvous: { before: preferred(NAMES), after: preferred(NAMES.slice(0, -1)) },
    viewers: opened,
    before: { ...before, statuses: undefined },
    failover: { killed: victim.name, keys: owned.length, recovered: recovered.length, ms: summarize(recovered) },
    after: { ...after, statuses: undefined },
  };
  const path = bench.save(result);
  const f = (value: number, digits = 0): string => (Number.isFinite(value) ? value.toFixed(digits) : "—");
  console.log(
    `\n### Singleton polling trees (${sizes.topics} topics × ${sizes.datasets} datasets every ${sizes.intervalMs / 1000} s, 2 viewers per topic, placement ${placement ? "rendezvous" : "off"})\n`,
  );
  console.log(
    markdownTable([
      [
        "phase",
        "trees per node",
        "rendezvous first choice",
        "queries/s",
        "ideal/s",
        "polls < interval/2 apart (across nodes)",
        "interleaved polls",
        "keys affected",
      ],
      ...(
        [
          ["3 nodes", before, result.rendezvous.before],
          [`after SIGKILL of ${victim.name}`, after, result.rendezvous.after],
        ] as const
      ).map(([label, state, ideal]) => [
        label,
        Object.entries(state.treesPerNode)
          .map(([node, n]) => `${node}: ${n}`)
          .join(", "),
        Object.entries(ideal)
          .map(([node, n]) => `${node}: ${n}`)
          .join(", "),
        f(state.queriesPerSecond, 1),
        f(state.idealPerSecond, 1),
        `${state.duplicates.close} (${state.duplicates.crossNode})`,
        state.duplicates.interleaved,
        state.duplicates.keys,
      ]),
    ]),
  );
  console.log(
    `\nfailover of ${victim.name}'s ${owned.length} trees: ${recovered.length} recovered; kill → first query on a survivor ms: p50 ${f(result.failover.ms.p50)}, p90 ${f(result.failover.ms.p90)}, p99 ${f(result.failover.ms.p99)}, max ${f(result.failover.ms.max)}`,
  );
  console.log(`\nresults: ${path}`);
} finally {
  await bench.close();
}
