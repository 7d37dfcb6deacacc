import { createHash } from "node:crypto";
import { readdir, readFile, rename, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "vite";

const here = fileURLToPath(new URL(".", import.meta.url));
const appDir = resolve(here, "../..");
const webDir = join(appDir, "web");
/** What the web bundle is built from: its own sources, the contract and domain it imports, the engine's client. */
const sources = [webDir, join(appDir, "src"), resolve(appDir, "../../packages/realtime/src/client")];

async function files(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) => {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) return entry.name === "node_modules" || entry.name === "dist" ? [] : files(path);
      return [path];
    }),
  );
  return nested.flat();
}

async function sourceHash(): Promise<string> {
  const hash = createHash("sha256");
  for (const folder of sources) {
    for (const file of (await files(folder)).sort()) {
      hash
        .update(relative(appDir, file))
        .update("\0")
        .update(await readFile(file))
        .update("\0");
    }
  }
  return hash.digest("hex").slice(0, 16);
}

/**
 * The web UI built for the browser tests, once per content of its sources:
 * every test file of a run (and later runs on unchanged sources) serves the
 * same build, where building per file cost more than the tests themselves.
 * Built aside and renamed into place, so a worker never serves a half-written
 * build, and two workers building at once both end with a complete one.
 */
export async function builtWeb(): Promise<string> {
  const target = join(tmpdir(), `plenum-web-${await sourceHash()}`);
  if (
    await stat(join(target, "index.html")).then(
      () => true,
      () => false,
    )
  )
    return target;
  const aside = `${target}.${process.pid}-${Date.now()}`;
  await build({ configFile: join(webDir, "vite.config.ts"), logLevel: "warn", build: { outDir: aside, emptyOutDir: true } });
  try {
    await rename(aside, target);
  } catch {
    // Another worker finished first: its build is the same.
    await rm(aside, { recursive: true, force: true });
  }
  return target;
}
