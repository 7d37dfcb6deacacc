/**
 * Every cluster benchmark in turn, each in its own process (so one's
 * leftovers cannot skew the next): cluster, singletons, drills, join storm.
 * Tables go to stdout and, together, to bench/results/cluster-report[-quick].md.
 *
 *   npx tsx bench/cluster/run.ts [--quick]     (quick ≈ 2 min, full ≈ 8 min)
 */
import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { fileURLToPath } from "node:url";
import { tsxNodeArgs } from "../lib/node-args.ts";

const BENCHES = ["cluster", "singletons", "drills", "join-storm"];
const quick = process.argv.includes("--quick");
const results = fileURLToPath(new URL("../results/", import.meta.url));

function runOne(name: string): Promise<{ output: string; code: number | null }> {
  const script = fileURLToPath(new URL(`./${name}.ts`, import.meta.url));
  const child = spawn(process.execPath, [...tsxNodeArgs, script, ...(quick ? ["--quick"] : [])], { stdio: ["ignore", "pipe", "inherit"] });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => {
    process.stdout.write(chunk);
    output += chunk.toString();
  });
  const stop = (): void => void child.kill("SIGTERM");
  process.once("SIGINT", stop);
  return new Promise((resolve) =>
    child.once("exit", (code) => {
      process.off("SIGINT", stop);
      resolve({ output, code });
    }),
  );
}

const sections = [
  `# Cluster benchmarks (${quick ? "quick" : "full"}), ${new Date().toISOString()}`,
  `machine: ${cpus().length} × ${cpus()[0]?.model ?? "?"}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
];
let failed = 0;
for (const name of BENCHES) {
  const started = Date.now();
  const { output, code } = await runOne(name);
  if (code !== 0) failed++;
  sections.push(
    `## ${name} (${((Date.now() - started) / 1000).toFixed(0)} s${code === 0 ? "" : `, FAILED with ${code}`})\n${output.trim()}`,
  );
}
mkdirSync(results, { recursive: true });
const report = `${results}cluster-report${quick ? "-quick" : ""}.md`;
writeFileSync(report, `${sections.join("\n\n")}\n`);
console.log(`\nreport: ${report}`);
process.exitCode = failed > 0 ? 1 : 0;
