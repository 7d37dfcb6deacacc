/**
 * The assembly benchmarks in one run: ballot burst (SQLite and PostgreSQL,
 * HTTP and WebSocket), the load check, the login storm both ways, and the
 * count of a 20,000-ballot candidate election. Every server and load client
 * is its own process, killed at the end.
 *
 *   npx tsx bench/assembly/run.ts [--quick] [--docs] [--server-node-args="…"]
 *
 * `--quick` ≈ 30 s with small sizes; the full run ≈ 10 minutes.
 * `--docs` also writes the plots to docs/img/. JSON and SVG go to bench/results/.
 */
import { execFileSync } from "node:child_process";
import { cpus, loadavg, totalmem } from "node:os";
import { adminIncident } from "./admin-incident.ts";
import { ballotBurst } from "./ballot-burst.ts";
import { electionTally } from "./election-tally.ts";
import { runIfMain, writeJson, type BenchContext } from "./lib/context.ts";
import { loadCheck } from "./load-check.ts";

export async function runAssemblyBenchmarks(context: BenchContext): Promise<void> {
  const started = Date.now();
  const machine = {
    cpus: cpus().length,
    model: cpus()[0]?.model,
    memoryGb: totalmem() / 2 ** 30,
    node: process.version,
    loadBefore: loadavg(),
    revision: execFileSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8" }).trim(),
  };
  console.log(`assembly benchmarks (${context.quick ? "quick" : "full"}) on ${JSON.stringify(machine)}`);
  const burst = await ballotBurst(context);
  const load = await loadCheck(context);
  const incident = await adminIncident(context);
  const elections = await electionTally(context);
  const summary = {
    machine: { ...machine, loadAfter: loadavg() },
    minutes: (Date.now() - started) / 60_000,
    burst,
    load,
    incident,
    elections,
  };
  writeJson(context, "assembly-latest", summary);
  console.log(
    `done in ${summary.minutes.toFixed(1)} min; load average before ${machine.loadBefore.map((l) => l.toFixed(1)).join(" ")}, after ${summary.machine.loadAfter.map((l) => l.toFixed(1)).join(" ")}`,
  );
}

runIfMain(import.meta.url, runAssemblyBenchmarks);
