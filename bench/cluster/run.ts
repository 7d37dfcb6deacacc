/**
 * Every cluster benchmark in turn, each in its own process (so one's
 * leftovers cannot skew the next): cluster, singletons, drills, join storm, restart.
 * With --quick the drills run beside the other three (see LANES).
 * Tables go to stdout and, together, to bench/results/cluster-report[-quick].md.
 *
 *   npx tsx bench/cluster/run.ts [--quick]     (quick ≈ 1 min alone, full ≈ 8 min)
 */
import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { fileURLToPath } from "node:url";
import { tsxNodeArgs } from "../lib/node-args.ts";

const BENCHES = ["cluster", "singletons", "drills", "join-storm", "restart"];
const quick = process.argv.includes("--quick");
const results = fileURLToPath(new URL("../results/", import.meta.url));

/**
 * Benches run one after the other, except in a quick run (a smoke test, not a
 * measurement): there the drills, which mostly wait out kills and outages, run
 * beside the others.
 */
const LANES: string[][] = quick ? [["cluster", "singletons", "join-storm", "restart"], ["drills"]] : [BENCHES];

/** Runs one bench; its output goes to stdout live when it runs alone, else once it is done (lanes would interleave). */
function runOne(name: string, live: boolean): Promise<{ output: string; code: number | null }> {
  const script = fileURLToPath(new URL(`./${name}.ts`, import.meta.url));
  const child = spawn(process.execPath, [...tsxNodeArgs, script, ...(quick ? ["--quick"] : [])], { stdio: ["ignore", "pipe", "inherit"] });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => {
    if (live) process.stdout.write(chunk);
    output += chunk.toString();
  });
  const stop = (): void => void child.kill("SIGTERM");
  process.once("SIGINT", stop);
  return new Promise((resolve) =>
    child.once("exit", (code) => {
      process.off("SIGINT", stop);
      if (!live) process.stdout.write(output);
      resolve({ output, code });
    }),
  );
}

const sections = [
  `# Cluster benchmarks (${quick ? "quick" : "full"}), ${new Date().toISOString()}`,
  `machine: ${cpus().length} × ${cpus()[0]?.model ?? "?"}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
];
const done = new Map<string, string>();
let failed = 0;
await Promise.all(
  LANES.map(async (lane) => {
    for (const name of lane) {
      const started = Date.now();
      const { output, code } = await runOne(name, LANES.length === 1);
      if (code !== 0) failed++;
      done.set(
        name,
        `## ${name} (${((Date.now() - started) / 1000).toFixed(0)} s${code === 0 ? "" : `, FAILED with ${code}`})\n${output.trim()}`,
      );
    }
  }),
);
for (const name of BENCHES) sections.push(done.get(name)!);
mkdirSync(results, { recursive: true });
const report = `${results}cluster-report${quick ? "-quick" : ""}.md`;
writeFileSync(report, `${sections.join("\n\n")}\n`);
console.log(`\nreport: ${report}`);
process.exitCode = failed > 0 ? 1 : 0;
