import { randomBytes } from "node:crypto";
import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import SQLite from "better-sqlite3";
import { afterEach, beforeEach, expect, it } from "vitest";
import { openStore } from "../../src/store/open-store.ts";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "plenum-files-"));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const mode = (path: string): string => (statSync(path).mode & 0o777).toString(8);

it("creates a missing data directory for its owner only, and the database files readable by their owner only", async () => {
  const file = join(dir, "srv", "data", "plenum.sqlite");
  const store = await openStore({ sqlitePath: file, ballotSecret: randomBytes(32) });
  try {
    await store.events.create({ name: "Files" });
    expect([mode(join(dir, "srv")), mode(join(dir, "srv", "data"))]).toEqual(["700", "700"]);
    expect([mode(file), mode(`${file}-wal`), mode(`${file}-shm`)]).toEqual(["600", "600", "600"]);
  } finally {
    await store.close();
  }
});

it("narrows database files an older version left readable by others, and leaves an existing directory alone", async () => {
  chmodSync(dir, 0o755);
  const file = join(dir, "plenum.sqlite");
  new SQLite(file).close();
  chmodSync(file, 0o644);
  for (const suffix of ["-wal", "-shm"]) writeFileSync(`${file}${suffix}`, "", { mode: 0o644 });
  const store = await openStore({ sqlitePath: file, ballotSecret: randomBytes(32) });
  try {
    await store.events.create({ name: "Files" });
    expect([mode(file), mode(`${file}-wal`), mode(`${file}-shm`)]).toEqual(["600", "600", "600"]);
    expect(mode(dir)).toBe("755");
  } finally {
    await store.close();
  }
});
