/**
 * `npm run bench` — the benchmark suite in one command; `npm run bench -- --quick`
 * for a smoke test of every scenario with tiny sizes (about 2 minutes here with the
 * suites side by side, see below; full sizes take 25–30 minutes, one suite at a time).
 *
 * Options:
 *   --quick                      tiny sizes; the other suites run beside the engine's
 *                                (engine alone ≈ 45 s on a quiet machine)
 *   --suites=engine,assembly,cluster,rehearsal
 *                                which suites (default engine,assembly,cluster): the engine
 *                                against Socket.IO and ws (this file), the assembly app
 *                                (bench/assembly/run.ts), the Redis cluster and fault drills
 *                                (bench/cluster/run.ts); the convention rehearsal
 *                                (bench/rehearsal/run.ts) only when named
 *   --docs                       suites that publish plots write them to docs/img too
 *   --peers=plenum,socketio,ws   servers to compare (default all)
 *   --scenarios=memory,curve,slow,recovery
 *                                memory per socket; fan-out curve + round trips; slow
 *                                consumers (Plenum only); recovery: subscribers drop and
 *                                rejoin with their last position, history on vs off (Plenum only)
 *   --out=<dir>                  default bench/results
 *   --server-node-args="<opts>"  node options for the servers, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"
 *   --plenum-server=<script>     a candidate engine's bench server (same contract as bench/server.ts)
 *   --recovery=<subscribers>/<droppers>
 *                                recovery at another size than the mode's (e.g. 5000/500; the
 *                                stream's length, rate and drop timing stay the mode's)
 *   --history=memory,redis       recovery: where the history-on runs keep history (default memory;
 *                                redis: RedisHistory at REDIS_URL or redis://127.0.0.1:6379); each
 *                                runs on a fresh server, then HISTORY=off
 *
 * Servers under test and load clients are separate processes; all of them
 * are killed when the run ends, however it ends. Prints tables, writes
 * `<out>/<timestamp>-<mode>.json`, `<out>/latest.json`, the same tables as
 * Markdown in `<out>/latest.md`, and the SVG plots to `<out>/`.
 */
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg, totalmem } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { Agents } from "./lib/agents.ts";
import { Children } from "./lib/children.ts";
import { tsxNodeArgs } from "./lib/node-args.ts";
import {
  charts,
  fanoutRows,
  goalRows,
  memoryRows,
  recoveryRows,
  roundtripRows,
  slowRows,
  type Rows,
  type RunResult,
} from "./lib/report.ts";
import { markdownTable, table } from "./lib/table.ts";
import type { PeerName } from "./clients/messages.ts";
import { fullSizes, quickSizes, type BenchContext, type Sizes } from "./scenarios/context.ts";
import { measureMemory, type MemoryResult } from "./scenarios/memory.ts";
import { measureCurve, type CurveResult } from "./scenarios/curve.ts";
import { measureSlowConsumers, type SlowResult } from "./scenarios/slow-consumers.ts";
import { measureRecovery, type RecoveryVariant } from "./scenarios/recovery.ts";

const PEERS: readonly PeerName[] = ["plenum", "socketio", "ws"];
const SCENARIOS = ["memory", "curve", "slow", "recovery"] as const;
const HISTORY_STORES = ["memory", "redis"] as const;
const SUITES = ["engine", "assembly", "cluster", "rehearsal"] as const;
/** The rehearsal takes the whole machine for minutes (20 for the full size): run when asked for. */
const DEFAULT_SUITES = SUITES.filter((suite) => suite !== "rehearsal");
/** Source addresses 127.0.0.1–8: 8 × ~28k ephemeral ports, far beyond what a run opens. */
const ADDRESSES = Array.from({ length: 8 }, (_, i) => `127.0.0.${i + 1}`);
const LOAD_CLIENTS = 2;

function parseList<T extends string>(
  value: string | undefined,
  allowed: readonly T[],
  what: string,
  byDefault: readonly T[] = allowed,
): readonly T[] {
  if (value === undefined) return byDefault;
  const items = value.split(",").map((s) => s.trim());
  const bad = items.filter((s) => !(allowed as readonly string[]).includes(s));
  if (bad.length > 0) throw new Error(`unknown ${what}: ${bad.join(", ")} (known: ${allowed.join(", ")})`);
  return items as T[];
}

const { values } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    docs: { type: "boolean", default: false },
    peers: { type: "string" },
    scenarios: { type: "string" },
    suites: { type: "string" },
    out: { type: "string", default: fileURLToPath(new URL("./results", import.meta.url)) },
    "server-node-args": { type: "string", default: "" },
    "plenum-server": { type: "string" },
    history: { type: "string", default: "memory" },
    recovery: { type: "string" },
  },
});
const peers = parseList(values.peers, PEERS, "peer");
const suites = parseList(values.suites, SUITES, "suite", DEFAULT_SUITES);
const scenarios = suites.includes("engine") ? parseList(values.scenarios, SCENARIOS, "scenario") : [];
const historyStores = parseList(values.history, HISTORY_STORES, "history store");
const mode = values.quick ? "quick" : "full";

const children = new Children();
/** The other suites' runners, apart from `children` so the engine's clean-up does not stop them. */
const suiteRunners = new Children();
process.on("exit", () => {
  children.killAll();
  suiteRunners.killAll();
});
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => process.exit(130));
}

/** Another suite as its own process, cleaning up after itself; `capture` holds its output instead of printing it live. */
function runSuite(suite: string, capture: boolean): Promise<{ code: number | null; output: string }> {
  const script = fileURLToPath(new URL(`./${suite}/run.ts`, import.meta.url));
  const stdio = capture ? "pipe" : "inherit";
  const child = suiteRunners.track(
    spawn(process.execPath, [...tsxNodeArgs, script, ...(values.quick ? ["--quick"] : []), ...(values.docs ? ["--docs"] : [])], {
      stdio: ["ignore", stdio, stdio],
    }),
  );
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve) => child.once("exit", (code) => resolve({ code, output })));
}

/**
 * A quick run is a smoke test of every scenario, not a measurement: the
 * other suites run side by side with the engine's (their output printed at
 * the end) so that it takes about a minute. A full run takes them one after
 * the other, so no suite's figures carry another's load.
 */
const otherSuites = suites.filter((s) => s !== "engine");
const inBackground = new Map(values.quick ? otherSuites.map((suite) => [suite, runSuite(suite, true)] as const) : []);

const log = (line: string): void => console.log(line);
const ctx: BenchContext = {
  children,
  agents: new Agents(children, LOAD_CLIENTS),
  sizes: recoverySize(values.quick ? quickSizes : fullSizes, values.recovery),
  server: {
    nodeArgs: values["server-node-args"].split(" ").filter((a) => a.length > 0),
    ...(values["plenum-server"] ? { plenumScript: values["plenum-server"] } : {}),
  },
  addresses: ADDRESSES,
  log,
};
const startedAt = new Date().toISOString();

/** `sizes` with the recovery scenario's subscribers and droppers from `--recovery=N/M`, if given. */
function recoverySize(sizes: Sizes, option: string | undefined): Sizes {
  if (option === undefined) return sizes;
  const [subscribers, droppers] = option.split("/").map(Number);
  if (!Number.isInteger(subscribers) || !Number.isInteger(droppers) || droppers! < 1 || subscribers! <= droppers!) {
    throw new Error(`--recovery must be <subscribers>/<droppers> with 0 < droppers < subscribers, got ${option}`);
  }
  return { ...sizes, recovery: { ...sizes.recovery, subscribers: subscribers!, droppers: droppers! } };
}

/** Which engine was measured: the commit, and whether packages/realtime had uncommitted changes. */
function engineRevision(): string {
  try {
    const git = (...args: string[]): string => execFileSync("git", args, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
    const dirty = git("status", "--porcelain", "--", "packages/realtime").length > 0;
    return `${git("rev-parse", "--short", "HEAD")}${dirty ? " (packages/realtime modified)" : ""}`;
  } catch {
    return "unknown (not a git checkout)";
  }
}

const machine = {
  cores: availableParallelism(),
  cpu: cpus()[0]?.model ?? "unknown",
  memoryGiB: Math.round(totalmem() / 2 ** 30),
  node: process.version,
  engine: values["plenum-server"] ? `candidate server ${values["plenum-server"]}` : engineRevision(),
  loadAverageAtStart: loadavg()
    .map((l) => l.toFixed(2))
    .join(" "),
};
log(
  `Plenum bench (${mode}) — ${machine.cores} cores, ${machine.memoryGiB} GiB, node ${machine.node}, engine ${machine.engine}, load ${machine.loadAverageAtStart}`,
);

const memory: MemoryResult[] = [];
const curves: CurveResult[] = [];
let slow: SlowResult | undefined;
let recovery: RecoveryVariant[] | undefined;
try {
  if (scenarios.includes("memory")) {
    log(`\n# 1. Memory per idle socket with one joined channel (${ctx.sizes.memorySockets} sockets)`);
    for (const peer of peers) {
      log(`  ${peer}: connecting`);
      memory.push(await measureMemory(ctx, peer));
    }
    log(table(memoryRows(memory)));
  }
  if (scenarios.includes("curve")) {
    log(`\n# 2 + 3. Fan-out curve (${ctx.sizes.fanoutSizes.join(", ")} subscribers) and round trips`);
    for (const peer of peers) curves.push(await measureCurve(ctx, peer));
    log("\n## Fan-out");
    log(table(fanoutRows(curves)));
    log("\n## Round trips");
    log(table(roundtripRows(curves)));
  }
  if (scenarios.includes("slow") && peers.includes("plenum")) {
    log("\n# Slow consumers (Plenum): a share of the subscribers stops reading during a fixed-rate stream");
    slow = await measureSlowConsumers(ctx);
    log(table(slowRows(slow)));
  }
  if (scenarios.includes("recovery") && peers.includes("plenum")) {
    log("\n# Recovery (Plenum): subscribers drop and rejoin with {recover: {epoch, offset}} during a stream, history on vs off");
    recovery = await measureRecovery(ctx, historyStores);
    log(table(recoveryRows(recovery)));
  }
} finally {
  children.killAll();
}

const result: RunResult = {
  startedAt,
  finishedAt: new Date().toISOString(),
  mode,
  machine: {
    ...machine,
    loadAverageAtEnd: loadavg()
      .map((l) => l.toFixed(2))
      .join(" "),
  },
  memory,
  curves,
  ...(slow ? { slow } : {}),
  ...(recovery ? { recovery } : {}),
};
const goals = goalRows(result);
if (goals.length > 1) log(`\n## Goals (Plenum)\n${table(goals)}`);
mkdirSync(values.out, { recursive: true });
const json = JSON.stringify(result, null, 1);
writeFileSync(join(values.out, `${startedAt.replace(/[:.]/g, "-")}-${mode}.json`), json);
writeFileSync(join(values.out, "latest.json"), json);
// The same tables in Markdown, ready for docs/benchmarks.md.
const sections: [string, Rows][] = [
  ["Memory per idle socket", memoryRows(memory)],
  ["Fan-out", fanoutRows(curves)],
  ["Round trips", roundtripRows(curves)],
  ["Slow consumers (Plenum)", slowRows(slow)],
  ["Recovery (Plenum)", recoveryRows(recovery)],
  ["Goals (Plenum)", goals],
];
writeFileSync(
  join(values.out, "latest.md"),
  sections
    .filter(([, rows]) => rows.length > 1)
    .map(([title, rows]) => `### ${title}\n\n${markdownTable(rows)}\n`)
    .join("\n"),
);
for (const [name, svg] of Object.entries(charts(result))) writeFileSync(join(values.out, name), svg);
log(`\nResults and plots in ${values.out}`);

let failed = 0;
for (const suite of otherSuites) {
  log(`\n# ${suite} suite`);
  const { code, output } = await (inBackground.get(suite) ?? runSuite(suite, false));
  process.stdout.write(output);
  if (code !== 0) failed++;
}
process.exit(failed === 0 ? 0 : 1);
