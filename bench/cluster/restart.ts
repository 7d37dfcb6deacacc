/**
 * Rolling restart: 3 nodes (clustered through Redis) hold N sockets spread
 * evenly; node a is restarted (SIGTERM, then a fresh process) while its
 * clients come back to nodes b and c, as behind a load balancer that took a
 * out. Per variant: how long until every socket is joined again, the peak
 * reconnect rate (joins per second, over 100 ms windows) and each socket's
 * time away.
 *   no drain, fixed backoff:  every socket closed at once, retries on a fixed schedule (250, 500, 1000, 2000 ms, then 5 s);
 *   no drain, full jitter:    every socket closed at once, the app's web client now;
 *   drain, full jitter:       the engine's drain (10 batches, 1 s apart) and the app's web client.
 *
 *   npx tsx bench/cluster/restart.ts [--quick]          (full: 20,000 sockets; quick: 600)
 *   npx tsx bench/cluster/restart.ts --sockets=3000
 */
import { parseArgs } from "node:util";
import { BenchRun, loopbackAddresses, sleep } from "./bench-run.ts";
import type { Reconnects } from "./load-protocol.ts";
import { markdownTable, summarize } from "./stats.ts";

interface Variant {
  readonly label: string;
  readonly drain: boolean;
  readonly backoff: "fixed" | "jitter";
}

const VARIANTS: readonly Variant[] = [
  { label: "no drain, fixed backoff", drain: false, backoff: "fixed" },
  { label: "no drain, full jitter", drain: false, backoff: "jitter" },
  { label: "drain, full jitter", drain: true, backoff: "jitter" },
];
const LOAD_CLIENTS = 2;
const DRAIN_BATCHES = 10;
const DRAIN_INTERVAL_MS = 1_000;
const WINDOW_MS = 100;

async function restart(bench: BenchRun, variant: Variant, sockets: number) {
  const onA = Math.ceil(sockets / 3);
  const drainEnv: Record<string, string> = variant.drain
    ? { DRAIN_BATCH_SIZE: String(Math.ceil(onA / DRAIN_BATCHES)), DRAIN_INTERVAL_MS: String(DRAIN_INTERVAL_MS) }
    : { DRAIN_BATCH_SIZE: String(sockets) };
  const [nodeA, b, c] = await Promise.all([
    bench.startNode({ name: "a", env: drainEnv }),
    bench.startNode({ name: "b" }),
    bench.startNode({ name: "c" }),
  ]);
  const nodes = [nodeA, b, c];
  const clients = bench.loadClients(LOAD_CLIENTS);
  const perClient = Math.ceil(sockets / LOAD_CLIENTS);
  const held = await clients.all<{ opened: number; failed: number; firstError?: string }>((i) => ({
    type: "hold",
    sockets: Array.from({ length: Math.min(perClient, sockets - i * perClient) }, (_, k) => {
      const n = i * perClient + k;
      return { url: nodes[n % 3]!.url, topic: `room:r${n % 50}` };
    }),
    reconnectUrls: [b.url, c.url],
    backoff: variant.backoff,
    ratePerSec: bench.quick ? 1_000 : 2_000,
    addresses: loopbackAddresses(),
    joinTimeoutMs: 30_000,
  }));
  const opened = held.reduce((sum, h) => sum + h.opened, 0);
  const onRestarted = Array.from({ length: opened }, (_, n) => n).filter((n) => n % 3 === 0).length;
  bench.log(`${variant.label}: ${opened} sockets held (${onRestarted} on node a); restarting a`);

  const terminated = Date.now();
  await nodeA.stop(60_000);
  const stoppedAfterMs = Date.now() - terminated;
  const fresh = await bench.startNode({ name: "a", env: drainEnv });
  const backAfterMs = Date.now() - terminated;

  let status: Reconnects[] = [];
  const deadline = Date.now() + 120_000;
  do {
    await sleep(250);
    status = await clients.all<Reconnects>({ type: "reconnects" });
  } while (status.reduce((sum, s) => sum + s.open, 0) < opened && Date.now() < deadline);
  const comebacks = status.flatMap((s) => s.comebacks);
  const windows = new Map<number, number>();
  for (const [, at] of comebacks) {
    const window = Math.floor((at - terminated) / WINDOW_MS);
    windows.set(window, (windows.get(window) ?? 0) + 1);
  }
  const result = {
    variant,
    sockets: opened,
    restartedNodeSockets: onRestarted,
    comebacks: comebacks.length,
    allBack: status.reduce((sum, s) => sum + s.open, 0) >= opened,
    allBackSeconds: comebacks.length ? (Math.max(...comebacks.map(([, at]) => at)) - terminated) / 1000 : 0,
    peakReconnectsPerSecond: Math.max(0, ...windows.values()) * (1000 / WINDOW_MS),
    awayMs: summarize(comebacks.map(([closed, at]) => at - closed)),
    failedAttempts: status.reduce((sum, s) => sum + s.failedAttempts, 0),
    nodeStoppedSeconds: stoppedAfterMs / 1000,
    nodeBackSeconds: backAfterMs / 1000,
    freshNodePort: fresh.port,
  };
  bench.log(
    `${variant.label}: all back in ${result.allBackSeconds.toFixed(1)} s, peak ${result.peakReconnectsPerSecond} reconnects/s, ${result.failedAttempts} failed attempts`,
  );
  await bench.stopAll();
  return result;
}

const bench = await BenchRun.start("restart");
try {
  const { values } = parseArgs({ options: { sockets: { type: "string" } }, strict: false });
  const sockets = values.sockets ? Number(values.sockets) : bench.quick ? 600 : 20_000;
  if (!Number.isInteger(sockets) || sockets < 3) throw new Error("--sockets must be an integer ≥ 3");
  const results = [];
  for (const variant of VARIANTS) results.push(await restart(bench, variant, sockets));
  const path = bench.save(results);
  const f = (value: number, digits = 0): string => (Number.isFinite(value) ? value.toFixed(digits) : "—");
  console.log(`\n### Rolling restart of one of 3 nodes (${sockets} sockets, ${results[0]?.restartedNodeSockets} on the restarted node)\n`);
  console.log(
    markdownTable([
      [
        "variant",
        "node stopped after s",
        "all back after s",
        "peak reconnects/s (100 ms windows)",
        "time away p50 / p99 / max ms",
        "failed attempts",
      ],
      ...results.map((r) => [
        r.variant.label,
        f(r.nodeStoppedSeconds, 1),
        r.allBack ? f(r.allBackSeconds, 1) : `not all within 120 s (${r.comebacks} back)`,
        f(r.peakReconnectsPerSecond),
        `${f(r.awayMs.p50)} / ${f(r.awayMs.p99)} / ${f(r.awayMs.max)}`,
        r.failedAttempts,
      ]),
    ]),
  );
  console.log(`\nresults: ${path}`);
} finally {
  await bench.close();
}
