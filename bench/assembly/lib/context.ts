import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { Children } from "../../lib/children.ts";

/** What every assembly bench gets from its runner. */
export interface BenchContext {
  readonly quick: boolean;
  readonly children: Children;
  /** bench/results (git-ignored): JSON and SVG of every run. */
  readonly outDir: string;
  /** Where plots cited by the docs go (docs/img), or undefined to write them to `outDir` only. */
  readonly docsImgDir: string | undefined;
  /** Node options for servers under test (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`). */
  readonly serverNodeArgs: readonly string[];
}

/** 127.0.0.1–16 as source addresses for load clients. */
export const SOURCE_ADDRESSES: readonly string[] = Array.from({ length: 16 }, (_, i) => `127.0.0.${i + 1}`);

export function writeJson(context: BenchContext, name: string, data: unknown): string {
  mkdirSync(context.outDir, { recursive: true });
  const file = join(context.outDir, `${name}.json`);
  writeFileSync(file, `${JSON.stringify(data, null, 1)}\n`);
  return file;
}

export function writeSvg(context: BenchContext, name: string, svg: string): string[] {
  const files = [join(context.outDir, `${name}.svg`)];
  if (context.docsImgDir) files.push(join(context.docsImgDir, `${name}.svg`));
  for (const file of files) {
    mkdirSync(join(file, ".."), { recursive: true });
    writeFileSync(file, svg);
  }
  return files;
}

/**
 * Runs `bench` as a script (`npx tsx bench/assembly/<name>.ts [--quick] [--docs]
 * [--server-node-args="…"]`)
 * when `moduleUrl` is the entry point: parses options, and kills every child
 * process at the end however the run ends (error, SIGINT, SIGTERM).
 */
export function runIfMain(moduleUrl: string, bench: (context: BenchContext) => Promise<unknown>): void {
  if (!process.argv[1] || pathToFileURL(process.argv[1]).href !== moduleUrl) return;
  void runBench(bench).catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}

export async function runBench<T>(bench: (context: BenchContext) => Promise<T>): Promise<T> {
  const { values } = parseArgs({
    options: {
      quick: { type: "boolean", default: false },
      docs: { type: "boolean", default: false },
      "server-node-args": { type: "string", default: "" },
      out: { type: "string", default: fileURLToPath(new URL("../../results", import.meta.url)) },
    },
    strict: false,
  });
  const children = new Children();
  process.on("exit", () => children.killAll());
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      children.killAll();
      process.exit(130);
    });
  }
  const context: BenchContext = {
    quick: values.quick === true,
    children,
    outDir: String(values.out),
    serverNodeArgs: String(values["server-node-args"]).split(" ").filter(Boolean),
    docsImgDir: values.docs === true ? fileURLToPath(new URL("../../../docs/img", import.meta.url)) : undefined,
  };
  try {
    return await bench(context);
  } finally {
    children.killAll();
  }
}
